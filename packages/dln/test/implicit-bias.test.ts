import { describe, expect, it } from "vitest";
import {
  basisPursuit,
  createDlnData,
  minL2Interpolator,
  minQAlphaInterpolator,
  saddleToSaddle,
  simulateGradientFlow,
  validateDlnParams,
} from "../src/index.js";
import { distanceFromRowSpace, relErr, residualNorm } from "./helpers.js";

// delta = 0.5 < 1: the flow interpolates and its limit is the minimum-Q_alpha interpolator (theory/dln.md, "Implicit bias").
const base = { d: 60, n: 30, rho: 0.1, sigma: 0, seed: 5 };
const data = createDlnData(validateDlnParams({ ...base, alpha: 1, T: 1 }));

// Final times long enough for the loss to reach rounding level (slowest rate ~ alpha-dependent).
const cases: Array<[number, number]> = [
  [1e-2, 2e4],
  [1e-1, 2e4],
  [1, 500],
  [10, 20],
];

describe('long-time limit vs the minimum-Q_alpha interpolator (theory/dln.md, "Implicit bias")', () => {
  for (const [alpha, T] of cases) {
    it(`matches min-Q_alpha at alpha = ${alpha} (relative ℓ2 error ≤ 1e-3)`, () => {
      const flow = simulateGradientFlow(
        { ...base, alpha, T },
        { data, times: [0, T], rtol: 1e-10, atol: 1e-12 },
      );
      expect(flow.converged).toBe(true);
      const oracle = minQAlphaInterpolator(data.X, data.y, alpha);
      expect(oracle.converged).toBe(true);
      // The oracle is checked on its own terms first: it interpolates, and asinh(w/(2alpha²)) ∈ range(Xᵀ).
      expect(residualNorm(data.X, oracle.w, data.y)).toBeLessThan(1e-9);
      const kkt = oracle.w.map((w) => Math.asinh(w / (2 * alpha * alpha)));
      expect(distanceFromRowSpace(data.X, kkt)).toBeLessThan(1e-8);
      expect(relErr(flow.w, oracle.w)).toBeLessThan(1e-3);
    });
  }

  it("tends to the minimum-ℓ2 interpolator as alpha grows", () => {
    const l2 = minL2Interpolator(data.X, data.y);
    expect(residualNorm(data.X, l2.w, data.y)).toBeLessThan(1e-10);
    const errs = [1, 10, 100].map((alpha) => relErr(minQAlphaInterpolator(data.X, data.y, alpha).w, l2.w));
    expect(errs[1]).toBeLessThan(errs[0] / 100);
    expect(errs[2]).toBeLessThan(1e-6);
    // And the simulated flow at alpha = 10 is already within 1e-3 of min-ℓ2.
    const flow = simulateGradientFlow(
      { ...base, alpha: 10, T: 20 },
      { data, times: [0, 20], rtol: 1e-10, atol: 1e-12 },
    );
    expect(relErr(flow.w, l2.w)).toBeLessThan(1e-3);
  });

  it("tends to the minimum-ℓ1 interpolator as alpha → 0", () => {
    const l1 = basisPursuit(data.X, data.y);
    expect(l1.certified).toBe(true);
    const errs = [1e-2, 1e-3, 1e-4].map((alpha) =>
      relErr(minQAlphaInterpolator(data.X, data.y, alpha).w, l1.w),
    );
    expect(errs[1]).toBeLessThan(errs[0] / 5);
    expect(errs[2]).toBeLessThan(errs[1] / 5);
    // The simulated flow at alpha = 1e-3 (train loss ~1e-10 by T = 2e4) is within 3e-3 of min-ℓ1.
    const flow = simulateGradientFlow(
      { ...base, alpha: 1e-3, T: 2e4 },
      { data, times: [0, 2e4], rtol: 1e-10, atol: 1e-12 },
    );
    expect(flow.converged).toBe(true);
    expect(relErr(flow.w, l1.w)).toBeLessThan(3e-3);
  });
});

describe('delta > 1 (theory/dln.md, "Implicit bias"): the limit is the least-squares solution for every alpha', () => {
  const p = { d: 20, n: 40, sigma: 0.3, seed: 2 };
  const over = createDlnData(validateDlnParams({ ...p, alpha: 1, T: 1 }));
  const ls = minL2Interpolator(over.X, over.y);

  it("noiseless labels give back w*", () => {
    const clean = createDlnData(validateDlnParams({ ...p, sigma: 0, alpha: 1, T: 1 }));
    const flow = simulateGradientFlow(
      { ...p, sigma: 0, alpha: 0.01, T: 2000 },
      { data: clean, times: [0, 2000] },
    );
    expect(relErr(flow.w, clean.wStar!)).toBeLessThan(1e-6);
  });

  it("noisy labels give the least-squares solution, for small and large alpha and in the saddle-to-saddle limit", () => {
    for (const [alpha, T] of [
      [0.01, 2000],
      [3, 5],
    ]) {
      const flow = simulateGradientFlow({ ...p, alpha, T }, { data: over, times: [0, T] });
      expect(relErr(flow.w, ls.w)).toBeLessThan(1e-6);
    }
    const s2s = saddleToSaddle(over.X, over.y);
    expect(s2s.converged).toBe(true);
    expect(relErr(s2s.saddles[s2s.saddles.length - 1], ls.w)).toBeLessThan(1e-10);
  });
});

describe("initial shape (u_i(0) = v_i(0) = alpha·s_i)", () => {
  it("converges to the minimum-Q interpolator with per-coordinate scales alpha·s_i", () => {
    const shape = Float64Array.from({ length: 60 }, (_, i) => 0.5 + (i % 5) / 2);
    const alpha = 0.3;
    const T = 3000;
    const flow = simulateGradientFlow(
      { ...base, alpha, shape, T },
      { data, times: [0, T], rtol: 1e-10, atol: 1e-12 },
    );
    const perCoordinate = minQAlphaInterpolator(
      data.X,
      data.y,
      shape.map((s) => alpha * s),
    );
    const uniform = minQAlphaInterpolator(data.X, data.y, alpha);
    expect(relErr(flow.w, perCoordinate.w)).toBeLessThan(1e-3);
    expect(relErr(flow.w, uniform.w)).toBeGreaterThan(1e-2);
    const uv = simulateGradientFlow({ ...base, alpha, shape, T: 50 }, { data, integrator: "uv", nTimes: 10 });
    expect(Math.max(...uv.conservedDrift)).toBeLessThan(1e-5);
  });
});
