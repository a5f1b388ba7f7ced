import { assertFiniteArray, type DenseMatrix, invalidArgument, MeanfieldError } from "@meanfield/linalg";

/** Checks an interpolation problem (X n×d, y length n); throws naming X or y. */
export function validateProblem(X: DenseMatrix, y: Float64Array | number[]): Float64Array {
  if (
    typeof X !== "object" ||
    X === null ||
    !(X.data instanceof Float64Array) ||
    !(X.rows >= 1) ||
    !(X.cols >= 1) ||
    X.data.length !== X.rows * X.cols
  ) {
    throw invalidArgument("X", "a DenseMatrix with rows ≥ 1, cols ≥ 1 and rows*cols data", X);
  }
  assertFiniteArray(X.data, "X.data");
  const yy = assertFiniteArray(y, "y");
  if (yy.length !== X.rows) {
    throw new MeanfieldError("SHAPE_MISMATCH", `y must have length X.rows = ${X.rows}; got ${yy.length}`, {
      parameter: "y",
      details: { expected: X.rows, actual: yy.length },
    });
  }
  return yy;
}
