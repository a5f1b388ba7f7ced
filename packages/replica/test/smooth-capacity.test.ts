import { describe, expect, it } from "vitest";
import { createActivation } from "../src/activations.js";
import { storageCapacity } from "../src/capacity.js";
import { exactFiniteKCapacity, exactFiniteKProfile } from "../src/capacity-exact-finite-k.js";
import { gardnerIntegral } from "../src/energetic.js";

// theory/replica-finite-k.md, "Smooth activations": the exact finite-K RS capacity of smooth units
// (candidate-and-Newton projections) against closed forms and the polyhedral (ReLU) machinery.
const opts = { samples: 40_000, searchSamples: 3000 };

describe("exact finite-K RS, smooth units", () => {
  it("linear g through the smooth projection: 1/(K·A(κ/√K)) (2/K at κ = 0), to 3 standard errors", () => {
    const lin = createActivation("linear");
    for (const [K, kappa] of [
      [2, 0],
      [3, 0.5],
    ]) {
      const r = exactFiniteKCapacity("smooth", K, kappa, 0, { ...opts, activation: lin });
      const exact = 1 / (K * gardnerIntegral(kappa / Math.sqrt(K)));
      expect(Math.abs(r.alphaC - exact)).toBeLessThan(3 * r.standardError + 5e-3 * exact);
      expect(r.projectionFailures).toBe(0);
    }
  }, 60_000);

  it("erf and tanh at K = 2, κ = 0 (the acceptance sets are half-planes): α(c, ρ) = (2/K)(1 + ρλ_⊥/λ_U) at fixed (c, ρ)", () => {
    // E D = E[(Σt)₋²]/(ρK) = λ_U/(2ρ) exactly; the estimate's relative s.e. is √(5/N) = 1.1 % at N = 40 000
    for (const name of ["erf", "tanh"] as const) {
      const act = createActivation(name);
      for (const [c, rho] of [
        [-0.5, 0.3],
        [0.2, 2],
      ]) {
        const [r] = exactFiniteKProfile("smooth", 2, 0, 0, [c], {
          samples: 40_000,
          freezingRatio: rho,
          activation: act,
        });
        const exact = 1 + (rho * (1 - c)) / (1 + c);
        expect(Math.abs(r.alpha / exact - 1), `${name} c = ${c} ρ = ${rho}`).toBeLessThan(
          3.5 * Math.sqrt(5 / 40_000),
        );
      }
    }
  }, 60_000);

  it("odd g concave on (0, ∞) at K = 3 in the plane Σh = 0 has the sign committee's set (median ≥ 0): erf, tanh, sigmoid against the sign enumeration at λ_U = 1e-8, ρ = 1e-6, within 1e-3", () => {
    // g(a) + g(b) − g(a + b) ≥ 0 for a, b ≥ 0 (subadditivity), so Σ_k g(u_k) has the sign of the median when
    // Σu = 0; at ρ → 0 moves out of the plane cost ≫ their gain. Same samples on both sides: the two independent
    // projection codes (Newton from 2^K starts; sign's closed-form cone projection) are compared directly.
    const c = (1e-8 - 1) / 2;
    const o = { samples: 20_000, freezingRatio: 1e-6 };
    const [s] = exactFiniteKProfile("sign", 3, 0, 0, [c], o);
    for (const name of ["erf", "tanh", "sigmoid"] as const) {
      const act = createActivation(name);
      const [e] = exactFiniteKProfile("smooth", 3, 0, act.m0, [c], { ...o, activation: act });
      expect(Math.abs(e.alpha / s.alpha - 1), name).toBeLessThan(1e-3);
    }
  }, 60_000);

  it("a smoothed ReLU, softplus(20x)/20, at K = 2 lies within 3 % of the ReLU committee's polyhedral enumeration", () => {
    // a cross-check of two independent projection codes on nearby sets (the smoothing shifts α by O(1/20))
    const beta = 20;
    const sp = (z: number) =>
      z > 0 ? z + Math.log1p(Math.exp(-beta * z)) / beta : Math.log1p(Math.exp(beta * z)) / beta;
    const act = createActivation({
      fn: sp,
      derivative: (z) => 1 / (1 + Math.exp(-beta * z)),
      name: "softplus20",
    });
    expect(act.smooth).toBe(true);
    const smooth = exactFiniteKCapacity("smooth", 2, 0, act.m0, { ...opts, activation: act });
    const relu = exactFiniteKCapacity("relu", 2, 0, 1 / Math.sqrt(2 * Math.PI), opts);
    const se = Math.hypot(smooth.standardError, relu.standardError);
    expect(Math.abs(smooth.alphaC - relu.alphaC)).toBeLessThan(Math.max(3 * se, 0.03 * relu.alphaC));
    expect(smooth.projectionFailures).toBe(0);
  }, 120_000);

  it("a margin at or above √K·sup|g − m₀| gives 0 exactly (erf, K = 2, κ = √2)", () => {
    const r = storageCapacity({ activation: "erf", K: 2, kappa: Math.SQRT2 }, opts);
    expect(r.alphaC).toBe(0);
    expect(r.approximate).toBe(false);
  });

  it("storageCapacity: smooth built-ins at K = 3 use the exact theory (not the approximation), within K = 1 … the RS ceiling", () => {
    const seen: number[] = [];
    const r = storageCapacity({ activation: "softplus", K: 3 }, { ...opts, onProgress: (f) => seen.push(f) });
    expect(r.method).toBe("exact-rs-finite-k");
    // progress: reported along the way, never backwards, ending at 1
    expect(seen.length).toBeGreaterThan(10);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    expect(seen[seen.length - 1]).toBe(1);
    expect(r.approximate).toBe(false);
    expect(r.converged).toBe(true);
    expect(r.standardError).toBeGreaterThan(0);
    // above the exact perceptron (K = 1) of the same activation
    const k1 = storageCapacity({ activation: "softplus", K: 1 }).alphaC as number;
    expect(r.alphaC as number).toBeGreaterThan(k1);
    const ge = storageCapacity({ activation: "softplus", K: 3 }, { finiteKMethod: "gaussian-equivalent" });
    expect(ge.approximate).toBe(true);
  }, 120_000);
});
