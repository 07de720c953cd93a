import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runEpoch } from './epoch';
import type { EpochOutputs, EpochSnapshot } from './snapshot';

const SEED = 20261125;

/** Random but well-formed snapshots, including empty rows and columns and zero stakes. */
const snapshotArb = (opts: { fullPermits?: boolean } = {}) =>
  fc.integer({ min: 1, max: 10 }).chain((n) => {
    const perUid = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: n, maxLength: n });
    const row = fc
      .uniqueArray(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: 65535 })), {
        selector: (e) => e[0],
        maxLength: n,
      })
      .map((r) => r.sort((a, b) => a[0] - b[0]));
    return fc.record({
      n: fc.constant(n),
      current_block: fc.integer({ min: 400, max: 2000 }),
      tempo: fc.constant(360),
      last_mechanism_step_block: fc.constantFrom(0, 300),
      activity_cutoff: fc.constantFrom(100, 5000),
      last_update: perUid(fc.integer({ min: 0, max: 2000 })),
      block_at_registration: perUid(fc.integer({ min: 0, max: 500 })),
      // Non-zero stakes from 1 TAO to 1M TAO: every share stays far above I32F32's 2^-32 resolution,
      // below which exact mode (rightly) rounds a stake to zero and float64 does not.
      stake_alpha: perUid(fc.oneof(fc.constant(0n), fc.bigInt({ min: 10n ** 9n, max: 10n ** 15n }))),
      stake_threshold: fc.constant(0n),
      owner_uid: fc.option(fc.integer({ min: 0, max: n - 1 })),
      validator_permit: opts.fullPermits ? fc.constant(Array(n).fill(true)) : perUid(fc.boolean()),
      max_allowed_validators: opts.fullPermits ? fc.constant(64) : fc.integer({ min: 1, max: n + 1 }),
      weights: perUid(row),
      bonds: perUid(row),
      hyper: fc.record({
        kappa: fc.constantFrom(32767, 20000, 45000),
        bonds_penalty: fc.constantFrom(0, 32768, 65535),
        bonds_moving_average: fc.constantFrom(900000, 500000, 975000),
        yuma3: fc.boolean(),
        liquid_alpha: fc.boolean(),
        alpha_low: fc.constant(45875),
        alpha_high: fc.constant(58982),
        alpha_sigmoid_steepness: fc.constantFrom(1000, 100, 3000),
      }),
      rao_emission: fc.constantFrom(1_000_000_000n, 360_000_000_000n),
    }) as fc.Arbitrary<EpochSnapshot>;
  });

const VECTORS = [
  'stake',
  'active_stake',
  'consensus',
  'validator_trust',
  'incentive',
  'dividends',
  'normalized_server_emission',
  'normalized_validator_emission',
  'normalized_combined_emission',
] as const;

function sumOf(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

describe.each(['exact', 'float64'] as const)('epoch properties (%s)', (mode) => {
  it('never yields NaN, keeps proportions in [0, 1] and normalised vectors summing to 1 or 0', () => {
    fc.assert(
      fc.property(snapshotArb(), (snapshot) => {
        const out = runEpoch(snapshot, mode);
        for (const key of VECTORS) {
          for (const v of out[key]) expect(Number.isFinite(v) && v >= 0 && v <= 1 + 1e-9).toBe(true);
        }
        for (const key of ['incentive', 'dividends', 'normalized_combined_emission'] as const) {
          const s = sumOf(out[key]);
          expect(s === 0 || Math.abs(s - 1) < 1e-6).toBe(true);
        }
        const paid = out.combined_emission.reduce((a, b) => a + b, 0n);
        expect(paid <= snapshot.rao_emission).toBe(true);
        for (const row of out.new_bonds) for (const [, b] of row) expect(b >= 0 && b <= 65535).toBe(true);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

function permuteSnapshot(s: EpochSnapshot, perm: number[]): EpochSnapshot {
  // perm[old] = new; every per-uid array is reordered and every uid reference renamed.
  const inverse = Array<number>(perm.length);
  perm.forEach((to, from) => {
    inverse[to] = from;
  });
  const reorder = <T>(xs: T[]) => inverse.map((from) => xs[from]!);
  const renameRows = (rows: [number, number][][]) =>
    reorder(rows).map((row) =>
      row.map(([j, v]): [number, number] => [perm[j]!, v]).sort((a, b) => a[0] - b[0]),
    );
  return {
    ...s,
    last_update: reorder(s.last_update),
    block_at_registration: reorder(s.block_at_registration),
    stake_alpha: reorder(s.stake_alpha),
    validator_permit: reorder(s.validator_permit),
    weights: renameRows(s.weights),
    bonds: renameRows(s.bonds),
    owner_uid: s.owner_uid === null ? null : perm[s.owner_uid]!,
  };
}

function permuteOutputs(out: EpochOutputs, perm: number[]): Partial<EpochOutputs> {
  const inverse = Array<number>(perm.length);
  perm.forEach((to, from) => {
    inverse[to] = from;
  });
  const reorder = <T>(xs: T[]) => inverse.map((from) => xs[from]!);
  return {
    incentive: reorder(out.incentive),
    dividends: reorder(out.dividends),
    consensus: reorder(out.consensus),
    validator_trust: reorder(out.validator_trust),
    combined_emission: reorder(out.combined_emission),
    new_validator_permit: reorder(out.new_validator_permit),
  };
}

describe('permutation of uids', () => {
  it('permutes the outputs exactly (exact mode; no top-k cut, so no tie-breaking by uid)', () => {
    const arb = snapshotArb({ fullPermits: true }).chain((s) =>
      fc.tuple(
        fc.constant(s),
        fc.shuffledSubarray(
          Array.from({ length: s.n }, (_, i) => i),
          { minLength: s.n, maxLength: s.n },
        ),
      ),
    );
    fc.assert(
      fc.property(arb, ([snapshot, perm]) => {
        const direct = runEpoch(permuteSnapshot(snapshot, perm), 'exact');
        const permuted = permuteOutputs(runEpoch(snapshot, 'exact'), perm);
        expect(
          permuteOutputs(
            direct,
            perm.map((_, i) => i),
          ),
        ).toEqual(permuted);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

describe('float64 agrees with exact', () => {
  it('incentive and dividends agree to 1e-6 on random snapshots, both bond engines', () => {
    fc.assert(
      fc.property(snapshotArb(), (snapshot) => {
        const exact = runEpoch(snapshot, 'exact');
        const float = runEpoch(snapshot, 'float64');
        for (const key of ['incentive', 'dividends', 'consensus'] as const) {
          exact[key].forEach((v, i) => {
            expect(Math.abs(v - float[key][i]!)).toBeLessThan(1e-6);
          });
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
