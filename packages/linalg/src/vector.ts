import { assertVector } from "./dense.js";
import { assertFinite } from "./validate.js";

/** x · y, with 4 independent accumulators (faster, and a little more accurate than one). */
export function dot(x: Float64Array, y: Float64Array): number {
  assertVector(x, "x");
  assertVector(y, "y", x.length);
  const n = x.length;
  const n4 = n - (n % 4);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i < n4; i += 4) {
    s0 += x[i] * y[i];
    s1 += x[i + 1] * y[i + 1];
    s2 += x[i + 2] * y[i + 2];
    s3 += x[i + 3] * y[i + 3];
  }
  for (; i < n; i++) s0 += x[i] * y[i];
  return s0 + s1 + (s2 + s3);
}

/** y ← y + a x in place; returns y. */
export function axpy(a: number, x: Float64Array, y: Float64Array): Float64Array {
  assertFinite(a, "a");
  assertVector(x, "x");
  assertVector(y, "y", x.length);
  const n = x.length;
  for (let i = 0; i < n; i++) y[i] += a * x[i];
  return y;
}

/** a x, into `out` (may be `x` itself) or a new array. */
export function scale(a: number, x: Float64Array, out?: Float64Array): Float64Array {
  assertFinite(a, "a");
  assertVector(x, "x");
  const o = out === undefined ? new Float64Array(x.length) : assertVector(out, "out", x.length);
  for (let i = 0; i < x.length; i++) o[i] = a * x[i];
  return o;
}

/** Σ |x_i|. */
export function norm1(x: Float64Array): number {
  assertVector(x, "x");
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i]);
  return s;
}

/** Euclidean norm, scaled (LAPACK dnrm2 style) so that it neither overflows nor underflows. */
export function norm2(x: Float64Array): number {
  assertVector(x, "x");
  let amax = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > amax || Number.isNaN(a)) amax = a;
  }
  if (amax === 0 || !Number.isFinite(amax)) return amax;
  // Fast path when no over/underflow is possible.
  if (amax < 1e150 && amax > 1e-150) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * x[i];
    return Math.sqrt(s);
  }
  let s = 0;
  const inv = 1 / amax;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] * inv;
    s += v * v;
  }
  return amax * Math.sqrt(s);
}

/** max |x_i| (0 for an empty vector, NaN if any entry is NaN). */
export function normInf(x: Float64Array): number {
  assertVector(x, "x");
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > m || Number.isNaN(a)) m = a;
  }
  return m;
}

/** Σ x_i (pairwise-free plain sum with 4 accumulators). */
export function sum(x: Float64Array): number {
  assertVector(x, "x");
  const n = x.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += x[i];
    s1 += x[i + 1];
    s2 += x[i + 2];
    s3 += x[i + 3];
  }
  for (; i < n; i++) s0 += x[i];
  return s0 + s1 + (s2 + s3);
}

/** Arithmetic mean (NaN for an empty vector). */
export function mean(x: Float64Array): number {
  return x.length === 0 ? Number.NaN : sum(x) / x.length;
}
