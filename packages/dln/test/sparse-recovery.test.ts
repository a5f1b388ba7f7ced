import { describe, expect, it } from "vitest";
import { basisPursuit, createDlnData, simulateGradientFlow, validateDlnParams } from "../src/index.js";
import { relErr } from "./helpers.js";

// Donoho–Tanner: at delta = 0.5 the weak ℓ1 phase transition sits at k/n ≈ 0.38 (k = rho·d non-zeros),
// so rho = 0.05 (k/n = 0.1) is well inside and rho = 0.5 (k/n = 1) well outside.
describe('noiseless sparse recovery (theory/dln.md, "Implicit bias"; Donoho–Tanner)', () => {
  it("recovers w* exactly well inside the region (delta = 0.5, rho = 0.05)", () => {
    for (const seed of [1, 2, 3]) {
      const data = createDlnData(validateDlnParams({ d: 200, delta: 0.5, rho: 0.05, alpha: 1, T: 1, seed }));
      const bp = basisPursuit(data.X, data.y);
      expect(bp.certified).toBe(true);
      expect(relErr(bp.w, data.wStar!)).toBeLessThan(1e-8);
    }
  });

  it("the small-alpha gradient flow generalises: ε_gen → ~0 inside the region", () => {
    const params = { d: 200, delta: 0.5, rho: 0.05, alpha: 1e-3, T: 3000, seed: 1 };
    const flow = simulateGradientFlow(params, { nTimes: 30, rtol: 1e-8, atol: 1e-10 });
    expect(flow.converged).toBe(true);
    expect(flow.genError[flow.genError.length - 1]).toBeLessThan(1e-4 * flow.genError[0]);
    expect(flow.supportRecovery[flow.supportRecovery.length - 1]).toBe(1);
  });

  it("fails well outside the region (delta = 0.5, rho = 0.5)", () => {
    for (const seed of [1, 2, 3]) {
      const data = createDlnData(validateDlnParams({ d: 200, delta: 0.5, rho: 0.5, alpha: 1, T: 1, seed }));
      const bp = basisPursuit(data.X, data.y);
      expect(bp.certified).toBe(true);
      expect(relErr(bp.w, data.wStar!)).toBeGreaterThan(0.1);
    }
  });
});
