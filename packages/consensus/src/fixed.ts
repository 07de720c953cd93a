/**
 * Fixed-point arithmetic of the `substrate_fixed` crate (v0.6.0, the one Subtensor links),
 * emulated on BigInt so exact mode reproduces on-chain numbers bit for bit.
 *
 * A value is its raw bits: the real number times 2^frac. Rounding follows `src/arith.rs`:
 * multiplication floors (`(a·b) >> frac`), division truncates toward zero, and the
 * `saturating_*` variants clamp to the type's range. See reference/yuma.md §f.1.
 */
export interface FixedType {
  readonly name: string;
  readonly frac: bigint;
  readonly min: bigint;
  readonly max: bigint;
}

function signed(name: string, intBits: number, fracBits: number): FixedType {
  const total = BigInt(intBits + fracBits);
  return { name, frac: BigInt(fracBits), min: -(1n << (total - 1n)), max: (1n << (total - 1n)) - 1n };
}

function unsigned(name: string, intBits: number, fracBits: number): FixedType {
  return { name, frac: BigInt(fracBits), min: 0n, max: (1n << BigInt(intBits + fracBits)) - 1n };
}

export const I32F32 = signed('I32F32', 32, 32);
export const I64F64 = signed('I64F64', 64, 64);
export const I96F32 = signed('I96F32', 96, 32);
export const U96F32 = unsigned('U96F32', 96, 32);

export function saturate(t: FixedType, raw: bigint): bigint {
  return raw < t.min ? t.min : raw > t.max ? t.max : raw;
}

/** `from_num(integer)`, saturating. */
export function fromInt(t: FixedType, n: bigint | number): bigint {
  return saturate(t, BigInt(n) << t.frac);
}

/** `saturating_mul`: product floored to the type's precision. */
export function mul(t: FixedType, a: bigint, b: bigint): bigint {
  return saturate(t, (a * b) >> t.frac);
}

/** `checked_div(..).unwrap_or(0)` — the chain's `safe_div`: 0 on division by zero or overflow. */
export function safeDiv(t: FixedType, a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  const q = (a << t.frac) / b;
  return q < t.min || q > t.max ? 0n : q;
}

/** `saturating_div`: quotient truncated toward zero; ÷0 saturates by the dividend's sign. */
export function div(t: FixedType, a: bigint, b: bigint): bigint {
  if (b === 0n) return a === 0n ? 0n : a > 0n ? t.max : t.min;
  return saturate(t, (a << t.frac) / b);
}

export function add(t: FixedType, a: bigint, b: bigint): bigint {
  return saturate(t, a + b);
}

export function sub(t: FixedType, a: bigint, b: bigint): bigint {
  return saturate(t, a - b);
}

/** Conversion between fixed types (`from_fixed` / `saturating_from_num`): extra fraction bits floored. */
export function convert(from: FixedType, to: FixedType, raw: bigint): bigint {
  const shift = to.frac - from.frac;
  return saturate(to, shift >= 0n ? raw << shift : raw >> -shift);
}

/** `to_num::<u64>()` / `saturating_to_num`: integer part, floored for non-negative values. */
export function toIntFloor(t: FixedType, raw: bigint): bigint {
  return raw >> t.frac;
}

/** The real number a raw value stands for, as a double (for output only; lossless for I32F32). */
export function toNumber(t: FixedType, raw: bigint): number {
  return Number(raw) / 2 ** Number(t.frac);
}

function inRange(t: FixedType, raw: bigint): bigint | null {
  return raw < t.min || raw > t.max ? null : raw;
}

/** `checked_mul`: the floored product, or `null` (Rust `None`) where it leaves the type's range. */
export function checkedMul(t: FixedType, a: bigint, b: bigint): bigint | null {
  return inRange(t, (a * b) >> t.frac);
}

/** `checked_div`: the quotient truncated toward zero, or `null` on division by zero or overflow. */
export function checkedDiv(t: FixedType, a: bigint, b: bigint): bigint | null {
  return b === 0n ? null : inRange(t, (a << t.frac) / b);
}

export function checkedAdd(t: FixedType, a: bigint, b: bigint): bigint | null {
  return inRange(t, a + b);
}

export function checkedSub(t: FixedType, a: bigint, b: bigint): bigint | null {
  return inRange(t, a - b);
}

/** `round()`: to the nearest integer, ties away from zero; the result is still raw bits. */
export function round(t: FixedType, raw: bigint): bigint {
  const half = 1n << (t.frac - 1n);
  const magnitude = ((raw < 0n ? -raw : raw) + half) >> t.frac;
  return saturate(t, (raw < 0n ? -magnitude : magnitude) << t.frac);
}
