/**
 * `exp` and `log2` of `substrate_fixed::transcendental` (v0.6.0), emulated on raw-bit BigInts so
 * that liquid alpha (`exp_safe`) and the halving schedule (`log2` in I96F32) match the chain bit
 * for bit. Neither is a correctly rounded function: `exp` is a truncated Taylor series and `log2`
 * a bit-by-bit squaring loop, both rounding at every step the way `src/arith.rs` does.
 */
import { checkedAdd, checkedDiv, checkedMul, convert, type FixedType, fromInt, I32F32 } from './fixed';

/** The crate's constants are `I9F23` (`type ConstType = I9F23`), whatever type they are used with. */
const I9F23: FixedType = { name: 'I9F23', frac: 23n, min: -(1n << 31n), max: (1n << 31n) - 1n };

/** `consts::E` (U2F126, rounded down); `transcendental::E` keeps its top 23 fraction bits. */
const E_U2F126 = 0xadf8_5458_a2bb_4a9a_afdc_5620_273d_3cf1n;

/** e as the chain's `exp(1)` returns it: 22802601 / 2^23 ≈ 2.7182817459 (reference §f.1). */
export const E_I9F23 = E_U2F126 >> 103n;

const EXP_SAFE_LIMIT = fromInt(I32F32, 20);

function one(t: FixedType): bigint {
  return 1n << t.frac;
}

/**
 * `transcendental::exp::<T, T>`: e^x, or `null` where Rust returns `Err` (an overflowing step).
 * 0 and 1 are special-cased; otherwise the Taylor series of |x| up to the x^(frac−1) term, with
 * each term floored by the multiplication and truncated by the division, inverted for x < 0.
 */
export function exp(t: FixedType, x: bigint): bigint | null {
  if (x === 0n) return one(t);
  if (x === one(t)) return convert(I9F23, t, E_I9F23);
  const series = expTaylor(t, x < 0n ? -x : x);
  if (series === null || x > 0n) return series;
  return checkedDiv(t, one(t), series);
}

function expTaylor(t: FixedType, x: bigint): bigint | null {
  // `operand + 1` is a plain add in Rust; an |x| that large fails the first checked_mul anyway.
  let result: bigint | null = x + one(t);
  let term: bigint | null = x;
  for (let i = 2n; i < t.frac; i++) {
    term = checkedMul(t, term, x);
    if (term === null) return null;
    term = checkedDiv(t, term, i << t.frac);
    if (term === null) return null;
    result = checkedAdd(t, result, term);
    if (result === null) return null;
  }
  return result;
}

/**
 * `epoch/math.rs::exp_safe`: `exp` in I32F32 with the input clamped to [−20, 20]; an `Err` would
 * give 0 for x ≤ 0 and `I32F32::MAX` otherwise (unreachable inside the clamp, kept for fidelity).
 * Used by liquid alpha's sigmoid (reference §10b).
 */
export function expSafe(x: bigint): bigint {
  const clamped = x < -EXP_SAFE_LIMIT ? -EXP_SAFE_LIMIT : x > EXP_SAFE_LIMIT ? EXP_SAFE_LIMIT : x;
  const y = exp(I32F32, clamped);
  if (y !== null) return y;
  return clamped <= 0n ? 0n : I32F32.max;
}

/**
 * `transcendental::log2::<T, T>`: log₂ x, or `null` for x ≤ 0 (Rust `Err`). Values below 1 are
 * inverted first (`checked_div(..).unwrap()`, which panics on overflow — thrown here).
 */
export function log2(t: FixedType, x: bigint): bigint | null {
  if (x <= 0n) return null;
  if (x >= one(t)) return log2AtLeastOne(t, x);
  const inverse = checkedDiv(t, one(t), x);
  if (inverse === null) throw new RangeError(`log2: 1/x overflows ${t.name} (the Rust code panics here)`);
  return -log2AtLeastOne(t, inverse);
}

/** `log2_inner`: integer part by halving, then one fraction bit per squaring. */
function log2AtLeastOne(t: FixedType, operand: bigint): bigint {
  const two = one(t) << 1n;
  let x = operand;
  let result = 0n;
  while (x >= two) {
    result += 1n;
    x = halveRounded(x);
  }
  if (x === one(t)) return result << t.frac;
  for (let bit = 0n; bit < t.frac; bit++) {
    // x < 2 here, so the floored square never overflows.
    x = (x * x) >> t.frac;
    result <<= 1n;
    if (x >= two) {
      result |= 1n;
      x = halveRounded(x);
    }
  }
  return result;
}

/** `rs`: right shift by one that rounds the dropped bit up (`(x >> 1) + (x & lsb)`). */
function halveRounded(x: bigint): bigint {
  return (x >> 1n) + (x & 1n);
}
