import { describe, expect, it } from "vitest";
import { createActivation } from "../src/activations.js";
import { storageCapacity } from "../src/capacity.js";
import { exactFiniteKCapacity } from "../src/capacity-exact-finite-k.js";

// A learned output threshold θ (theory/replica.md, "Model"): the output Σ(g − m₀)/√K is compared with θ, optimised
// with the weights; the centred output is θ = 0. Checks against closed forms of the K = 1 perceptron.

describe("learned output threshold", () => {
  it("K = 1, ReLU: a perceptron whose threshold may go to 0⁺, α_c → 2 (centred: 2/(1 + m₀²) = 1.7254)", () => {
    const r = storageCapacity({ activation: "relu", K: 1, threshold: "learned" });
    expect(Math.abs((r.alphaC as number) - 2)).toBeLessThan(1e-6);
    expect(r.details.theta).toBeCloseTo(-1 / Math.sqrt(2 * Math.PI), 6);
  });

  it("K = 1, quadratic: |h| against a = √(1 + θ), E d² = ½(1 − 2a√(2/π) + a²), α_c = 2/(1 − 2/π) at a = √(2/π)", () => {
    const r = storageCapacity({ activation: "quadratic", K: 1, threshold: "learned" });
    expect(Math.abs((r.alphaC as number) / (2 / (1 - 2 / Math.PI)) - 1)).toBeLessThan(1e-7);
    expect(r.details.theta).toBeCloseTo(2 / Math.PI - 1, 6);
  });

  it("K = 1, odd activations (erf, tanh, sign, linear): θ = 0 and α_c = 2, as centred", () => {
    for (const a of ["erf", "tanh", "sign", "linear"] as const) {
      const r = storageCapacity({ activation: a, K: 1, threshold: "learned" });
      expect(Math.abs((r.alphaC as number) - 2)).toBeLessThan(1e-7);
      expect(Math.abs(r.details.theta)).toBeLessThan(1e-6);
    }
  });

  it("K → ∞ and the Gaussian-equivalent finite K: θ = 0, the centred value (a Gaussian output symmetric about 0)", () => {
    const c = storageCapacity({ activation: "erf" });
    const l = storageCapacity({ activation: "erf", threshold: "learned" });
    expect(l.alphaC).toBe(c.alphaC);
    expect(l.details.theta).toBe(0);
    const ge = { finiteKMethod: "gaussian-equivalent" } as const;
    const g = storageCapacity({ activation: "tanh", K: 3, threshold: "learned" }, ge);
    expect(g.alphaC).toBe(storageCapacity({ activation: "tanh", K: 3 }, ge).alphaC);
  });

  it("smooth units at K = 2 (exact RS): α_c(θ) even in θ for odd g; the learned θ beats fixed ones on the same samples", () => {
    // consistency checks of the threshold's plumbing and search (no closed form at finite K)
    const erf = createActivation("erf");
    const small = { activation: erf, samples: 4000, searchSamples: 500, seed: 2 };
    const plus = exactFiniteKCapacity("smooth", 2, 0.1, erf.m0, { ...small, theta: 0.2 });
    const minus = exactFiniteKCapacity("smooth", 2, 0.1, erf.m0, { ...small, theta: -0.2 });
    // g odd: θ → −θ mirrors both labels' sets (t → −t), so α_c(θ) = α_c(−θ) in distribution: two-sided within 3
    // combined standard errors (≈ 5 % here; the sets of a sign error in one label's θ differ by far more)
    const se = Math.hypot(plus.standardError, minus.standardError);
    expect(Math.abs(plus.alphaC - minus.alphaC)).toBeLessThan(3 * se);
    const centred = exactFiniteKCapacity("smooth", 2, 0.1, erf.m0, small);
    expect(Math.abs(plus.alphaC - centred.alphaC)).toBeGreaterThan(3 * Math.hypot(se, centred.standardError));
    const softplus = createActivation("softplus");
    const opts = { activation: softplus, samples: 4000, searchSamples: 500, seed: 3 };
    const l = exactFiniteKCapacity("smooth", 2, 0, softplus.m0, { ...opts, threshold: "learned" });
    for (const theta of [-0.1, 0, 0.1]) {
      const f = exactFiniteKCapacity("smooth", 2, 0, softplus.m0, { ...opts, theta });
      expect(l.searchAlphaC).toBeGreaterThanOrEqual(f.searchAlphaC * (1 - 1e-3));
    }
    expect(() =>
      exactFiniteKCapacity("smooth", 2, 0, softplus.m0, { ...opts, threshold: "learned", theta: 0.1 }),
    ).toThrow(/theta/);
  }, 180_000);

  it("ReLU at K = 2 (exact RS): the learned value is at least the centred one within errors; sign refuses it", () => {
    const opts = { samples: 20_000, searchSamples: 1500, seed: 4 };
    const c = storageCapacity({ activation: "relu", K: 2 }, opts);
    const l = storageCapacity({ activation: "relu", K: 2, threshold: "learned" }, opts);
    expect(l.alphaC as number).toBeGreaterThan(
      (c.alphaC as number) - 3 * Math.hypot(c.standardError as number, l.standardError as number),
    );
    expect(Number.isFinite(l.details.theta)).toBe(true);
    expect(() => storageCapacity({ activation: "sign", K: 3, threshold: "learned" }, opts)).toThrow(
      /threshold/,
    );
    expect(() => storageCapacity({ activation: "relu", K: 1, threshold: "maybe" as never })).toThrow(
      /threshold/,
    );
  }, 120_000);
});
