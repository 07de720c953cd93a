import type { Arithmetic } from './arithmetic';
import type { Hyperparameters } from './snapshot';
import {
  colMaxUpscale,
  colNormalize,
  matEma,
  matEmaAlpha,
  matmulTranspose,
  matVecMul,
  rowHadamard,
  rowSum,
  type SparseMatrix,
} from './sparse';
import { multiply, normalize } from './vector';

export interface BondsInput<T> {
  n: number;
  /** W̃: weights interpolated between raw and clipped by the bonds penalty. */
  weightsForBonds: SparseMatrix<T>;
  /** Stored bonds, already read into the engine's scale and masked for recent registrations. */
  bonds: SparseMatrix<T>;
  activeStake: T[];
  incentive: T[];
  consensus: T[];
  hyper: Hyperparameters;
}

export interface BondsOutput<T> {
  /** The bonds after the EMA, before the storage scaling. */
  emaBonds: SparseMatrix<T>;
  /** The values that go to storage as floor(x · 65535). */
  toStore: SparseMatrix<T>;
  dividends: T[];
  liquidAlphaUsed: boolean;
}

export interface BondEngine {
  /** How stored u16 bonds are read: integers (Yuma) or proportions of 65535 (Yuma 3). */
  readStored<T>(A: Arithmetic<T>, u16: number): T;
  step<T>(A: Arithmetic<T>, input: BondsInput<T>): BondsOutput<T>;
}

/** Yuma with Yuma3Off (reference/yuma.md §10a): column-share bonds, stake inside the bond purchase. */
export const yumaBonds: BondEngine = {
  readStored: (A, u16) => A.fromInt(u16),
  step(A, { n, weightsForBonds, bonds, activeStake, incentive, hyper }) {
    const previous = colNormalize(A, bonds, n);
    const delta = colNormalize(A, rowHadamard(A, weightsForBonds, activeStake), n);
    const alpha = A.bondsAlpha(hyper.bonds_moving_average);
    const emaBonds = colNormalize(A, matEma(A, delta, previous, alpha), n);
    const dividends = normalize(A, matmulTranspose(A, emaBonds, incentive));
    return { emaBonds, toStore: colMaxUpscale(A, emaBonds, n), dividends, liquidAlphaUsed: false };
  },
};

/** Yuma 3 (reference/yuma.md §10b): absolute per-pair bonds, stake applied at dividend time. */
export const yuma3Bonds: BondEngine = {
  readStored: (A, u16) => A.div(A.fromInt(u16), A.fromInt(65535)),
  step(A, { n, weightsForBonds, bonds, activeStake, incentive, consensus, hyper }) {
    const liquidAlphaUsed = hyper.liquid_alpha && consensus.some((c) => !A.eq(c, A.zero));
    const emaBonds = liquidAlphaUsed
      ? matEmaAlpha(A, weightsForBonds, bonds, liquidAlpha(A, weightsForBonds, bonds, consensus, hyper))
      : matEma(A, weightsForBonds, bonds, A.bondsAlpha(hyper.bonds_moving_average));
    const shares = colNormalize(A, emaBonds, n);
    const perValidator = rowSum(A, matVecMul(A, shares, incentive));
    const dividends = normalize(A, multiply(A, perValidator, activeStake));
    return { emaBonds, toStore: emaBonds, dividends, liquidAlphaUsed };
  },
};

/**
 * Per-pair α (`alpha_sigmoid`): the further a validator's weight is from consensus when buying
 * (w ≥ b), or the further it sells below its bond, the nearer α gets to alpha_high.
 */
function liquidAlpha<T>(
  A: Arithmetic<T>,
  weights: SparseMatrix<T>,
  bonds: SparseMatrix<T>,
  consensus: T[],
  hyper: Hyperparameters,
): (row: number, col: number) => T {
  const low = A.ratio(hyper.alpha_low, 65535);
  const high = A.ratio(hyper.alpha_high, 65535);
  const steepness = A.div(A.fromInt(hyper.alpha_sigmoid_steepness), A.fromInt(-100));
  const half = A.ratio(1, 2);
  const clamp = (x: T, lo: T, hi: T): T => (A.lt(x, lo) ? lo : A.lt(hi, x) ? hi : x);
  const lookups = [weights, bonds].map((matrix) =>
    matrix.map((row) => new Map(row.cols.map((c, k) => [c, row.vals[k]!]))),
  );
  const [weightAt, bondAt] = lookups as [Map<number, T>[], Map<number, T>[]];
  return (i, j) => {
    const w = weightAt[i]?.get(j) ?? A.zero;
    const b = bondAt[i]?.get(j) ?? A.zero;
    const c = consensus[j] ?? A.zero;
    const diff = A.lt(w, b) ? clamp(A.sub(b, w), A.zero, A.one) : clamp(A.sub(w, c), A.zero, A.one);
    const sigmoid = A.div(A.one, A.add(A.one, A.exp(A.mul(steepness, A.sub(diff, half)))));
    return clamp(A.add(low, A.mul(sigmoid, A.sub(high, low))), low, high);
  };
}
