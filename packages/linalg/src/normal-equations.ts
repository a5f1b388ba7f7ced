import type { CholeskyJitterOptions } from "./cholesky-jitter.js";
import { choleskySolve } from "./cholesky-solve.js";
import { assertMatrix, assertVector, type DenseMatrix, transpose } from "./dense.js";
import { rowGram } from "./mat-vec.js";

/**
 * Least squares min ‖A x − b‖₂ through the normal equations AᵀA x = Aᵀb, solved by `choleskySolve`
 * (its jitter ladder regularises a nearly rank-deficient A). Cheap for the small, well-conditioned
 * systems of active-set methods (`nnls`, basis-pursuit polishing), but it squares the condition number
 * of A: for an ill-conditioned A use `solve`, which goes through Householder QR.
 */
export function solveNormalEquations(
  A: DenseMatrix,
  b: Float64Array,
  options: CholeskyJitterOptions = {},
): Float64Array {
  assertMatrix(A, "A");
  assertVector(b, "b", A.rows);
  const G = rowGram(transpose(A));
  const rhs = new Float64Array(A.cols);
  for (let i = 0; i < A.rows; i++) {
    const bi = b[i];
    for (let k = 0; k < A.cols; k++) rhs[k] += A.data[i * A.cols + k] * bi;
  }
  return choleskySolve(G, rhs, options);
}
