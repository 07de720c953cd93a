import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MinerOutcome, quality, rewardStep, similarity, speed } from './reward';

const REFERENCE =
  ' The lighthouse keeper climbed the stairs every evening, counting the steps as the sea grew dark.';
const TIMEOUT = 10;

const answered = (uid: number, completion: string, seconds = 1): MinerOutcome => ({
  uid,
  status: 'answered',
  completion,
  seconds,
});

/** Lower-case letters and spaces: the shape of junk a cheap miner sends. */
const junkText = fc
  .array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz     '), { minLength: 40, maxLength: 200 })
  .map((chars) => chars.join(''));

describe('similarity and quality', () => {
  it('is 1 for the reference, whitespace differences aside, and 0 for unrelated text', () => {
    expect(similarity(REFERENCE, REFERENCE)).toBe(1);
    expect(quality(REFERENCE, `${REFERENCE.trim()}  \n`)).toBe(1);
    expect(quality(REFERENCE, 'zxrYF oY|N)Y|NnRF o o o o o o oY|in wZxnRh')).toBe(0);
    expect(similarity('', '')).toBe(1);
  });

  it('keeps case: a different word is a different answer', () => {
    expect(quality(REFERENCE, REFERENCE.toUpperCase())).toBeLessThan(0.5);
  });

  it('gives an answer that follows the reference and then drifts credit for what it shares', () => {
    const cut = Math.floor(REFERENCE.length * 0.8);
    const drifted = REFERENCE.slice(0, cut) + 'qqq zzz vvv xx';
    const q = quality(REFERENCE, drifted);
    expect(q).toBeGreaterThan(0.5);
    expect(q).toBeLessThan(1);
    const halfway = REFERENCE.slice(0, Math.floor(REFERENCE.length * 0.5)) + 'q'.repeat(40);
    expect(quality(REFERENCE, halfway)).toBeLessThan(q);
  });

  it('pays nothing for random letters, whatever their length (property)', () => {
    fc.assert(
      fc.property(junkText, (junk) => {
        expect(quality(REFERENCE, junk)).toBe(0);
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('stays within [0, 1] for any two texts, and cuts a huge answer before comparing (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.string({ maxLength: 400 }), (reference, answer) => {
        const s = similarity(reference, answer);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300, seed: 2 },
    );
    const started = performance.now();
    expect(quality(REFERENCE, REFERENCE + 'x'.repeat(1_000_000))).toBe(0);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('speed', () => {
  it('falls from 1 at once to 0 at the timeout and stays there', () => {
    expect(speed(0, TIMEOUT)).toBe(1);
    expect(speed(5, TIMEOUT)).toBe(0.5);
    expect(speed(12, TIMEOUT)).toBe(0);
    expect(() => speed(1, 0)).toThrow(RangeError);
  });
});

describe('rewardStep', () => {
  it('pays the reference in full when instant, and at most the latency share less when slow', () => {
    const [instant, late] = rewardStep(REFERENCE, [answered(0, REFERENCE, 0), answered(1, REFERENCE, 10)], {
      timeout: TIMEOUT,
    });
    expect(instant).toEqual({ uid: 0, reward: 1, quality: 1, speed: 1, reason: 'scored' });
    expect(late!.reward).toBeCloseTo(0.8, 10);
  });

  it('gives zero to timeouts, failures and empty answers', () => {
    const rewards = rewardStep(
      REFERENCE,
      [
        { uid: 1, status: 'timeout', seconds: 10 },
        { uid: 2, status: 'failed', seconds: 0.1 },
        answered(3, '   \n'),
        answered(4, REFERENCE),
      ],
      { timeout: TIMEOUT },
    );
    expect(
      rewards.map(({ uid, reward, reason }) => ({ uid, reward: Number(reward.toFixed(6)), reason })),
    ).toEqual([
      { uid: 1, reward: 0, reason: 'timeout' },
      { uid: 2, reward: 0, reason: 'failed' },
      { uid: 3, reward: 0, reason: 'empty' },
      { uid: 4, reward: 0.98, reason: 'scored' },
    ]);
  });

  it('zeroes every miner sharing a wrong answer, and none sharing the reference', () => {
    const drifted = REFERENCE.slice(0, 70) + ' and then the lamp went out.';
    expect(quality(REFERENCE, drifted)).toBeGreaterThan(0.3);
    const rewards = rewardStep(
      REFERENCE,
      [
        answered(0, REFERENCE, 1),
        answered(1, drifted, 1),
        answered(2, REFERENCE, 2),
        answered(3, `${drifted} `, 3),
      ],
      { timeout: TIMEOUT },
    );
    expect(rewards.map((r) => r.reason)).toEqual(['scored', 'duplicate', 'scored', 'duplicate']);
    expect(rewards[1]!.reward).toBe(0);
    expect(rewards[3]!.reward).toBe(0);
    // Alone, the drifted answer would have earned something.
    const [alone] = rewardStep(REFERENCE, [answered(1, drifted, 1)], { timeout: TIMEOUT });
    expect(alone!.reward).toBeGreaterThan(0.2);
  });

  it('scores nobody when the reference is empty', () => {
    const rewards = rewardStep('  ', [answered(0, ''), answered(1, 'text')], { timeout: TIMEOUT });
    expect(rewards.map((r) => [r.reward, r.reason])).toEqual([
      [0, 'no_reference'],
      [0, 'no_reference'],
    ]);
  });

  it('ranks the honest miner above empty, junk, slow and copying ones (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: TIMEOUT * 0.9, noNaN: true }),
        fc.double({ min: 0.001, max: TIMEOUT, noNaN: true }),
        junkText,
        (honestSeconds, copyDelay, junk) => {
          const [honest, empty, junky, slow, copier] = rewardStep(
            REFERENCE,
            [
              answered(0, REFERENCE, honestSeconds),
              answered(1, '', 0.001),
              answered(2, junk, 0.001),
              { uid: 3, status: 'timeout', seconds: TIMEOUT },
              // A copier answers after its source has.
              answered(4, REFERENCE, honestSeconds + copyDelay),
            ],
            { timeout: TIMEOUT },
          );
          expect(honest!.reward).toBeGreaterThan(0);
          for (const other of [empty, junky, slow]) expect(other!.reward).toBe(0);
          expect(copier!.reward).toBeLessThanOrEqual(honest!.reward);
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });

  it('never pays more for a slower answer, nor outside [0, 1] (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 150 }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (answer, a, b, latencyWeight) => {
          const [fast, slow] = rewardStep(
            REFERENCE,
            [answered(0, answer, Math.min(a, b)), answered(1, answer, Math.max(a, b))],
            { timeout: TIMEOUT, latencyWeight },
          );
          expect(slow!.reward).toBeLessThanOrEqual(fast!.reward);
          for (const r of [fast!, slow!]) {
            expect(r.reward).toBeGreaterThanOrEqual(0);
            expect(r.reward).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 200, seed: 4 },
    );
  });

  it('refuses weights outside their range', () => {
    expect(() => rewardStep(REFERENCE, [], { timeout: 1, latencyWeight: 2 })).toThrow(RangeError);
    expect(() => rewardStep(REFERENCE, [], { timeout: 1, chance: 1 })).toThrow(RangeError);
  });
});
