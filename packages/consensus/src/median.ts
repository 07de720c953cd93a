import type { Arithmetic } from './arithmetic';
import type { SparseMatrix } from './sparse';
import { normalize } from './vector';

/**
 * `weighted_median`: the stake-weighted κ-quantile of `score` over `indices`, found by the chain's
 * deterministic mid-pivot partition search (no randomness, so every node agrees). The result is
 * the largest score that at least κ of the stake supports (reference/yuma.md §a.6).
 */
export function weightedMedian<T>(
  A: Arithmetic<T>,
  stake: T[],
  score: T[],
  indices: number[],
  minority: T,
  lo: T,
  hi: T,
): T {
  let current = indices;
  let partitionLo = lo;
  let partitionHi = hi;
  for (let iteration = 0; iteration <= indices.length; iteration++) {
    if (current.length === 0) return A.zero;
    if (current.length === 1) return score[current[0]!]!;
    const pivot = score[current[current.length >> 1]!]!;
    let loStake = A.zero;
    let hiStake = A.zero;
    const lower: number[] = [];
    const upper: number[] = [];
    for (const idx of current) {
      const s = score[idx]!;
      if (A.eq(s, pivot)) continue;
      if (A.lt(s, pivot)) {
        loStake = A.add(loStake, stake[idx]!);
        lower.push(idx);
      } else {
        hiStake = A.add(hiStake, stake[idx]!);
        upper.push(idx);
      }
    }
    const loEdge = A.add(partitionLo, loStake);
    const hiEdge = A.sub(partitionHi, hiStake);
    if (A.lt(minority, loEdge) && lower.length > 0) {
      current = lower;
      partitionHi = loEdge;
    } else if (!A.lt(minority, hiEdge) && upper.length > 0) {
      current = upper;
      partitionLo = hiEdge;
    } else {
      return pivot;
    }
  }
  return A.zero;
}

/**
 * `weighted_median_col_sparse`: consensus C_j per column. Only rows with positive (active) stake
 * vote, their stake renormalised; an absent entry votes 0.
 */
export function weightedMedianColumns<T>(
  A: Arithmetic<T>,
  stake: T[],
  weights: SparseMatrix<T>,
  columns: number,
  kappa: T,
): T[] {
  const voters: number[] = [];
  stake.forEach((s, i) => {
    if (A.lt(A.zero, s)) voters.push(i);
  });
  const useStake = normalize(
    A,
    voters.map((i) => stake[i]!),
  );
  const stakeSum = useStake.reduce((acc, s) => A.add(acc, s), A.zero);
  const minority = A.sub(stakeSum, kappa);
  const indices = useStake.map((_, k) => k);
  const scores: T[][] = Array.from({ length: columns }, () => new Array<T>(voters.length).fill(A.zero));
  voters.forEach((i, k) => {
    const row = weights[i];
    if (!row) return;
    for (let e = 0; e < row.cols.length; e++) {
      const c = row.cols[e]!;
      if (c < columns) scores[c]![k] = row.vals[e]!;
    }
  });
  return scores.map((colScores) =>
    weightedMedian(A, useStake, colScores, indices, minority, A.zero, stakeSum),
  );
}
