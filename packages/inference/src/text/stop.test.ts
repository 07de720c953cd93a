import { describe, expect, it } from 'vitest';
import { findStop, truncateAtStop } from './stop';

describe('stop strings', () => {
  it('cuts at the earliest stop string', () => {
    expect(truncateAtStop('one. two\nthree', ['\n', '.'])).toEqual({ text: 'one', stopped: true });
    expect(truncateAtStop('no stop here', ['###'])).toEqual({ text: 'no stop here', stopped: false });
    expect(findStop('abc', [])).toBe(-1);
    expect(findStop('abc', [''])).toBe(-1);
    expect(findStop('abcabc', ['c', 'b'])).toBe(1);
  });
});
