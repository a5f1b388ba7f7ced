import { describe, expect, it } from "vitest";
import {
  createMatrix,
  createRng,
  type DenseMatrix,
  matTVec,
  matVec,
  nnls,
  selectColumns,
  solve,
} from "../src/index.js";
import { caught } from "./helpers.js";

/** The KKT conditions of min ‖Ax − b‖ s.t. x ≥ 0 with w = Aᵀ(b − Ax): x ≥ 0, w ≤ tol, |w_k| ≤ tol where x_k > 0. */
function kktViolation(A: DenseMatrix, b: Float64Array, x: Float64Array): number {
  const r = matVec(A, x);
  for (let i = 0; i < r.length; i++) r[i] = b[i] - r[i];
  const w = matTVec(A, r);
  let v = 0;
  for (let k = 0; k < x.length; k++) {
    v = Math.max(v, -x[k], w[k]);
    if (x[k] > 0) v = Math.max(v, Math.abs(w[k]));
  }
  return v;
}

function residual(A: DenseMatrix, b: Float64Array, x: Float64Array): number {
  const r = matVec(A, x);
  let s = 0;
  for (let i = 0; i < r.length; i++) s += (r[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/**
 * The exact NNLS answer of a tiny problem by exhaustive search over the 2^m passive sets: each set's
 * unconstrained least-squares solution (QR) that is strictly positive is a candidate; the best
 * candidate (or x = 0) is the minimiser, since the minimiser is the least-squares solution on its support.
 */
function exhaustive(A: DenseMatrix, b: Float64Array): Float64Array {
  const m = A.cols;
  let best = new Float64Array(m);
  let bestRes = residual(A, b, best);
  for (let mask = 1; mask < 1 << m; mask++) {
    const P: number[] = [];
    for (let k = 0; k < m; k++) if (mask & (1 << k)) P.push(k);
    if (P.length > A.rows) continue;
    let z: Float64Array;
    try {
      z = solve(selectColumns(A, P), b);
    } catch {
      continue;
    }
    if (!z.every((v) => v > 0)) continue;
    const x = new Float64Array(m);
    P.forEach((k, q) => {
      x[k] = z[q];
    });
    const res = residual(A, b, x);
    if (res < bestRes) {
      best = x;
      bestRes = res;
    }
  }
  return best;
}

describe("nnls (Lawson–Hanson)", () => {
  it("closed forms: A = I gives max(b, 0); one column gives max(aᵀb/aᵀa, 0)", () => {
    const b = new Float64Array([1.5, -2, 0, 3]);
    const I = createMatrix(4, 4, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    const r = nnls(I, b);
    expect(r.converged).toBe(true);
    expect(Array.from(r.x)).toEqual([1.5, 0, 0, 3]);
    expect(r.residual).toBeCloseTo(2, 14);
    const a = createMatrix(3, 1, [1, 2, 2]);
    expect(nnls(a, new Float64Array([1, 1, 1])).x[0]).toBeCloseTo(5 / 9, 14);
    const neg = nnls(a, new Float64Array([-1, 0, -1]));
    expect(neg.x[0]).toBe(0);
    expect(neg.residual).toBeCloseTo(Math.SQRT2, 14);
    expect(neg.message).toBe("KKT conditions satisfied");
  });
  it("satisfies the KKT conditions on random problems, tall and wide", () => {
    for (const [n, m, seed] of [
      [20, 8, 1],
      [8, 20, 2],
      [50, 30, 3],
    ] as const) {
      const rng = createRng(seed);
      const A = rng.gaussianMatrix(n, m);
      const b = rng.fillNormal(new Float64Array(n));
      const r = nnls(A, b);
      expect(r.converged, `${n}×${m}`).toBe(true);
      expect(kktViolation(A, b, r.x), `${n}×${m}`).toBeLessThan(1e-10);
      expect(r.residual).toBeCloseTo(residual(A, b, r.x), 12);
    }
  });
  it("matches an exhaustive active-set search on tiny problems", () => {
    const rng = createRng("nnls-exhaustive");
    for (let trial = 0; trial < 60; trial++) {
      const n = 2 + rng.int(4);
      const m = 1 + rng.int(4);
      const A = rng.gaussianMatrix(n, m);
      const b = rng.fillNormal(new Float64Array(n));
      const r = nnls(A, b);
      const x = exhaustive(A, b);
      expect(r.converged).toBe(true);
      expect(Math.abs(r.residual - residual(A, b, x)), `trial ${trial}`).toBeLessThan(1e-10);
      // With full column rank (m ≤ n) the minimiser is unique; wide problems share only the residual.
      if (m <= n)
        for (let k = 0; k < m; k++) expect(Math.abs(r.x[k] - x[k]), `trial ${trial}`).toBeLessThan(1e-8);
    }
  });
  it("checks its arguments", () => {
    const A = createMatrix(2, 2, [1, 0, 0, 1]);
    expect(caught(() => nnls(A, new Float64Array(3))).code).toBe("SHAPE_MISMATCH");
    expect(caught(() => nnls(A, [1, Number.NaN])).parameter).toBe("b[1]");
    expect(caught(() => nnls(A, [1, 1], { maxIterations: 0 })).parameter).toBe("maxIterations");
    expect(caught(() => nnls(A, [1, 1], { tol: -1 })).parameter).toBe("tol");
  });
});
