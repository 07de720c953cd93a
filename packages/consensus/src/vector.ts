import type { Arithmetic } from './arithmetic';

export function sum<T>(A: Arithmetic<T>, x: readonly T[]): T {
  return x.reduce((acc, v) => A.add(acc, v), A.zero);
}

/** `inplace_normalize`: x / Σx, unchanged when the sum is zero (never NaN). */
export function normalize<T>(A: Arithmetic<T>, x: readonly T[]): T[] {
  return normalizeUsingSum(A, x, sum(A, x));
}

/** `inplace_normalize_using_sum`. */
export function normalizeUsingSum<T>(A: Arithmetic<T>, x: readonly T[], total: T): T[] {
  if (A.eq(total, A.zero)) return [...x];
  return x.map((v) => A.div(v, total));
}

/** `vecdiv`: x_i / y_i, 0 where y_i = 0. */
export function divide<T>(A: Arithmetic<T>, x: readonly T[], y: readonly T[]): T[] {
  return x.map((v, i) => A.div(v, y[i] ?? A.zero));
}

export function multiply<T>(A: Arithmetic<T>, x: readonly T[], y: readonly T[]): T[] {
  return x.map((v, i) => A.mul(v, y[i] ?? A.zero));
}

export function isZero<T>(A: Arithmetic<T>, x: readonly T[]): boolean {
  return A.eq(sum(A, x), A.zero);
}

/**
 * `is_topk_nonzero`: true for non-zero entries among the k largest. The ranking is a stable
 * ascending sort whose first n − k lose, so among equal values at the boundary the lower index
 * loses (reference/yuma.md §a.3).
 */
export function isTopkNonzero<T>(A: Arithmetic<T>, x: readonly T[], k: number): boolean[] {
  const result = x.map((v) => !A.eq(v, A.zero));
  if (x.length < k) return result;
  const order = x.map((_, i) => i).sort((a, b) => (A.lt(x[a]!, x[b]!) ? -1 : A.lt(x[b]!, x[a]!) ? 1 : 0));
  for (const i of order.slice(0, x.length - k)) result[i] = false;
  return result;
}
