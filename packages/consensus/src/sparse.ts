import type { Arithmetic } from './arithmetic';

/**
 * Sparse matrices as the chain keeps them: one row per uid, each row a list of (column, value)
 * pairs in ascending column order. Explicit zero entries are kept: they matter to Yuma 3 with
 * liquid alpha (reference/yuma.md §f.7). Operations follow `epoch/math.rs`, named after it.
 */
export interface SparseRow<T> {
  readonly cols: number[];
  readonly vals: T[];
}
export type SparseMatrix<T> = SparseRow<T>[];

export function emptyRow<T>(): SparseRow<T> {
  return { cols: [], vals: [] };
}

export function mapRows<T, U>(
  matrix: SparseMatrix<T>,
  fn: (col: number, value: T, row: number) => U | undefined,
): SparseMatrix<U> {
  return matrix.map((row, i) => {
    // Preallocated to the input length and trimmed: growing by push dominated the GC profile.
    const len = row.cols.length;
    const cols = new Array<number>(len);
    const vals = new Array<U>(len);
    let out = 0;
    for (let k = 0; k < len; k++) {
      const col = row.cols[k]!;
      const v = fn(col, row.vals[k]!, i);
      if (v !== undefined) {
        cols[out] = col;
        vals[out] = v;
        out++;
      }
    }
    cols.length = out;
    vals.length = out;
    return { cols, vals };
  });
}

/** `inplace_row_normalize_sparse`: rows with a positive sum are divided by it. */
export function rowNormalize<T>(A: Arithmetic<T>, matrix: SparseMatrix<T>): SparseMatrix<T> {
  return matrix.map((row) => {
    const sum = row.vals.reduce((acc, v) => A.add(acc, v), A.zero);
    if (!A.lt(A.zero, sum)) return row;
    return { cols: row.cols, vals: row.vals.map((v) => A.div(v, sum)) };
  });
}

export function rowSum<T>(A: Arithmetic<T>, matrix: SparseMatrix<T>): T[] {
  return matrix.map((row) => row.vals.reduce((acc, v) => A.add(acc, v), A.zero));
}

function columnFold<T>(matrix: SparseMatrix<T>, columns: number, init: T, fold: (acc: T, v: T) => T): T[] {
  const out = new Array<T>(columns).fill(init);
  for (const row of matrix) {
    for (let k = 0; k < row.cols.length; k++) {
      const j = row.cols[k]!;
      if (j < columns) out[j] = fold(out[j]!, row.vals[k]!);
    }
  }
  return out;
}

function divideColumns<T>(A: Arithmetic<T>, matrix: SparseMatrix<T>, by: T[]): SparseMatrix<T> {
  return mapRows(matrix, (j, v) => {
    const d = by[j] ?? A.zero;
    return A.eq(d, A.zero) ? v : A.div(v, d);
  });
}

/** `inplace_col_normalize_sparse`: Σ_i x_ij = 1 for every column with a non-zero sum. */
export function colNormalize<T>(A: Arithmetic<T>, matrix: SparseMatrix<T>, columns: number): SparseMatrix<T> {
  return divideColumns(A, matrix, columnFold(matrix, columns, A.zero, A.add));
}

/** `inplace_col_max_upscale_sparse`: max_i x_ij = 1 for every column with a non-zero max. */
export function colMaxUpscale<T>(
  A: Arithmetic<T>,
  matrix: SparseMatrix<T>,
  columns: number,
): SparseMatrix<T> {
  return divideColumns(
    A,
    matrix,
    columnFold(matrix, columns, A.zero, (m, v) => (A.lt(m, v) ? v : m)),
  );
}

/** `matmul_sparse`: r_j = Σ_i v_i · x_ij. */
export function matmul<T>(A: Arithmetic<T>, matrix: SparseMatrix<T>, vector: T[], columns: number): T[] {
  const out = new Array<T>(columns).fill(A.zero);
  matrix.forEach((row, i) => {
    const scale = vector[i] ?? A.zero;
    for (let k = 0; k < row.cols.length; k++) {
      const j = row.cols[k]!;
      if (j < columns) out[j] = A.add(out[j]!, A.mul(scale, row.vals[k]!));
    }
  });
  return out;
}

/** `matmul_transpose_sparse`: r_i = Σ_j v_j · x_ij. */
export function matmulTranspose<T>(A: Arithmetic<T>, matrix: SparseMatrix<T>, vector: T[]): T[] {
  return matrix.map((row) => {
    let acc = A.zero;
    for (let k = 0; k < row.cols.length; k++) {
      acc = A.add(acc, A.mul(vector[row.cols[k]!] ?? A.zero, row.vals[k]!));
    }
    return acc;
  });
}

/** `row_hadamard_sparse`: x_ij · v_i. */
export function rowHadamard<T>(A: Arithmetic<T>, matrix: SparseMatrix<T>, vector: T[]): SparseMatrix<T> {
  return mapRows(matrix, (_j, v, i) => A.mul(v, vector[i] ?? A.zero));
}

/** `mat_vec_mul_sparse`: x_ij · v_j, zero products dropped. */
export function matVecMul<T>(A: Arithmetic<T>, matrix: SparseMatrix<T>, vector: T[]): SparseMatrix<T> {
  return mapRows(matrix, (j, v) => {
    const p = A.mul(v, vector[j] ?? A.zero);
    return A.eq(p, A.zero) ? undefined : p;
  });
}

/** `col_clip_sparse`: min(x_ij, c_j); an entry above a non-positive c_j is removed. */
export function colClip<T>(A: Arithmetic<T>, matrix: SparseMatrix<T>, threshold: T[]): SparseMatrix<T> {
  return mapRows(matrix, (j, v) => {
    const c = threshold[j] ?? A.zero;
    if (!A.lt(c, v)) return v;
    return A.lt(A.zero, c) ? c : undefined;
  });
}

function densify<T>(A: Arithmetic<T>, row: SparseRow<T>, columns: number): T[] {
  const dense = new Array<T>(columns).fill(A.zero);
  for (let k = 0; k < row.cols.length; k++) {
    const j = row.cols[k]!;
    if (j < columns) dense[j] = row.vals[k]!;
  }
  return dense;
}

/** `interpolate_sparse`: a + ratio·(b − a), keeping entries > 0; ratio 0 or 1 returns a or b as is. */
export function interpolate<T>(
  A: Arithmetic<T>,
  a: SparseMatrix<T>,
  b: SparseMatrix<T>,
  columns: number,
  ratio: T,
): SparseMatrix<T> {
  if (A.eq(ratio, A.zero)) return a;
  if (A.eq(ratio, A.one)) return b;
  return a.map((rowA, i) => {
    const rowB = b[i] ?? emptyRow<T>();
    const out: SparseRow<T> = emptyRow();
    if (rowA.cols.length === 0 && rowB.cols.length === 0) return out;
    const da = densify(A, rowA, columns);
    const db = densify(A, rowB, columns);
    for (let j = 0; j < columns; j++) {
      const v = A.add(da[j]!, A.mul(ratio, A.sub(db[j]!, da[j]!)));
      if (A.lt(A.zero, v)) {
        out.cols.push(j);
        out.vals.push(v);
      }
    }
    return out;
  });
}

/** `mat_ema_sparse`: α·new + (1−α)·old over the union of columns, keeping entries > 0. */
export function matEma<T>(
  A: Arithmetic<T>,
  next: SparseMatrix<T>,
  old: SparseMatrix<T>,
  alpha: T,
): SparseMatrix<T> {
  const n = next.length;
  const oneMinusAlpha = A.sub(A.one, alpha);
  return next.map((rowNew, i) => {
    const rowOld = old[i] ?? emptyRow<T>();
    const out: SparseRow<T> = emptyRow();
    if (rowNew.cols.length === 0 && rowOld.cols.length === 0) return out;
    const acc = new Array<T>(n).fill(A.zero);
    for (let k = 0; k < rowNew.cols.length; k++) {
      const j = rowNew.cols[k]!;
      if (j < n) acc[j] = A.add(acc[j]!, A.mul(alpha, rowNew.vals[k]!));
    }
    for (let k = 0; k < rowOld.cols.length; k++) {
      const j = rowOld.cols[k]!;
      if (j < n) acc[j] = A.add(acc[j]!, A.mul(oneMinusAlpha, rowOld.vals[k]!));
    }
    for (let j = 0; j < n; j++) {
      if (A.lt(A.zero, acc[j]!)) {
        out.cols.push(j);
        out.vals.push(acc[j]!);
      }
    }
    return out;
  });
}

/**
 * `mat_ema_alpha_sparse`: min(1, (1−α_ij)·old_ij + max(0, α_ij·new_ij)) for the columns present in
 * row i of `next` only — a bond to a column absent from the new row is dropped, not decayed.
 * `alphaFor(i, j)` is only asked for those columns.
 */
export function matEmaAlpha<T>(
  A: Arithmetic<T>,
  next: SparseMatrix<T>,
  old: SparseMatrix<T>,
  alphaFor: (row: number, col: number) => T,
): SparseMatrix<T> {
  return next.map((rowNew, i) => {
    const rowOld = old[i] ?? emptyRow<T>();
    const oldByCol = new Map<number, T>();
    for (let k = 0; k < rowOld.cols.length; k++) oldByCol.set(rowOld.cols[k]!, rowOld.vals[k]!);
    const out: SparseRow<T> = emptyRow();
    for (let k = 0; k < rowNew.cols.length; k++) {
      const j = rowNew.cols[k]!;
      const a = alphaFor(i, j);
      const decayed = A.mul(A.sub(A.one, a), oldByCol.get(j) ?? A.zero);
      const inc = A.mul(a, rowNew.vals[k]!);
      let v = A.add(decayed, A.lt(inc, A.zero) ? A.zero : inc);
      if (A.lt(A.one, v)) v = A.one;
      if (A.lt(A.zero, v)) {
        out.cols.push(j);
        out.vals.push(v);
      }
    }
    return out;
  });
}

/** The value at (row, col), or zero when the entry is absent. */
export function entryAt<T>(A: Arithmetic<T>, row: SparseRow<T>, col: number): T {
  const k = row.cols.indexOf(col);
  return k < 0 ? A.zero : row.vals[k]!;
}
