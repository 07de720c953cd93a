/**
 * A validator's running scores, one per uid: an exponential moving average of rewards
 * (reference/bittensor-sdk.md §7.1 `update_scores`), and its realignment when the metagraph
 * changes (`resync_metagraph`). Pure: arrays in, new arrays out.
 */

/** The templates' `--neuron.moving_average_alpha`. */
export const DEFAULT_MOVING_AVERAGE_ALPHA = 0.1;

/** A reward as the EMA takes it: NaN, ±Infinity and negatives become 0 (the SDK zeroes NaN). */
export function sanitizeReward(reward: number): number {
  return Number.isFinite(reward) && reward > 0 ? reward : 0;
}

/**
 * `score ← α·reward + (1−α)·score` for each queried uid. Uids not queried this step keep their
 * score: the classic template scatters rewards into a zero vector and so decays every uid it did
 * not sample, which punishes miners for the sampler's luck.
 */
export function updateScores(
  scores: readonly number[],
  uids: readonly number[],
  rewards: readonly number[],
  alpha: number = DEFAULT_MOVING_AVERAGE_ALPHA,
): number[] {
  if (uids.length !== rewards.length) {
    throw new RangeError(`${uids.length} uids but ${rewards.length} rewards`);
  }
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`alpha must be within [0, 1], got ${alpha}`);
  const next = [...scores];
  uids.forEach((uid, i) => {
    if (!Number.isInteger(uid) || uid < 0 || uid >= next.length) return;
    next[uid] = alpha * sanitizeReward(rewards[i]!) + (1 - alpha) * next[uid]!;
  });
  return next;
}

/**
 * Scores for a new metagraph: a uid whose hotkey changed (deregistered and taken by a new neuron)
 * starts again from 0, new uids start at 0, and uids beyond the new size are dropped.
 */
export function alignScores(
  scores: readonly number[],
  previousHotkeys: readonly string[],
  hotkeys: readonly string[],
): number[] {
  return hotkeys.map((hotkey, uid) => (previousHotkeys[uid] === hotkey ? (scores[uid] ?? 0) : 0));
}

/** Uids whose hotkey is not the one it was (replaced, or gone); new uids are not listed. */
export function replacedUids(previousHotkeys: readonly string[], hotkeys: readonly string[]): number[] {
  const replaced: number[] = [];
  previousHotkeys.forEach((hotkey, uid) => {
    if (hotkeys[uid] !== hotkey) replaced.push(uid);
  });
  return replaced;
}

/** L1 normalisation; all-zero (or empty) stays all-zero. */
export function normalizeScores(scores: readonly number[]): number[] {
  const clean = scores.map(sanitizeReward);
  const sum = clean.reduce((a, b) => a + b, 0);
  return sum === 0 ? clean : clean.map((s) => s / sum);
}
