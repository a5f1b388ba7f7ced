import { type DenseMatrix, MeanfieldError, matTVec, matVec } from "@meanfield/linalg";
import { expect } from "vitest";

export function relErr(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

export function residualNorm(X: DenseMatrix, w: Float64Array, y: Float64Array): number {
  const r = matVec(X, w);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (r[i] - y[i]) ** 2;
  return Math.sqrt(s);
}

/**
 * Distance of v from range(Xᵀ), relative to ‖v‖: v − Xᵀc with c the least-squares coefficients, found by
 * plain conjugate gradients on XXᵀc = Xv (written here so the check does not reuse the package's solvers).
 */
export function distanceFromRowSpace(X: DenseMatrix, v: Float64Array): number {
  const n = X.rows;
  const b = matVec(X, v);
  const c = new Float64Array(n);
  const r = Float64Array.from(b);
  const p = Float64Array.from(b);
  let rr = r.reduce((s, x) => s + x * x, 0);
  for (let it = 0; it < 10 * n && rr > 1e-30; it++) {
    const Ap = matVec(X, matTVec(X, p));
    const a = rr / p.reduce((s, x, i) => s + x * Ap[i], 0);
    for (let i = 0; i < n; i++) {
      c[i] += a * p[i];
      r[i] -= a * Ap[i];
    }
    const rr2 = r.reduce((s, x) => s + x * x, 0);
    for (let i = 0; i < n; i++) p[i] = r[i] + (rr2 / rr) * p[i];
    rr = rr2;
  }
  const proj = matTVec(X, c);
  let num = 0;
  let den = 0;
  for (let i = 0; i < v.length; i++) {
    num += (v[i] - proj[i]) ** 2;
    den += v[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/**
 * Runs f, which must throw a MeanfieldError naming `parameter` (in its `parameter` field and its
 * message) and containing every string of `contains`; returns the error.
 */
export function expectError(f: () => unknown, parameter: string, ...contains: string[]): MeanfieldError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MeanfieldError);
    const err = e as MeanfieldError;
    expect(err.parameter).toBe(parameter);
    expect(err.message).toContain(parameter);
    for (const c of contains) expect(err.message).toContain(c);
    return err;
  }
  throw new Error(`no error for ${parameter}`);
}
