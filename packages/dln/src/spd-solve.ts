import {
  cholesky,
  type DenseMatrix,
  solveLowerTriangular,
  solveUpperTriangular,
  transpose,
} from "@meanfield/linalg";

/**
 * Solves A x = b for symmetric positive-definite A by Cholesky (A = L Lᵀ), with a small diagonal jitter
 * retried when A is numerically singular. General numerics, kept here until linalg has a Cholesky solve.
 */
export function spdSolve(A: DenseMatrix, b: Float64Array): Float64Array {
  let L: DenseMatrix;
  try {
    L = cholesky(A);
  } catch {
    let tr = 0;
    for (let i = 0; i < A.rows; i++) tr += A.data[i * A.cols + i];
    L = cholesky(A, { jitter: 1e-13 * Math.max(tr / A.rows, 1e-300) });
  }
  const z = solveLowerTriangular(L, b);
  return solveUpperTriangular(transpose(L), z);
}

/** The Gram matrix M Mᵀ of the rows of a row-major matrix M (rows × cols). */
export function rowGram(M: DenseMatrix): DenseMatrix {
  const { rows, cols, data } = M;
  const out = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    const oi = i * cols;
    for (let j = 0; j <= i; j++) {
      const oj = j * cols;
      let s = 0;
      for (let k = 0; k < cols; k++) s += data[oi + k] * data[oj + k];
      out[i * rows + j] = s;
      out[j * rows + i] = s;
    }
  }
  return { rows, cols: rows, data: out };
}

/** Columns `idx` of X (n×d, row-major) as a new n×|idx| matrix, each column multiplied by sign[k] if given. */
export function selectColumns(X: DenseMatrix, idx: ArrayLike<number>, sign?: ArrayLike<number>): DenseMatrix {
  const n = X.rows;
  const m = idx.length;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) out[i * m + k] = X.data[i * X.cols + idx[k]] * (sign ? sign[k] : 1);
  }
  return { rows: n, cols: m, data: out };
}

/** Least squares min ‖A x − b‖ for A with full column rank (normal equations; small problems only). */
export function leastSquares(A: DenseMatrix, b: Float64Array): Float64Array {
  const At = transpose(A);
  const G = rowGram(At);
  const rhs = new Float64Array(A.cols);
  for (let i = 0; i < A.rows; i++) {
    const bi = b[i];
    for (let k = 0; k < A.cols; k++) rhs[k] += A.data[i * A.cols + k] * bi;
  }
  return spdSolve(G, rhs);
}
