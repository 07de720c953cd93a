import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  convertWeightsAndUidsForEmit,
  maxUpscaleToU16,
  U16_MAX,
  WeightEncodingError,
  type WeightEncodingErrorCode,
} from './weight-encoding';

interface MaxUpscaleSample {
  cases: { submitted: number[]; stored: number[] }[];
}

const sample = JSON.parse(
  readFileSync(new URL('../test/samples/set_weights_max_upscale.json', import.meta.url), 'utf8'),
) as MaxUpscaleSample;

function codeOf(fn: () => unknown): WeightEncodingErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof WeightEncodingError) return error.code;
    throw error;
  }
  return undefined;
}

describe('maxUpscaleToU16 (math.rs::vec_u16_max_upscale_to_u16, set_weights step 14)', () => {
  for (const c of sample.cases) {
    it(`stores [${c.submitted}] as [${c.stored}]`, () => {
      expect(maxUpscaleToU16(c.submitted)).toEqual(c.stored);
    });
  }

  it('keeps an empty vector empty', () => {
    expect(maxUpscaleToU16([])).toEqual([]);
  });

  it('is the identity once the maximum is 65535, so storing is idempotent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: U16_MAX }), { minLength: 1, maxLength: 32 }),
        (values) => {
          const stored = maxUpscaleToU16(values);
          expect(maxUpscaleToU16(stored)).toEqual(stored);
        },
      ),
    );
  });

  it('rejects values that are not u16', () => {
    expect(codeOf(() => maxUpscaleToU16([65536]))).toBe('NotU16');
    expect(codeOf(() => maxUpscaleToU16([-1]))).toBe('NotU16');
    expect(codeOf(() => maxUpscaleToU16([1.5]))).toBe('NotU16');
  });
});

describe('convertWeightsAndUidsForEmit (bittensor weight_utils.convert_weights_and_uids_for_emit)', () => {
  it('max-upscales to 65535 and drops zero weights with their uids', () => {
    expect(convertWeightsAndUidsForEmit([3, 7, 9], [0.5, 0.25, 0])).toEqual({
      uids: [3, 7],
      weights: [65535, 32768],
    });
  });

  it("rounds like Python's round(): half to even, and drops what rounds to 0", () => {
    // 2.5 → 2, 0.5 → 0 (dropped), 1.5 → 2, 4.5 → 4
    expect(convertWeightsAndUidsForEmit([0, 1, 2, 3, 4], [65535, 2.5, 0.5, 1.5, 4.5])).toEqual({
      uids: [0, 1, 3, 4],
      weights: [65535, 2, 2, 4],
    });
    expect(convertWeightsAndUidsForEmit([0, 1], [1, 1e-6])).toEqual({ uids: [0], weights: [65535] });
  });

  it('returns nothing to set for all-zero or empty weights, as the SDK does', () => {
    expect(convertWeightsAndUidsForEmit([0, 1, 2], [0, 0, 0])).toEqual({ uids: [], weights: [] });
    expect(convertWeightsAndUidsForEmit([], [])).toEqual({ uids: [], weights: [] });
  });

  it('produces what the chain then stores unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 32 }),
        (ws) => {
          const encoded = convertWeightsAndUidsForEmit(
            ws.map((_, uid) => uid),
            ws,
          );
          expect(maxUpscaleToU16(encoded.weights)).toEqual(encoded.weights);
        },
      ),
    );
  });

  it('rejects negative weights', () => {
    expect(codeOf(() => convertWeightsAndUidsForEmit([0, 1], [0.5, -0.1]))).toBe('NegativeWeight');
  });

  it('rejects NaN and infinite weights', () => {
    expect(codeOf(() => convertWeightsAndUidsForEmit([0], [Number.NaN]))).toBe('NonFiniteWeight');
    expect(codeOf(() => convertWeightsAndUidsForEmit([0], [Number.POSITIVE_INFINITY]))).toBe(
      'NonFiniteWeight',
    );
  });

  it('rejects negative uids, and uids that are not u16 integers', () => {
    expect(codeOf(() => convertWeightsAndUidsForEmit([-1, 2], [1, 1]))).toBe('NegativeUid');
    expect(codeOf(() => convertWeightsAndUidsForEmit([65536], [1]))).toBe('InvalidUid');
    expect(codeOf(() => convertWeightsAndUidsForEmit([1.5], [1]))).toBe('InvalidUid');
  });

  it('rejects uids and weights of different lengths, naming both lengths', () => {
    expect(codeOf(() => convertWeightsAndUidsForEmit([0, 1, 2], [1, 1]))).toBe('LengthMismatch');
    expect(() => convertWeightsAndUidsForEmit([0, 1, 2], [1, 1])).toThrow(/3 uids and 2 weights/);
  });
});
