import { MeanfieldError } from "./errors.js";
import { assertInteger, invalidArgument } from "./validate.js";

/** A dense row-major matrix: entry (i, j) is `data[i * cols + j]`. */
export interface DenseMatrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A rows × cols matrix, zero-filled or wrapping/copying `data` (a Float64Array is used as is, not copied). */
export function createMatrix(rows: number, cols: number, data?: Float64Array | number[]): DenseMatrix {
  assertInteger(rows, "rows", 0);
  assertInteger(cols, "cols", 0);
  const n = rows * cols;
  let arr: Float64Array;
  if (data === undefined) arr = new Float64Array(n);
  else if (data instanceof Float64Array) arr = data;
  else if (Array.isArray(data)) arr = Float64Array.from(data);
  else throw invalidArgument("data", "a Float64Array or an array of numbers", data);
  if (arr.length !== n) {
    throw new MeanfieldError("SHAPE_MISMATCH", `data must have length rows*cols = ${n}; got ${arr.length}`, {
      parameter: "data",
      details: { expected: n, actual: arr.length },
    });
  }
  return { rows, cols, data: arr };
}

/** The n × n identity matrix. */
export function identity(n: number): DenseMatrix {
  assertInteger(n, "n", 0);
  const M = createMatrix(n, n);
  for (let i = 0; i < n; i++) M.data[i * n + i] = 1;
  return M;
}

/** The transpose Aᵀ as a new matrix (blocked copy so both reads and writes stay cache-friendly). */
export function transpose(A: DenseMatrix): DenseMatrix {
  assertMatrix(A, "A");
  const { rows, cols, data } = A;
  const out = new Float64Array(rows * cols);
  const B = 32;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const i1 = Math.min(i0 + B, rows);
    for (let j0 = 0; j0 < cols; j0 += B) {
      const j1 = Math.min(j0 + B, cols);
      for (let i = i0; i < i1; i++) {
        const ri = i * cols;
        for (let j = j0; j < j1; j++) out[j * rows + i] = data[ri + j];
      }
    }
  }
  return { rows: cols, cols: rows, data: out };
}

/** Throws unless `A` is a well-formed DenseMatrix. */
export function assertMatrix(A: unknown, name: string): DenseMatrix {
  const M = A as DenseMatrix;
  if (
    typeof M !== "object" ||
    M === null ||
    !(M.data instanceof Float64Array) ||
    !Number.isSafeInteger(M.rows) ||
    !Number.isSafeInteger(M.cols) ||
    M.rows < 0 ||
    M.cols < 0
  ) {
    throw invalidArgument(name, "a DenseMatrix { rows, cols, data: Float64Array }", A);
  }
  if (M.data.length !== M.rows * M.cols) {
    throw new MeanfieldError(
      "SHAPE_MISMATCH",
      `${name}.data must have length rows*cols = ${M.rows * M.cols}; got ${M.data.length}`,
      { parameter: name, details: { expected: M.rows * M.cols, actual: M.data.length } },
    );
  }
  return M;
}

/** Throws SHAPE_MISMATCH unless `v` is a Float64Array of length `n`. */
export function assertVector(v: unknown, name: string, n?: number): Float64Array {
  if (!(v instanceof Float64Array)) throw invalidArgument(name, "a Float64Array", v);
  if (n !== undefined && v.length !== n) {
    throw new MeanfieldError("SHAPE_MISMATCH", `${name} must have length ${n}; got ${v.length}`, {
      parameter: name,
      details: { expected: n, actual: v.length },
    });
  }
  return v;
}

/**
 * Columns `columns` of A (in that order, repeats allowed) as a new A.rows × columns.length matrix,
 * column k multiplied by signs[k] when `signs` is given.
 */
export function selectColumns(
  A: DenseMatrix,
  columns: ArrayLike<number>,
  signs?: ArrayLike<number>,
): DenseMatrix {
  assertMatrix(A, "A");
  const m = columns.length;
  for (let k = 0; k < m; k++) {
    const c = columns[k];
    if (!Number.isInteger(c) || c < 0 || c >= A.cols)
      throw invalidArgument(`columns[${k}]`, `an integer in [0, ${A.cols - 1}]`, c);
  }
  if (signs !== undefined && signs.length !== m) {
    throw new MeanfieldError("SHAPE_MISMATCH", `signs must have length ${m}; got ${signs.length}`, {
      parameter: "signs",
      details: { expected: m, actual: signs.length },
    });
  }
  const { rows: n, cols, data } = A;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) out[i * m + k] = data[i * cols + columns[k]] * (signs ? signs[k] : 1);
  }
  return { rows: n, cols: m, data: out };
}
