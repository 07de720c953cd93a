import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  blockEmissionForIssuance,
  DEFAULT_BLOCK_EMISSION,
  halvingThresholds,
  rootProportion,
  SUBNET_OWNER_CUT_U16,
  splitBlockEmission,
  TOTAL_SUPPLY,
} from './emission';
import { fromInt, safeDiv, U96F32 } from './fixed';

type Int = number | string;

interface BlockEmissionSample {
  points: { issuance_rao: Int; emission_rao: Int }[];
  halving_thresholds: {
    halving: number;
    first_issuance_rao: Int;
    issuance_tao: number;
    emission_rao_per_block: Int;
    blocks_from_previous_at_12s: Int;
    days_from_previous_at_12s: number;
  }[];
  coinbase_split: {
    root_proportion: [number, number];
    alpha_out: Int;
    owner_cut: Int;
    pending_server: Int;
    pending_validator: Int;
    pending_root_alpha: Int;
  }[];
}

/** JSON.parse would round rao amounts above 2^53; quote every integer of 16+ digits first. */
function readSample(name: string): BlockEmissionSample {
  const text = readFileSync(new URL(`../test/samples/${name}`, import.meta.url), 'utf8');
  return JSON.parse(text.replace(/([:,[]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"')) as BlockEmissionSample;
}

const sample = readSample('block_emission.json');
const U64_MAX = (1n << 64n) - 1n;

describe('blockEmissionForIssuance (block_emission.rs::get_block_emission_for_issuance)', () => {
  for (const point of sample.points) {
    it(`issuance ${point.issuance_rao} rao → ${point.emission_rao} rao per block`, () => {
      expect(blockEmissionForIssuance(BigInt(point.issuance_rao))).toBe(BigInt(point.emission_rao));
    });
  }

  it('halves at 10.5M TAO of issuance, not 11.5M', () => {
    expect(blockEmissionForIssuance(10_500_000n * 10n ** 9n - 1n)).toBe(DEFAULT_BLOCK_EMISSION);
    expect(blockEmissionForIssuance(10_500_000n * 10n ** 9n)).toBe(DEFAULT_BLOCK_EMISSION / 2n);
    expect(blockEmissionForIssuance(11_500_000n * 10n ** 9n)).toBe(DEFAULT_BLOCK_EMISSION / 2n);
  });

  it('is 0 at and above the total supply, up to u64::MAX', () => {
    expect(blockEmissionForIssuance(TOTAL_SUPPLY)).toBe(0n);
    expect(blockEmissionForIssuance(U64_MAX)).toBe(0n);
  });

  it('rejects amounts that are not u64', () => {
    expect(() => blockEmissionForIssuance(-1n)).toThrow(RangeError);
    expect(() => blockEmissionForIssuance(U64_MAX + 1n)).toThrow(RangeError);
  });
});

describe('halvingThresholds', () => {
  const thresholds = halvingThresholds();

  it(`lists ${sample.halving_thresholds.length} halvings, the last one with a 0 rao reward`, () => {
    expect(thresholds).toHaveLength(sample.halving_thresholds.length);
    expect(thresholds.at(-1)?.emissionRaoPerBlock).toBe(0n);
  });

  for (const expected of sample.halving_thresholds) {
    it(`halving ${expected.halving} starts at ${expected.first_issuance_rao} rao with ${expected.emission_rao_per_block} rao per block`, () => {
      const t = thresholds[expected.halving - 1]!;
      expect(t.halving).toBe(expected.halving);
      expect(t.firstIssuanceRao).toBe(BigInt(expected.first_issuance_rao));
      expect(t.emissionRaoPerBlock).toBe(BigInt(expected.emission_rao_per_block));
      expect(t.blocksFromPrevious).toBe(BigInt(expected.blocks_from_previous_at_12s));
      // The sample's TAO figure is Python's correctly rounded int / 1e9; it is for reading only.
      expect(Number(t.firstIssuanceRao) / 1e9).toBeCloseTo(expected.issuance_tao, 7);
      expect((Number(t.blocksFromPrevious) * 12) / 86_400).toBeCloseTo(expected.days_from_previous_at_12s, 2);
      expect(blockEmissionForIssuance(t.firstIssuanceRao - 1n)).toBeGreaterThan(t.emissionRaoPerBlock);
    });
  }

  it('halving k is reached at issuance 21M·(1 − 2^-k) for the early eras', () => {
    for (const t of thresholds.slice(0, 10)) {
      const k = BigInt(t.halving);
      expect(t.firstIssuanceRao).toBe(TOTAL_SUPPLY - (TOTAL_SUPPLY >> k));
    }
  });

  it('the reward is 0 from 21e15 − 19 557 774 rao on (reference §c)', () => {
    expect(thresholds.at(-1)?.firstIssuanceRao).toBe(TOTAL_SUPPLY - 19_557_774n);
  });
});

describe('splitBlockEmission (run_coinbase.rs::emit_to_subnets)', () => {
  for (const c of sample.coinbase_split) {
    const [num, den] = c.root_proportion;
    it(`alpha_out ${c.alpha_out}, root proportion ${num}/${den} → owner ${c.owner_cut}, miners ${c.pending_server}, validators ${c.pending_validator}, root ${c.pending_root_alpha}`, () => {
      const proportion = safeDiv(U96F32, fromInt(U96F32, num), fromInt(U96F32, den));
      expect(splitBlockEmission(BigInt(c.alpha_out), proportion)).toEqual({
        ownerCut: BigInt(c.owner_cut),
        server: BigInt(c.pending_server),
        validator: BigInt(c.pending_validator),
        rootAlpha: BigInt(c.pending_root_alpha),
      });
    });
  }

  it('defaults to no root proportion and the 11796/65535 owner cut', () => {
    expect(SUBNET_OWNER_CUT_U16).toBe(11796);
    expect(splitBlockEmission(1_000_000_000n)).toEqual({
      ownerCut: 179_995_422n,
      server: 410_002_288n,
      validator: 410_002_288n,
      rootAlpha: 0n,
    });
  });

  it('gives miners and validators half each when the owner cut is disabled', () => {
    expect(splitBlockEmission(1_000_000_000n, 0n, { ownerCutEnabled: false })).toEqual({
      ownerCut: 0n,
      server: 500_000_000n,
      validator: 500_000_000n,
      rootAlpha: 0n,
    });
  });

  it('never pays out more than alpha_out, and loses at most 3 rao to flooring', () => {
    for (const alphaOut of [1n, 7n, 999n, 123_456_789n, 1_000_000_000n]) {
      const quarter = 1n << 30n;
      const s = splitBlockEmission(alphaOut, quarter);
      const paid = s.ownerCut + s.server + s.validator + s.rootAlpha;
      expect(paid).toBeLessThanOrEqual(alphaOut);
      expect(alphaOut - paid).toBeLessThanOrEqual(3n);
    }
  });
});

describe('rootProportion (root.rs::root_proportion)', () => {
  it('is 0 without root stake, and 0 (not an error) when both sides are empty', () => {
    expect(rootProportion({ rootTao: 0n, alphaIssuance: 5_000_000_000n })).toBe(0n);
    expect(rootProportion({ rootTao: 0n, alphaIssuance: 0n })).toBe(0n);
  });

  it('is tao_weight·root / (tao_weight·root + alpha): 1·1 TAO / (1 + 3 TAO) = 1/4 exactly', () => {
    const p = rootProportion({ rootTao: 1_000_000_000n, alphaIssuance: 3_000_000_000n, taoWeight: U64_MAX });
    expect(p).toBe(1n << 30n);
  });

  it('uses the runtime TaoWeight (≈0.05268) by default', () => {
    const p = rootProportion({ rootTao: 1_000_000_000_000n, alphaIssuance: 1_000_000_000_000n });
    expect(Number(p) / 2 ** 32).toBeCloseTo(0.05268 / 1.05268, 4);
  });
});
