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

/**
 * The inverse of the lower-triangular T = L + shift·I (only the lower triangle of L is read), into
 * `out` (n × n, row-major; must not alias L) or a new matrix; the strict upper triangle of the result
 * is zero. Column j of T⁻¹ solves T x = e_j by forward substitution from row j on. With shift = 1 and
 * L strictly lower triangular this is the inverse of a unit-lower-triangular matrix; the DMFT's causal
 * resolvent K = (I + R_w)⁻¹ (apps/docs/docs/theory/dmft.md, "Sample process") is shift = 1 with the
 * response R_w, which may carry a diagonal. Throws SINGULAR on a zero diagonal entry of T.
 */
export function lowerTriangularInverse(
  L: DenseMatrix,
  options: { shift?: number; out?: Float64Array } = {},
): DenseMatrix {
  const n = assertSquare(L, "L");
  const shift = options.shift === undefined ? 0 : options.shift;
  if (typeof shift !== "number" || !Number.isFinite(shift))
    throw new MeanfieldError("INVALID_ARGUMENT", `shift must be a finite number; got ${String(shift)}`, {
      parameter: "shift",
    });
  const out = options.out === undefined ? new Float64Array(n * n) : assertVector(options.out, "out", n * n);
  if (out === L.data)
    throw new MeanfieldError("INVALID_ARGUMENT", "out must not alias L.data", { parameter: "out" });
  const R = L.data;
  for (let k = 0; k < n; k++) {
    const d = R[k * n + k] + shift;
    if (d === 0)
      throw new MeanfieldError("SINGULAR", `L + shift·I is singular: entry [${k}][${k}] = 0`, {
        parameter: "L",
      });
  }
  out.fill(0);
  // Column j of T⁻¹ is zero above row j; rows of R are contiguous, so the inner product over i runs
  // along row k of R.
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    col.fill(0, j);
    for (let k = j; k < n; k++) {
      let s = k === j ? 1 : 0;
      const rowK = k * n;
      for (let i = j; i < k; i++) s -= R[rowK + i] * col[i];
      const x = s / (shift + R[rowK + k]);
      col[k] = x;
      out[rowK + j] = x;
    }
  }
  return { rows: n, cols: n, data: out };
}
