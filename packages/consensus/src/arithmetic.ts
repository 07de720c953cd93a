import {
  add,
  convert,
  fromInt,
  I32F32,
  I64F64,
  I96F32,
  mul,
  safeDiv,
  saturate,
  sub,
  toNumber,
} from './fixed';
import { expSafe } from './transcendental';

/**
 * The number system the epoch runs in. The epoch is written once against this interface and
 * run in two modes: `float64` (IEEE doubles, fast) and `exact` (Subtensor's I32F32 emulated on
 * BigInt, bit for bit). Every method names the chain operation it stands for.
 */
export interface Arithmetic<T> {
  readonly mode: EpochMode;
  readonly zero: T;
  readonly one: T;
  /** `I32F32::saturating_from_num(integer)` — stored u16 weights and bonds are read as integers. */
  fromInt(n: number): T;
  /** `from_num(num).safe_div(from_num(den))` — u16 hyperparameters read as proportions. */
  ratio(num: number, den: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  /** `safe_div`: 0 when dividing by zero. */
  div(a: T, b: T): T;
  lt(a: T, b: T): boolean;
  eq(a: T, b: T): boolean;
  /** `exp_safe`: input clamped to ±20. */
  exp(x: T): T;
  /** `fixed_proportion_to_u16`: floor(x · 65535), saturating to [0, 65535]. */
  toU16(x: T): number;
  /** `I96F32::from(x) · rao` then `to_num::<u64>()`: a share of an emission in rao, floored. */
  shareOfRao(x: T, rao: bigint): bigint;
  toNumber(x: T): number;
  /**
   * Stake weights S (§a.2): threshold (owner exempt), normalise in I64F64, then narrow to I32F32.
   */
  normalizeStake(stakeRao: readonly bigint[], threshold: bigint, ownerUid: number | null): T[];
  /** α = 1 − BondsMovingAverage / 1e6, computed through I64F64 as the chain does. */
  bondsAlpha(bondsMovingAverage: number): T;
}

export type EpochMode = 'exact' | 'float64';

const U16_MAX_FIXED = fromInt(I32F32, 65535);

export const exactArithmetic: Arithmetic<bigint> = {
  mode: 'exact',
  zero: 0n,
  one: fromInt(I32F32, 1),
  fromInt: (n) => fromInt(I32F32, n),
  ratio: (num, den) => safeDiv(I32F32, fromInt(I32F32, num), fromInt(I32F32, den)),
  add: (a, b) => add(I32F32, a, b),
  sub: (a, b) => sub(I32F32, a, b),
  mul: (a, b) => mul(I32F32, a, b),
  div: (a, b) => safeDiv(I32F32, a, b),
  lt: (a, b) => a < b,
  eq: (a, b) => a === b,
  exp: expSafe,
  toU16(x) {
    const v = mul(I32F32, x, U16_MAX_FIXED) >> I32F32.frac;
    return Number(v < 0n ? 0n : v > 65535n ? 65535n : v);
  },
  shareOfRao(x, rao) {
    const wide = convert(I32F32, I96F32, x);
    const v = mul(I96F32, wide, fromInt(I96F32, rao)) >> I96F32.frac;
    return v < 0n ? 0n : v;
  },
  toNumber: (x) => toNumber(I32F32, x),
  normalizeStake(stakeRao, threshold, ownerUid) {
    const filtered = stakeRao.map((s, uid) => (s < threshold && uid !== ownerUid ? 0n : fromInt(I64F64, s)));
    const total = saturate(
      I64F64,
      filtered.reduce((acc, s) => acc + s, 0n),
    );
    const normalized = total === 0n ? filtered : filtered.map((s) => safeDiv(I64F64, s, total));
    return normalized.map((s) => convert(I64F64, I32F32, s));
  },
  bondsAlpha(bondsMovingAverage) {
    const bma = safeDiv(I64F64, fromInt(I64F64, bondsMovingAverage), fromInt(I64F64, 1_000_000));
    return sub(I32F32, fromInt(I32F32, 1), convert(I64F64, I32F32, bma));
  },
};

export const float64Arithmetic: Arithmetic<number> = {
  mode: 'float64',
  zero: 0,
  one: 1,
  fromInt: (n) => n,
  ratio: (num, den) => (den === 0 ? 0 : num / den),
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => (b === 0 ? 0 : a / b),
  lt: (a, b) => a < b,
  eq: (a, b) => a === b,
  exp: (x) => Math.exp(Math.min(20, Math.max(-20, x))),
  toU16: (x) => Math.min(65535, Math.max(0, Math.floor(x * 65535))),
  shareOfRao: (x, rao) => (x > 0 ? BigInt(Math.floor(x * Number(rao))) : 0n),
  toNumber: (x) => x,
  normalizeStake(stakeRao, threshold, ownerUid) {
    const filtered = stakeRao.map((s, uid) => (s < threshold && uid !== ownerUid ? 0 : Number(s)));
    const total = filtered.reduce((acc, s) => acc + s, 0);
    return total === 0 ? filtered : filtered.map((s) => s / total);
  },
  bondsAlpha: (bondsMovingAverage) => 1 - bondsMovingAverage / 1_000_000,
};

export function arithmeticFor(mode: EpochMode): Arithmetic<bigint> | Arithmetic<number> {
  return mode === 'exact' ? exactArithmetic : float64Arithmetic;
}
