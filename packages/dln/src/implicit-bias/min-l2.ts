import { choleskySolve, type DenseMatrix, matTVec, matVec, rowGram, transpose } from "@meanfield/linalg";
import { validateProblem } from "./validate-problem.js";

export interface MinL2Result {
  w: Float64Array;
  /** ‖Xw − y‖₂ (≈ 0 when n ≤ d; the least-squares residual when n > d). */
  residual: number;
  converged: boolean;
  message: string;
}

/**
 * The minimum-ℓ2-norm interpolator Xᵀ(XXᵀ)⁻¹y (theory/dln.md, "Implicit bias": the alpha → ∞ / kernel limit, and the limit of
 * plain gradient flow from 0) when n ≤ d; when n > d the least-squares solution (XᵀX)⁻¹Xᵀy, the limit
 * for delta > 1. Both by Cholesky of the Gram matrix.
 */
export function minL2Interpolator(X: DenseMatrix, y: Float64Array | number[]): MinL2Result {
  const yy = validateProblem(X, y);
  const { rows: n, cols: d } = X;
  let w: Float64Array;
  if (n <= d) {
    const c = choleskySolve(rowGram(X), yy);
    w = matTVec(X, c);
  } else {
    w = choleskySolve(rowGram(transpose(X)), matTVec(X, yy));
  }
  const r = matVec(X, w);
  let rr = 0;
  for (let i = 0; i < n; i++) rr += (r[i] - yy[i]) ** 2;
  return {
    w,
    residual: Math.sqrt(rr),
    converged: true,
    message: n <= d ? "minimum-norm interpolator" : "least-squares solution (n > d)",
  };
}
