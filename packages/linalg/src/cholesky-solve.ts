import { type CholeskyJitterOptions, choleskyWithJitter } from "./cholesky-jitter.js";
import { assertVector, type DenseMatrix } from "./dense.js";
import { MeanfieldError } from "./errors.js";
import { assertSquare } from "./triangular.js";

/**
 * Solves L Lᵀ x = b given the lower Cholesky factor L (from `cholesky` or `choleskyWithJitter`):
 * forward substitution L z = b, then back substitution Lᵀ x = z reading L by columns (no transpose is
 * formed). Only the lower triangle of L is read. `out` may be b. Throws SINGULAR on a zero diagonal.
 */
export function solveWithCholeskyFactor(L: DenseMatrix, b: Float64Array, out?: Float64Array): Float64Array {
  const n = assertSquare(L, "L");
  assertVector(b, "b", n);
  const x = out === undefined ? new Float64Array(n) : assertVector(out, "out", n);
  const a = L.data;
  for (let i = 0; i < n; i++) {
    if (a[i * n + i] === 0)
      throw new MeanfieldError("SINGULAR", `L is singular: L[${i}][${i}] = 0`, { parameter: "L" });
  }
  for (let i = 0; i < n; i++) {
    let s = b[i];
    const ri = i * n;
    for (let j = 0; j < i; j++) s -= a[ri + j] * x[j];
    x[i] = s / a[ri + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= a[j * n + i] * x[j];
    x[i] = s / a[i * n + i];
  }
  return x;
}

/**
 * Solves A x = b for a symmetric positive-definite A (a Gram or covariance matrix) by Cholesky,
 * A = L Lᵀ. A numerically singular A is regularised by the jitter ladder of `choleskyWithJitter`
 * (same options; here the fallback defaults to "throw", since the nearest PSD matrix of an
 * indefinite A would answer a different system). Throws SINGULAR when A cannot be factored.
 */
export function choleskySolve(
  A: DenseMatrix,
  b: Float64Array,
  options: CholeskyJitterOptions = {},
): Float64Array {
  const n = assertSquare(A, "A");
  assertVector(b, "b", n);
  const { L } = choleskyWithJitter(A, { ...options, fallback: options.fallback ?? "throw" });
  return solveWithCholeskyFactor(L, b);
}
