import { describe, expect, it } from 'vitest';
import { fromInt, I32F32, I96F32, toNumber } from './fixed';
import { E_I9F23, exp, expSafe, log2 } from './transcendental';

const ONE = 1n << 32n;

/** The nearest I32F32 / I96F32 raw value to a double (both have 32 fraction bits). */
function raw(x: number): bigint {
  return BigInt(Math.round(x * 2 ** 32));
}

function sweep(from: number, to: number, step: number): number[] {
  const xs: number[] = [];
  for (let x = from; x <= to + 1e-12; x += step) xs.push(Math.round(x * 1e6) / 1e6);
  return xs;
}

/** What the chain really evaluates for x ≥ 0: 1 + x + Σ_{n=2}^{31} x^n / n!. */
function taylorDegree31(x: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 1; n <= 31; n++) {
    term *= x / n;
    sum += term;
  }
  return sum;
}

describe('expSafe (epoch/math.rs::exp_safe over substrate_fixed exp, I32F32)', () => {
  it('exp(0) is exactly 1', () => {
    expect(expSafe(0n)).toBe(ONE);
  });

  it('exp(1) is the I9F23 constant e = 22802600 / 2^23 ≈ 2.7182817459, widened to I32F32', () => {
    expect(E_I9F23).toBe(22802600n);
    expect(expSafe(ONE)).toBe(E_I9F23 << 9n);
    expect(toNumber(I32F32, expSafe(ONE))).toBeCloseTo(2.7182817459, 10);
  });

  it('exp(-1) goes through the series and the inversion, not the constant', () => {
    const y = toNumber(I32F32, expSafe(-ONE));
    expect(Math.abs(y - Math.exp(-1))).toBeLessThan(1e-9);
  });

  it('clamps the input to [-20, 20]', () => {
    expect(expSafe(fromInt(I32F32, 30))).toBe(expSafe(fromInt(I32F32, 20)));
    expect(expSafe(fromInt(I32F32, 1000))).toBe(expSafe(fromInt(I32F32, 20)));
    expect(expSafe(fromInt(I32F32, -30))).toBe(expSafe(fromInt(I32F32, -20)));
    expect(expSafe(I32F32.min)).toBe(expSafe(fromInt(I32F32, -20)));
  });

  it('never fails inside the clamp (no Err → 0 / MAX fallback)', () => {
    expect(exp(I32F32, fromInt(I32F32, 20))).not.toBeNull();
    expect(exp(I32F32, fromInt(I32F32, -20))).not.toBeNull();
  });

  for (const x of sweep(0, 8, 0.173)) {
    it(`exp(${x}) is within 1e-8 relative of Math.exp`, () => {
      const y = toNumber(I32F32, expSafe(raw(x)));
      expect(Math.abs(y / Math.exp(x) - 1)).toBeLessThan(1e-8);
    });
  }

  for (const x of sweep(-20, 0, 0.391)) {
    it(`exp(${x}) is within 1e-9 absolute of Math.exp (1/series, floored to 2^-32)`, () => {
      const y = toNumber(I32F32, expSafe(raw(x)));
      expect(Math.abs(y - Math.exp(x))).toBeLessThan(1e-9);
    });
  }

  for (const x of sweep(8, 20, 0.75)) {
    it(`exp(${x}) follows the chain's 31-degree Taylor polynomial, not e^x`, () => {
      const y = toNumber(I32F32, expSafe(raw(x)));
      expect(Math.abs(y / taylorDegree31(x) - 1)).toBeLessThan(1e-8);
    });
  }

  it('exp(20) is ~0.8% below e^20 because the series stops at x^31/31!', () => {
    const y = toNumber(I32F32, expSafe(fromInt(I32F32, 20)));
    expect(y / Math.exp(20)).toBeGreaterThan(0.99);
    expect(y / Math.exp(20)).toBeLessThan(0.995);
  });
});

describe('log2 (substrate_fixed transcendental::log2, I96F32)', () => {
  for (let k = -31; k <= 62; k++) {
    it(`log2(2^${k}) is exactly ${k}`, () => {
      expect(log2(I96F32, 1n << BigInt(32 + k))).toBe(BigInt(k) << 32n);
    });
  }

  it('is undefined (Err → null) for 0 and negative numbers', () => {
    expect(log2(I96F32, 0n)).toBeNull();
    expect(log2(I96F32, -ONE)).toBeNull();
  });

  it('log2(3) ≈ 1.5849625007 to 32 fraction bits', () => {
    expect(toNumber(I96F32, log2(I96F32, fromInt(I96F32, 3))!)).toBeCloseTo(Math.log2(3), 9);
  });

  for (const x of [...sweep(0.01, 1, 0.047), ...sweep(1.01, 50, 2.31), 1e3, 123456.789, 2 ** 40 + 1]) {
    it(`log2(${x}) is within 1e-9 of Math.log2`, () => {
      const y = toNumber(I96F32, log2(I96F32, raw(x))!);
      expect(Math.abs(y - Math.log2(toNumber(I96F32, raw(x))))).toBeLessThan(1e-9);
    });
  }

  it('works for other signed types too (I32F32)', () => {
    expect(log2(I32F32, fromInt(I32F32, 8))).toBe(3n << 32n);
    expect(toNumber(I32F32, log2(I32F32, raw(0.3))!)).toBeCloseTo(Math.log2(0.3), 8);
  });
});
