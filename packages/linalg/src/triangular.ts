import { assertMatrix, assertVector, type DenseMatrix } from "./dense.js";
import { MeanfieldError } from "./errors.js";

function assertSquare(A: DenseMatrix, name: string): number {
  assertMatrix(A, name);
  if (A.rows !== A.cols) {
    throw new MeanfieldError("SHAPE_MISMATCH", `${name} must be square; got ${A.rows} × ${A.cols}`, {
      parameter: name,
      details: { rows: A.rows, cols: A.cols },
    });
  }
  return A.rows;
}

/**
 * Solves L x = b by forward substitution (only the lower triangle of L is read). `out` may be b.
 * Throws SINGULAR on a zero diagonal entry.
 */
export function solveLowerTriangular(L: DenseMatrix, b: Float64Array, out?: Float64Array): Float64Array {
  const n = assertSquare(L, "L");
  assertVector(b, "b", n);
  const x = out === undefined ? new Float64Array(n) : assertVector(out, "out", n);
  const a = L.data;
  for (let i = 0; i < n; i++) {
    let s = b[i];
    const ri = i * n;
    for (let j = 0; j < i; j++) s -= a[ri + j] * x[j];
    const d = a[ri + i];
    if (d === 0) throw new MeanfieldError("SINGULAR", `L is singular: L[${i}][${i}] = 0`, { parameter: "L" });
    x[i] = s / d;
  }
  return x;
}

/**
 * Solves U x = b by back substitution (only the upper triangle of U is read). `out` may be b.
 * Throws SINGULAR on a zero diagonal entry.
 */
export function solveUpperTriangular(U: DenseMatrix, b: Float64Array, out?: Float64Array): Float64Array {
  const n = assertSquare(U, "U");
  assertVector(b, "b", n);
  const x = out === undefined ? new Float64Array(n) : assertVector(out, "out", n);
  const a = U.data;
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    const ri = i * n;
    for (let j = i + 1; j < n; j++) s -= a[ri + j] * x[j];
    const d = a[ri + i];
    if (d === 0) throw new MeanfieldError("SINGULAR", `U is singular: U[${i}][${i}] = 0`, { parameter: "U" });
    x[i] = s / d;
  }
  return x;
}

export { assertSquare };
