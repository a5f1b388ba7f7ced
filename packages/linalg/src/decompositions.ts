import {
  CholeskyDecomposition,
  EigenvalueDecomposition,
  LuDecomposition,
  Matrix,
  QrDecomposition,
  SingularValueDecomposition,
} from "ml-matrix";
import { assertMatrix, assertVector, createMatrix, type DenseMatrix } from "./dense.js";
import { MeanfieldError } from "./errors.js";
import { fromMlMatrix, toMlMatrix } from "./ml-matrix.js";
import { assertSquare } from "./triangular.js";
import { assertNonNegative } from "./validate.js";

/*
 * Decompositions go through ml-matrix (the brief: reuse it where it already does the job), with
 * our shape checks and error codes around it. These are O(n³) set-up steps, not hot loops.
 */

function assertFiniteMatrix(A: DenseMatrix, name: string): void {
  for (let k = 0; k < A.data.length; k++) {
    if (!Number.isFinite(A.data[k])) {
      const i = Math.floor(k / A.cols);
      throw new MeanfieldError(
        "INVALID_ARGUMENT",
        `${name}[${i}][${k - i * A.cols}] must be a finite number; got ${A.data[k]}`,
        {
          parameter: name,
        },
      );
    }
  }
}

/** Symmetrises (A + Aᵀ)/2 after checking that A is symmetric up to rounding. */
function symmetrised(A: DenseMatrix, name: string): Matrix {
  const n = A.rows;
  const d = A.data;
  let scale = 0;
  for (let k = 0; k < d.length; k++) scale = Math.max(scale, Math.abs(d[k]));
  const tol = 1e-10 * scale;
  const M = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const a = d[i * n + j];
      const b = d[j * n + i];
      if (Math.abs(a - b) > tol) {
        throw new MeanfieldError(
          "INVALID_ARGUMENT",
          `${name} must be symmetric; ${name}[${i}][${j}] = ${a} but ${name}[${j}][${i}] = ${b}`,
          {
            parameter: name,
          },
        );
      }
      const s = 0.5 * (a + b);
      M.set(i, j, s);
      M.set(j, i, s);
    }
  }
  return M;
}

/**
 * The lower Cholesky factor L with A = L Lᵀ of a symmetric positive-definite A. `jitter` (default 0)
 * is added to the diagonal first (a standard regulariser for nearly singular covariances).
 * Throws SINGULAR when A (+ jitter I) is not positive definite.
 */
export function cholesky(A: DenseMatrix, options: { jitter?: number } = {}): DenseMatrix {
  const n = assertSquare(A, "A");
  assertFiniteMatrix(A, "A");
  const jitter = options.jitter === undefined ? 0 : assertNonNegative(options.jitter, "jitter");
  const M = symmetrised(A, "A");
  if (jitter > 0) for (let i = 0; i < n; i++) M.set(i, i, M.get(i, i) + jitter);
  const chol = new CholeskyDecomposition(M);
  if (!chol.isPositiveDefinite()) {
    throw new MeanfieldError(
      "SINGULAR",
      "A is not positive definite (Cholesky failed); consider options.jitter",
      {
        parameter: "A",
        details: { jitter },
      },
    );
  }
  return fromMlMatrix(chol.lowerTriangularMatrix);
}

/**
 * Eigen-decomposition A = V diag(values) Vᵀ of a symmetric matrix: `values` ascending, `vectors`
 * holding the orthonormal eigenvectors as columns (in the same order).
 */
export function symmetricEigen(A: DenseMatrix): { values: Float64Array; vectors: DenseMatrix } {
  const n = assertSquare(A, "A");
  assertFiniteMatrix(A, "A");
  const evd = new EigenvalueDecomposition(symmetrised(A, "A"), { assumeSymmetric: true });
  const vals = evd.realEigenvalues;
  const V = evd.eigenvectorMatrix;
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => vals[p] - vals[q]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const src = order[c];
    values[c] = vals[src];
    for (let r = 0; r < n; r++) vectors[r * n + c] = V.get(r, src);
  }
  return { values, vectors: { rows: n, cols: n, data: vectors } };
}

/**
 * The nearest symmetric positive-semidefinite matrix to a symmetric A in Frobenius norm (Higham
 * 1988): the eigen-decomposition with negative eigenvalues set to zero. Used to factor covariances
 * estimated or extrapolated with small negative eigenvalues.
 */
export function nearestPsd(A: DenseMatrix): DenseMatrix {
  assertSquare(A, "A");
  const n = A.rows;
  const { values, vectors } = symmetricEigen(A);
  const V = vectors.data;
  const out = new Float64Array(n * n);
  for (let q = 0; q < n; q++) {
    const lam = values[q];
    if (!(lam > 0)) continue;
    for (let i = 0; i < n; i++) {
      const vi = V[i * n + q] * lam;
      if (vi === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += vi * V[j * n + q];
    }
  }
  return createMatrix(n, n, out);
}

/**
 * Thin singular value decomposition A = U diag(s) Vᵀ with s descending; for A of size m × n and
 * k = min(m, n), U is m × k and V is n × k.
 */
export function svd(A: DenseMatrix): { s: Float64Array; U: DenseMatrix; V: DenseMatrix } {
  assertMatrix(A, "A");
  assertFiniteMatrix(A, "A");
  const m = A.rows;
  const n = A.cols;
  const k = Math.min(m, n);
  if (k === 0)
    return {
      s: new Float64Array(0),
      U: { rows: m, cols: 0, data: new Float64Array(0) },
      V: { rows: n, cols: 0, data: new Float64Array(0) },
    };
  const dec = new SingularValueDecomposition(toMlMatrix(A), { autoTranspose: true });
  const diag = dec.diagonal;
  const Uml = dec.leftSingularVectors;
  const Vml = dec.rightSingularVectors;
  const order = Array.from({ length: diag.length }, (_, i) => i).sort((p, q) => diag[q] - diag[p]);
  const s = new Float64Array(k);
  const U = new Float64Array(m * k);
  const V = new Float64Array(n * k);
  for (let c = 0; c < k; c++) {
    const src = order[c];
    s[c] = diag[src];
    for (let r = 0; r < m; r++) U[r * k + c] = Uml.get(r, src);
    for (let r = 0; r < n; r++) V[r * k + c] = Vml.get(r, src);
  }
  return { s, U: { rows: m, cols: k, data: U }, V: { rows: n, cols: k, data: V } };
}

/**
 * Solves A x = b: LU with partial pivoting for square A (throws SINGULAR when A is singular),
 * least squares via Householder QR for tall A (throws SINGULAR when A is rank deficient).
 */
export function solve(A: DenseMatrix, b: Float64Array): Float64Array {
  assertMatrix(A, "A");
  assertVector(b, "b", A.rows);
  assertFiniteMatrix(A, "A");
  if (A.rows < A.cols) {
    throw new MeanfieldError(
      "SHAPE_MISMATCH",
      `A must have rows ≥ cols for solve; got ${A.rows} × ${A.cols}`,
      {
        parameter: "A",
      },
    );
  }
  const M = toMlMatrix(A);
  const rhs = Matrix.columnVector(Array.from(b));
  let x: Matrix;
  if (A.rows === A.cols) {
    const lu = new LuDecomposition(M);
    if (lu.isSingular())
      throw new MeanfieldError("SINGULAR", "A is singular (LU has a zero pivot)", { parameter: "A" });
    x = lu.solve(rhs);
  } else {
    const qr = new QrDecomposition(M);
    if (!qr.isFullRank())
      throw new MeanfieldError("SINGULAR", "A is rank deficient (QR)", { parameter: "A" });
    x = qr.solve(rhs);
  }
  return Float64Array.from(x.getColumn(0));
}
