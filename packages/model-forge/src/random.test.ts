import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from './random';

const draw = (seed: number, count: number): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => rng.normal());
};

describe('createRng', () => {
  it('repeats the same sequence for the same seed and another for another seed', () => {
    expect(draw(7, 50)).toEqual(draw(7, 50));
    expect(draw(7, 50)).not.toEqual(draw(8, 50));
  });

  it('draws uniforms in [0, 1) and standard normals', () => {
    const rng = createRng(123);
    const uniforms = Array.from({ length: 20_000 }, () => rng.uniform());
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniforms)).toBeLessThan(1);
    const normals = draw(123, 20_000);
    const mean = normals.reduce((a, b) => a + b, 0) / normals.length;
    const variance = normals.reduce((a, b) => a + (b - mean) ** 2, 0) / normals.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe('deriveSeed', () => {
  it('gives each name its own 32-bit seed, stable across runs', () => {
    expect(deriveSeed(42, 'gpt2')).toBe(deriveSeed(42, 'gpt2'));
    expect(deriveSeed(42, 'gpt2')).not.toBe(deriveSeed(42, 'vit'));
    expect(deriveSeed(42, 'gpt2')).not.toBe(deriveSeed(43, 'gpt2'));
    expect(deriveSeed(0, 'x')).toBeGreaterThanOrEqual(0);
    expect(deriveSeed(0, 'x')).toBeLessThan(2 ** 32);
  });
});
