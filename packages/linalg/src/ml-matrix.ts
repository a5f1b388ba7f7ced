import { Matrix } from "ml-matrix";
import { assertMatrix, type DenseMatrix } from "./dense.js";
import { invalidArgument } from "./validate.js";

/** Copies a DenseMatrix into an ml-matrix `Matrix`. */
export function toMlMatrix(A: DenseMatrix): Matrix {
  assertMatrix(A, "A");
  const M = new Matrix(A.rows, A.cols);
  for (let i = 0; i < A.rows; i++) {
    const row = A.data.subarray(i * A.cols, (i + 1) * A.cols);
    M.setRow(i, row);
  }
  return M;
}

/** Copies an ml-matrix `Matrix` (or any AbstractMatrix) into a row-major DenseMatrix. */
export function fromMlMatrix(M: Matrix): DenseMatrix {
  if (typeof M !== "object" || M === null || typeof (M as Matrix).get !== "function") {
    throw invalidArgument("M", "an ml-matrix Matrix", M);
  }
  const rows = M.rows;
  const cols = M.columns;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) data[i * cols + j] = M.get(i, j);
  }
  return { rows, cols, data };
}
