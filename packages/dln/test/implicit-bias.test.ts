import { describe, expect, it } from "vitest";
import {
  basisPursuit,
  createDlnData,
  minL2Interpolator,
  minQAlphaInterpolator,
  simulateGradientFlow,
  validateDlnParams,
} from "../src/index.js";
import { distanceFromRowSpace, relErr, residualNorm } from "./helpers.js";

// delta = 0.5 < 1: the flow interpolates and its limit is the minimum-Q_alpha interpolator (spec §2).
const base = { d: 60, n: 30, rho: 0.1, sigma: 0, seed: 5 };
const data = createDlnData(validateDlnParams({ ...base, alpha: 1, T: 1 }));

// Final times long enough for the loss to reach rounding level (slowest rate ~ alpha-dependent).
const cases: Array<[number, number]> = [
  [1e-2, 2e4],
  [1e-1, 2e4],
  [1, 500],
  [10, 20],
];

describe("long-time limit vs the minimum-Q_alpha interpolator (spec §2)", () => {
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
