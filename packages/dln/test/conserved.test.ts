import { describe, expect, it } from "vitest";
import { simulateGradientFlow } from "../src/index.js";
import { relErr } from "./helpers.js";

const params = { d: 60, n: 30, alpha: 0.1, rho: 0.2, sigma: 0.1, T: 200, seed: 11 };

describe('conserved quantity (theory/dln.md, "Gradient flow": u_i v_i = alpha²)', () => {
  it("keeps u_i v_i = alpha² to within the integrator tolerance when (u, v) are integrated", () => {
    const res = simulateGradientFlow(params, { integrator: "uv", rtol: 1e-9, atol: 1e-12, nTimes: 40 });
    expect(res.converged).toBe(true);
    // The flow really moved (the loss fell by orders of magnitude), yet the product held.
    expect(res.trainLoss[res.trainLoss.length - 1]).toBeLessThan(1e-3 * res.trainLoss[0]);
    expect(Math.max(...res.conservedDrift)).toBeLessThan(1e-6);
  });
  it("keeps the energy balance L(t) + ∫ Σ F g² = L(0) in the mirror variables", () => {
    const res = simulateGradientFlow(params, { rtol: 1e-9, atol: 1e-12, nTimes: 40 });
    expect(res.converged).toBe(true);
    expect(Math.max(...res.conservedDrift)).toBeLessThan(1e-6);
  });
  it("gives the same trajectory in the mirror variables φ and in (u, v)", () => {
    const times = [0, 0.5, 2, 10, 50, 200];
    const a = simulateGradientFlow(params, {
      integrator: "uv",
      rtol: 1e-10,
      atol: 1e-13,
      times,
      recordW: true,
    });
    const b = simulateGradientFlow(params, {
      integrator: "mirror",
      rtol: 1e-10,
      atol: 1e-13,
      times,
      recordW: true,
    });
    for (let k = 1; k < times.length; k++)
      expect(relErr(b.trajectory![k], a.trajectory![k])).toBeLessThan(1e-6);
  });
});
