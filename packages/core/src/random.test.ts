import { describe, expect, it } from 'vitest';
import { seededRng } from './random';

describe('seededRng', () => {
  it('gives mulberry32’s numbers: the same for the same seed, on every machine', () => {
    const rng = seededRng(42);
    expect([rng(), rng(), rng()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    const again = seededRng(42);
    expect(again()).toBe(0.6011037519201636);
    expect(seededRng(43)()).not.toBe(0.6011037519201636);
  });

  it('stays in [0, 1)', () => {
    const rng = seededRng(7);
    for (let i = 0; i < 10_000; i++) {
      const x = rng();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});
