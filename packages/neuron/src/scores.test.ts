import { describe, expect, it } from 'vitest';
import { alignScores, normalizeScores, replacedUids, sanitizeReward, updateScores } from './scores';

describe('updateScores (EMA)', () => {
  it('moves queried uids by alpha toward their reward and leaves the others alone', () => {
    const next = updateScores([0.5, 0.5, 0.5], [0, 2], [1, 0], 0.1);
    expect(next[0]).toBeCloseTo(0.55, 12);
    expect(next[1]).toBe(0.5);
    expect(next[2]).toBeCloseTo(0.45, 12);
  });

  it('defaults to alpha 0.1 and converges to a constant reward', () => {
    let scores = [0];
    for (let i = 0; i < 200; i++) scores = updateScores(scores, [0], [1]);
    expect(scores[0]).toBeCloseTo(1, 6);
    expect(updateScores([0], [0], [1])[0]).toBeCloseTo(0.1, 12);
  });

  it('treats NaN, infinite and negative rewards as 0 and ignores unknown uids', () => {
    expect(updateScores([1, 1, 1], [0, 1, 2, 9], [Number.NaN, -3, Number.POSITIVE_INFINITY, 1], 0.5)).toEqual(
      [0.5, 0.5, 0.5],
    );
    expect(sanitizeReward(0.3)).toBe(0.3);
  });

  it('rejects mismatched lengths and alphas outside [0, 1]', () => {
    expect(() => updateScores([0], [0], [])).toThrow(RangeError);
    expect(() => updateScores([0], [0], [1], 1.5)).toThrow(RangeError);
  });
});

describe('alignScores (reset on hotkey change)', () => {
  it('keeps scores of unchanged hotkeys, zeroes replaced ones, pads and truncates', () => {
    expect(alignScores([0.1, 0.2, 0.3], ['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual([0.1, 0, 0.3, 0]);
    expect(alignScores([0.1, 0.2, 0.3], ['a', 'b', 'c'], ['a', 'b'])).toEqual([0.1, 0.2]);
    expect(alignScores([], [], ['a'])).toEqual([0]);
    expect(replacedUids(['a', 'b', 'c'], ['a', 'x'])).toEqual([1, 2]);
  });
});

describe('normalizeScores', () => {
  it('divides by the sum and leaves all-zero alone', () => {
    expect(normalizeScores([1, 3])).toEqual([0.25, 0.75]);
    expect(normalizeScores([0, 0])).toEqual([0, 0]);
  });
});
