import { type Arithmetic, type EpochMode, exactArithmetic, float64Arithmetic } from './arithmetic';
import { type BondEngine, yuma3Bonds, yumaBonds } from './bonds';
import { weightedMedianColumns } from './median';
import type { EpochOutputs, EpochSnapshot, SparseFloatRow } from './snapshot';
import {
  colClip,
  interpolate,
  matmul,
  rowNormalize,
  rowSum,
  type SparseMatrix,
  type SparseRow,
} from './sparse';
import { divide, isTopkNonzero, isZero, normalize, normalizeUsingSum } from './vector';

/**
 * One Yuma epoch of a subnet, as Subtensor's `epoch_mechanism` computes it (reference/yuma.md §a).
 * `exact` reproduces the chain's I32F32 numbers bit for bit; `float64` runs the same steps in doubles.
 */
export function runEpoch(snapshot: EpochSnapshot, mode: EpochMode = 'exact'): EpochOutputs {
  return mode === 'exact' ? epochIn(exactArithmetic, snapshot) : epochIn(float64Arithmetic, snapshot);
}

function epochIn<T>(A: Arithmetic<T>, s: EpochSnapshot): EpochOutputs {
  const { n, hyper } = s;
  const uids = Array.from({ length: n }, (_, i) => i);

  // §a.1 Activity.
  const active = s.last_update.map((updated) => !(updated + s.activity_cutoff < s.current_block));

  // §a.2 Stake weights.
  const stake = A.normalizeStake(s.stake_alpha, s.stake_threshold, s.owner_uid);

  // §a.3 Permits: masking uses the stored ones (one epoch late); the owner always holds one.
  const isOwner = (i: number) => i === s.owner_uid;
  const permit = uids.map((i) => s.validator_permit[i]! || isOwner(i));
  const newPermit = isTopkNonzero(A, stake, s.max_allowed_validators).map((p, i) => p || isOwner(i));

  // §a.4 Active stake.
  const activeStake = normalize(
    A,
    stake.map((x, i) => (active[i] && permit[i] ? x : A.zero)),
  );

  // §a.5 Weights: read, mask, normalise.
  const weights = rowNormalize(A, maskedWeights(A, s, permit));

  // §a.6–8 Consensus, clipping, validator trust, incentive.
  const preranks = matmul(A, weights, activeStake, n);
  const consensus = weightedMedianColumns(A, activeStake, weights, n, A.ratio(hyper.kappa, 65535));
  const clipped = colClip(A, weights, consensus);
  const validatorTrust = rowSum(A, clipped);
  const ranks = matmul(A, clipped, activeStake, n);
  const legacyTrust = divide(A, ranks, preranks);
  const incentive = normalize(A, ranks);

  // §a.9–10 Bonds and dividends.
  const engine: BondEngine = hyper.yuma3 ? yuma3Bonds : yumaBonds;
  const weightsForBonds = interpolate(A, weights, clipped, n, A.ratio(hyper.bonds_penalty, 65535));
  const bonds = storedBonds(A, s, engine);
  const bondsResult = engine.step(A, {
    n,
    weightsForBonds,
    bonds,
    activeStake,
    incentive,
    consensus,
    hyper,
  });
  const { dividends } = bondsResult;

  // §a.11 Emission.
  const combined = incentive.map((x, i) => A.add(x, dividends[i]!));
  const emissionSum = combined.reduce((acc, x) => A.add(acc, x), A.zero);
  const serverShare = normalizeUsingSum(A, incentive, emissionSum);
  let validatorShare = normalizeUsingSum(A, dividends, emissionSum);
  let combinedShare = normalize(A, combined);
  let fallback: EpochOutputs['zero_emission_fallback'] = null;
  if (A.eq(emissionSum, A.zero)) {
    // No weights, outdated weights or only self-weights: validators are paid by stake.
    fallback = isZero(A, activeStake) ? 'stake' : 'active_stake';
    validatorShare = fallback === 'stake' ? stake : activeStake;
    combinedShare = validatorShare;
  }
  const rao = (x: T) => A.shareOfRao(x, s.rao_emission);

  // §a.12 Stored values.
  const toU16 = (xs: T[]) => xs.map((x) => A.toU16(x));
  const toNumbers = (xs: T[]) => xs.map((x) => A.toNumber(x));
  const newBonds = uids.map((i): [number, number][] => {
    if (newPermit[i]) return sparseTo(bondsResult.toStore[i]!, (v) => A.toU16(v));
    return permit[i] ? [] : (s.bonds[i] ?? []);
  });

  return {
    stake: toNumbers(stake),
    active,
    new_validator_permit: newPermit,
    active_stake: toNumbers(activeStake),
    consensus: toNumbers(consensus),
    validator_trust: toNumbers(validatorTrust),
    incentive: toNumbers(incentive),
    dividends: toNumbers(dividends),
    legacy_trust: toNumbers(legacyTrust),
    liquid_alpha_used: bondsResult.liquidAlphaUsed,
    ema_bonds: sparseToNumbers(A, bondsResult.emaBonds),
    zero_emission_fallback: fallback,
    server_emission: serverShare.map(rao),
    validator_emission: validatorShare.map(rao),
    combined_emission: combinedShare.map(rao),
    u16: {
      stake_weight: toU16(stake),
      consensus: toU16(consensus),
      incentive: toU16(incentive),
      dividends: toU16(dividends),
      validator_trust: toU16(validatorTrust),
      legacy_rank: toU16(incentive),
      legacy_trust: toU16(legacyTrust),
    },
    new_bonds: newBonds,
    weights_normalized: sparseToNumbers(A, weights),
    normalized_server_emission: toNumbers(serverShare),
    normalized_validator_emission: toNumbers(validatorShare),
    normalized_combined_emission: toNumbers(combinedShare),
    legacy_prerank: toNumbers(preranks),
    raw_total_stake: [...s.stake_alpha],
  };
}

/**
 * §a.5 steps 1–4: stored rows read as integers (uids ≥ n dropped), rows of validators without a
 * permit emptied, self-weights dropped except the owner's, and weights set before the target's
 * (re)registration dropped (`last_update_i ≤ block_at_registration_j`).
 */
function maskedWeights<T>(A: Arithmetic<T>, s: EpochSnapshot, permit: boolean[]): SparseMatrix<T> {
  return s.weights.map((row, i) => {
    const out: SparseRow<T> = { cols: [], vals: [] };
    if (!permit[i]) return out;
    for (const [j, w] of row) {
      if (j >= s.n) continue;
      if (j === i && i !== s.owner_uid) continue;
      if (s.last_update[i]! <= s.block_at_registration[j]!) continue;
      out.cols.push(j);
      out.vals.push(A.fromInt(w));
    }
    return out;
  });
}

/**
 * §10a.2: bonds to uids registered since the last epoch are dropped. `last_tempo` is the block
 * after the previous epoch, or `current_block − tempo` before a subnet's first epoch.
 */
function storedBonds<T>(A: Arithmetic<T>, s: EpochSnapshot, engine: BondEngine): SparseMatrix<T> {
  const lastTempo =
    s.last_mechanism_step_block > 0
      ? s.last_mechanism_step_block + 1
      : Math.max(0, s.current_block - s.tempo);
  return s.bonds.map((row) => {
    const out: SparseRow<T> = { cols: [], vals: [] };
    for (const [j, b] of row) {
      if (j >= s.n || lastTempo <= s.block_at_registration[j]!) continue;
      out.cols.push(j);
      out.vals.push(engine.readStored(A, b));
    }
    return out;
  });
}

function sparseTo<T, U>(row: SparseRow<T>, fn: (v: T) => U): [number, U][] {
  return row.cols.map((c, k) => [c, fn(row.vals[k]!)]);
}

function sparseToNumbers<T>(A: Arithmetic<T>, matrix: SparseMatrix<T>): SparseFloatRow[] {
  return matrix.map((row) => sparseTo(row, (v) => A.toNumber(v)));
}
