/**
 * Scoring one validator step, pure: the validator's greedy reference and what each sampled
 * miner answered (or how it failed) in, one reward in [0, 1] per miner out.
 *
 * reward = quality × (1 − λ + λ × speed), λ = `latencyWeight` (0.2)
 *
 * - quality: agreement with the reference. Greedy decoding of the same model is deterministic,
 *   so an honest miner's completion *is* the reference; what can make it differ is numerics (a
 *   GPU or fp16 flips a near-tie token) and from there the text diverges. Character edit
 *   distance fits that: an answer that follows the reference and then drifts keeps credit for
 *   the part it shares, order matters (a bag-of-words score would pay for shuffled words), and
 *   it needs no tokenizer, so it does not depend on which tokenizer a miner used.
 *   similarity = 1 − editDistance / max(length) over whitespace-collapsed text, in [0, 1].
 *   Two unrelated texts still share characters by chance (about 0.2–0.35 for the junk in the
 *   tests), so similarity is rescaled from `chance` (0.5) to 1: quality = (similarity − chance) /
 *   (1 − chance), floored at 0. Junk scores 0, the reference 1.
 * - speed: 1 − seconds / timeout, in [0, 1]. Multiplied, not added, so that answering fast with
 *   junk earns nothing; at most λ of the reward rides on latency.
 * - zero: timeouts and failed calls, empty answers, and duplicates (below), whatever else.
 *
 * Duplicates, within one step (every miner got the same request): identical answers (after
 * collapsing whitespace) that are not the reference all get 0. Independent honest miners agree
 * only by agreeing with the reference, so a shared wrong answer means one copied the other (or
 * both copy a third), and the answer alone cannot tell the copier from the original — each keeps
 * nothing. Identical answers that *are* the reference keep their score: that is what honest
 * greedy miners all return. A miner that copies a correct answer is told apart by latency only:
 * it cannot answer before its source has, so it always earns less than the source; what it
 * saves is compute (see the README's known weaknesses).
 */
import { editDistance, normalizeText } from '@subnetkit/inference';

export interface RewardOptions {
  /** The call timeout, seconds: an answer at the timeout has speed 0. */
  timeout: number;
  /** Share of the reward that depends on latency. Default 0.2. */
  latencyWeight?: number;
  /** Similarity that unrelated text reaches by chance; rescaled to quality 0. Default 0.5. */
  chance?: number;
}

/** What one miner did in a step. */
export type MinerOutcome =
  | {
      readonly uid: number;
      readonly status: 'answered';
      readonly completion: string;
      readonly seconds: number;
    }
  | { readonly uid: number; readonly status: 'timeout' | 'failed'; readonly seconds: number };

export type RewardReason =
  /** Scored on quality and speed. */
  | 'scored'
  | 'timeout'
  | 'failed'
  | 'empty'
  /** Shared a non-reference answer with another miner this step. */
  | 'duplicate'
  /** The reference itself was empty: nothing to compare with, nobody scored. */
  | 'no_reference';

export interface MinerReward {
  uid: number;
  reward: number;
  quality: number;
  speed: number;
  reason: RewardReason;
}

export const DEFAULT_LATENCY_WEIGHT = 0.2;
export const DEFAULT_CHANCE_SIMILARITY = 0.5;

/** Text as it is compared: Unicode-normalised, whitespace runs collapsed, ends trimmed; case kept. */
export function comparable(text: string): string {
  return normalizeText(text, { ignoreCase: false });
}

/** 1 − character edit distance / the longer length, on `comparable` text; 1 for two empty texts. */
export function similarity(reference: string, answer: string): number {
  return comparableSimilarity(comparable(reference), comparable(answer));
}

/** Similarity rescaled so that chance agreement is 0 and the reference is 1. */
export function quality(reference: string, answer: string, chance = DEFAULT_CHANCE_SIMILARITY): number {
  return rescaleFromChance(similarity(reference, answer), chance);
}

/** 1 for an instant answer, 0 at (or past) the timeout. */
export function speed(seconds: number, timeout: number): number {
  if (!(timeout > 0)) throw new RangeError(`timeout must be positive, got ${timeout}`);
  return Math.min(1, Math.max(0, 1 - seconds / timeout));
}

/** One reward per outcome, in the same order. */
export function rewardStep(
  reference: string,
  outcomes: readonly MinerOutcome[],
  options: RewardOptions,
): MinerReward[] {
  const latencyWeight = options.latencyWeight ?? DEFAULT_LATENCY_WEIGHT;
  const chance = options.chance ?? DEFAULT_CHANCE_SIMILARITY;
  if (!(latencyWeight >= 0 && latencyWeight <= 1)) {
    throw new RangeError(`latencyWeight must be in [0, 1], got ${latencyWeight}`);
  }
  if (!(chance >= 0 && chance < 1)) throw new RangeError(`chance must be in [0, 1), got ${chance}`);
  const expected = comparable(reference);
  // Each text is made comparable once: for the duplicate rule and for its quality.
  const answers = outcomes.map((outcome) =>
    outcome.status === 'answered' ? comparable(outcome.completion) : '',
  );
  const copied = copiedAnswers(expected, answers);

  return outcomes.map((outcome, i): MinerReward => {
    const zero = (reason: RewardReason, q = 0, s = 0): MinerReward => ({
      uid: outcome.uid,
      reward: 0,
      quality: q,
      speed: s,
      reason,
    });
    if (outcome.status !== 'answered') return zero(outcome.status);
    const answer = answers[i]!;
    if (expected === '') return zero('no_reference');
    if (answer === '') return zero('empty');
    const s = speed(outcome.seconds, options.timeout);
    if (copied.has(answer)) return zero('duplicate', 0, s);
    const q = rescaleFromChance(comparableSimilarity(expected, answer), chance);
    return {
      uid: outcome.uid,
      reward: q * (1 - latencyWeight + latencyWeight * s),
      quality: q,
      speed: s,
      reason: 'scored',
    };
  });
}

/** `similarity` of two texts already made `comparable`. */
function comparableSimilarity(reference: string, answer: string): number {
  const ref = [...reference];
  // Past twice the reference the answer can only lose: cut it there to bound the O(n·m) cost
  // whatever a miner sends (similarity stays ≤ 1/2 either way, which is quality 0).
  const ans = [...answer].slice(0, 2 * ref.length + 16);
  const longer = Math.max(ref.length, ans.length);
  if (longer === 0) return 1;
  return 1 - editDistance(ref, ans) / longer;
}

function rescaleFromChance(similarity: number, chance: number): number {
  return Math.max(0, (similarity - chance) / (1 - chance));
}

/** Non-empty comparable answers, other than the reference, that more than one miner gave. */
function copiedAnswers(expected: string, answers: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const copied = new Set<string>();
  for (const answer of answers) {
    if (answer === '' || answer === expected) continue;
    if (seen.has(answer)) copied.add(answer);
    seen.add(answer);
  }
  return copied;
}
