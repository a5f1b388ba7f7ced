import { createMatrix, createRng, matTVec, solve } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { basisPursuit, createDlnData, validateDlnParams } from "../src/index.js";
import { residualNorm } from "./helpers.js";

/** Every basic solution (n columns, solved exactly) of Xw = y; the LP optimum is among them. */
function bruteForceL1(X: { rows: number; cols: number; data: Float64Array }, y: Float64Array): number {
  const { rows: n, cols: d } = X;
  let best = Number.POSITIVE_INFINITY;
  const pick = (start: number, chosen: number[]): void => {
    if (chosen.length === n) {
      const A = createMatrix(n, n);
      for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) A.data[i * n + k] = X.data[i * d + chosen[k]];
      let x: Float64Array;
      try {
        x = solve(A, y);
      } catch {
        return;
      }
      if (!x.every(Number.isFinite)) return;
      const w = new Float64Array(d);
      chosen.forEach((c, k) => {
        w[c] = x[k];
      });
      if (residualNorm(X, w, y) > 1e-9) return;
      best = Math.min(
        best,
        x.reduce((s, v) => s + Math.abs(v), 0),
      );
      return;
    }
    for (let j = start; j < d; j++) pick(j + 1, [...chosen, j]);
  };
  pick(0, []);
  return best;
}

describe("basis pursuit with a certified duality gap", () => {
  it("certifies optimality by weak duality, checked from the KKT conditions here", () => {
    const data = createDlnData(validateDlnParams({ d: 120, n: 50, alpha: 1, T: 1, rho: 0.6, seed: 21 }));
    const res = basisPursuit(data.X, data.y);
    expect(res.certified).toBe(true);
    // Primal feasibility, dual feasibility, and the gap, all recomputed independently of the solver.
    expect(residualNorm(data.X, res.w, data.y)).toBeLessThan(1e-9);
    const xtmu = matTVec(data.X, res.dual);
    expect(Math.max(...xtmu.map(Math.abs))).toBeLessThanOrEqual(1 + 1e-12);
    const l1 = res.w.reduce((s, v) => s + Math.abs(v), 0);
    const ymu = res.dual.reduce((s, v, i) => s + v * data.y[i], 0);
    expect(l1 - ymu).toBeLessThan(1e-8 * l1);
    expect(Math.abs(l1 - ymu - res.gap)).toBeLessThan(1e-10 * l1);
    // Complementary slackness: (Xᵀμ)_i = sign(w_i) on the support.
    for (let i = 0; i < res.w.length; i++)
      if (res.w[i] !== 0) expect(xtmu[i]).toBeCloseTo(Math.sign(res.w[i]), 8);
  });

  it("finds the same optimum as enumerating every vertex of a tiny LP", () => {
    const rng = createRng(8);
    for (let trial = 0; trial < 5; trial++) {
      const X = rng.fork(`X${trial}`).gaussianMatrix(4, 9, 1 / 3);
      const y = rng.fork(`y${trial}`).fillNormal(new Float64Array(4));
      const res = basisPursuit(X, y);
      expect(res.certified).toBe(true);
      expect(res.primalObjective).toBeCloseTo(bruteForceL1(X, y), 8);
    }
  });

  it("rejects mismatched inputs naming the parameter", () => {
    const X = createMatrix(3, 5, new Float64Array(15).fill(1));
    expect(() => basisPursuit(X, new Float64Array(4))).toThrow(/y must have length/);
    expect(() => basisPursuit(createMatrix(5, 3), new Float64Array(5))).toThrow(/X/);
  });
});
