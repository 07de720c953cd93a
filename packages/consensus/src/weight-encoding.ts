/**
 * Weights on their way to the chain: the client turns float scores into u16 (the Python SDK's
 * `convert_weights_and_uids_for_emit`), and `set_weights` max-upscales what it receives before
 * storing it (`internal_set_weights`, reference/yuma.md §f.2). u16 values are plain numbers here:
 * this is the storage boundary.
 */
import { fromInt, I32F32, mul, round, safeDiv, toIntFloor } from './fixed';

export const U16_MAX = 65535;

const U16_MAX_FIXED = fromInt(I32F32, U16_MAX);
/** Above this maximum `vec_max_upscale_to_u16` scales by 65535/max instead of dividing e·65535 by max. */
const UPSCALE_THRESHOLD = fromInt(I32F32, 32768);

export type WeightEncodingErrorCode =
  | 'LengthMismatch'
  | 'NegativeWeight'
  | 'NonFiniteWeight'
  | 'NegativeUid'
  | 'InvalidUid'
  | 'NotU16';

export class WeightEncodingError extends Error {
  override readonly name = 'WeightEncodingError';

  constructor(
    readonly code: WeightEncodingErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What `set_weights` stores for the submitted u16 values — `epoch/math.rs::
 * vec_u16_max_upscale_to_u16`, bit-exact in I32F32: the largest value becomes 65535, the rest
 * scale with it (rounded half away from zero), zeros stay zeros, an all-zero vector stays zero.
 */
export function maxUpscaleToU16(values: readonly number[]): number[] {
  values.forEach(assertU16);
  return maxUpscaleFixedToU16(values.map((v) => fromInt(I32F32, v)));
}

/** `vec_max_upscale_to_u16` for non-negative I32F32 inputs. */
function maxUpscaleFixedToU16(values: readonly bigint[]): number[] {
  const max = largest(values);
  if (max === 0n) return values.map((v) => toU16Saturating(mul(I32F32, v, U16_MAX_FIXED)));
  if (max > UPSCALE_THRESHOLD) {
    const scale = safeDiv(I32F32, U16_MAX_FIXED, max);
    return values.map((v) => toU16Saturating(round(I32F32, mul(I32F32, v, scale))));
  }
  return values.map((v) =>
    toU16Saturating(round(I32F32, safeDiv(I32F32, mul(I32F32, v, U16_MAX_FIXED), max))),
  );
}

/** `vec.iter().max()` for non-negative values (0 for an empty vector, which maps to [] anyway). */
function largest(values: readonly bigint[]): bigint {
  let max = 0n;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** `saturating_to_num::<u16>()`: floor, clamped to [0, 65535]. */
function toU16Saturating(raw: bigint): number {
  const n = toIntFloor(I32F32, raw);
  return Number(n < 0n ? 0n : n > BigInt(U16_MAX) ? BigInt(U16_MAX) : n);
}

export interface EncodedWeights {
  readonly uids: number[];
  /** u16 values, the largest 65535; zeros are dropped together with their uids. */
  readonly weights: number[];
}

/**
 * Float weights → the `(uids, u16 values)` a validator submits, as the Python SDK's
 * `bittensor/utils/weight_utils.py::convert_weights_and_uids_for_emit` does: divide by the
 * maximum, times 65535, round half to even (Python's `round`), drop entries that round to 0.
 * All-zero weights give empty lists ("nothing to set on chain"), as in the SDK — not an error.
 * The SDK receives float32 arrays; pass `Math.fround`ed values to reproduce it exactly.
 *
 * Beyond the SDK's checks (negative weight, negative uid, length mismatch) this rejects NaN and
 * infinite weights and uids that are not integers in the u16 range, which the chain could not take.
 */
export function convertWeightsAndUidsForEmit(
  uids: readonly number[],
  weights: readonly number[],
): EncodedWeights {
  validateEmitInput(uids, weights);
  const max = weights.reduce((m, w) => Math.max(m, w), 0);
  const encoded: EncodedWeights = { uids: [], weights: [] };
  if (max === 0) return encoded;
  weights.forEach((w, i) => {
    const value = roundHalfToEven((w / max) * U16_MAX);
    if (value !== 0) {
      encoded.uids.push(uids[i]!);
      encoded.weights.push(value);
    }
  });
  return encoded;
}

function validateEmitInput(uids: readonly number[], weights: readonly number[]): void {
  const badWeight = weights.find((w) => !Number.isFinite(w));
  if (badWeight !== undefined) {
    throw new WeightEncodingError('NonFiniteWeight', `weights must be finite numbers, got ${badWeight}`);
  }
  const negativeWeight = weights.find((w) => w < 0);
  if (negativeWeight !== undefined) {
    throw new WeightEncodingError(
      'NegativeWeight',
      `weight ${negativeWeight} is negative; weights on chain are u16, use 0 for "no weight"`,
    );
  }
  const negativeUid = uids.find((u) => u < 0);
  if (negativeUid !== undefined) {
    throw new WeightEncodingError('NegativeUid', `uid ${negativeUid} is negative; uids are u16`);
  }
  const badUid = uids.find((u) => !Number.isInteger(u) || u > U16_MAX);
  if (badUid !== undefined) {
    throw new WeightEncodingError('InvalidUid', `uid ${badUid} is not an integer in [0, ${U16_MAX}]`);
  }
  if (uids.length !== weights.length) {
    throw new WeightEncodingError(
      'LengthMismatch',
      `uids and weights must have the same length, got ${uids.length} uids and ${weights.length} weights`,
    );
  }
}

/** Python 3 `round(x)` for floats: ties go to the even neighbour. */
function roundHalfToEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

function assertU16(value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > U16_MAX) {
    throw new WeightEncodingError('NotU16', `expected u16 weight values in [0, ${U16_MAX}], got ${value}`);
  }
}
