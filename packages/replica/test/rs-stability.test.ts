import { gaussHermite, logH, normalCdf } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import {
  alphaPSB,
  createActivation,
  gardnerIntegral,
  type LargeKProblem,
  largeKProblem,
  repliconAtCapacityLargeK,
  repliconLargeK,
  solveSaddlePoint,
  storageCapacity,
  sweepAlpha,
} from "../src/index.js";

// Stability of the K → ∞ replica-symmetric solutions (theory/replica.md, "Stability of the replica-symmetric
// solutions"): the replicon eigenvalue against (1) an independent one-step RSB free entropy written out here,
// (2) the PS instability from the small-q expansion, (3) Gardner & Derrida's perceptron, (4) the q → 1 closed form.

/** Kernels written out here (not the package's): ReLU's arc-cosine and erf's arcsine, minus b₁²q, over V₂. */
const RELU = {
  V2: 0.25 - 1 / (2 * Math.PI),
  rho2: (q: number) =>
    ((Math.sqrt(1 - q * q) + q * (Math.PI - Math.acos(q)) - 1) / (2 * Math.PI) - 0.25 * q) /
    (0.25 - 1 / (2 * Math.PI)),
};
const ERF_B1SQ = 4 / (3 * Math.PI);
const ERF = {
  V2: (2 / Math.PI) * Math.asin(2 / 3) - ERF_B1SQ,
  rho2: (q: number) =>
    ((2 / Math.PI) * Math.asin((2 * q) / 3) - ERF_B1SQ * q) / ((2 / Math.PI) * Math.asin(2 / 3) - ERF_B1SQ),
};

/**
 * The 1RSB free entropy of the effective problem at zero margin, Parisi parameter m, overlaps q₀ < q₁ (r_i = ρ₂(q_i)):
 * ½[((m−1)/m) log(1−q₁) + (1/m) log D + q₀/D] + (α/m) E_{t₀} log E_{t₁} H(u)^m, D = 1 − q₁ + m(q₁ − q₀),
 * u = −(√r₀ t₀ + √(r₁ − r₀) t₁)/√(1 − r₁). Nested 100-point Gauss–Hermite.
 */
function phi1rsb(rho2: (q: number) => number, alpha: number, q0: number, q1: number, m: number): number {
  const D = 1 - q1 + m * (q1 - q0);
  const gs = 0.5 * (((m - 1) / m) * Math.log(1 - q1) + Math.log(D) / m + q0 / D);
  const r0 = rho2(q0);
  const r1 = rho2(q1);
  const { nodes, weights } = gaussHermite(100);
  let ge = 0;
  for (let i = 0; i < nodes.length; i++) {
    let mx = Number.NEGATIVE_INFINITY;
    const lm = new Float64Array(nodes.length);
    for (let j = 0; j < nodes.length; j++) {
      const u = -(Math.sqrt(r0) * nodes[i] + Math.sqrt(r1 - r0) * nodes[j]) / Math.sqrt(1 - r1);
      lm[j] = m * logH(u);
      if (lm[j] > mx) mx = lm[j];
    }
    let s = 0;
    for (let j = 0; j < nodes.length; j++) s += weights[j] * Math.exp(lm[j] - mx);
    ge += (weights[i] * (mx + Math.log(s))) / m;
  }
  return gs + alpha * ge;
}

/**
 * The curvature [φ_1RSB(q − (1−m)δ/m, q + δ) − φ_RS]/δ² of the 1RSB free entropy in the pure replicon direction, at
 * δ = 0.01 and 0.02, Richardson-extrapolated (the O(δ³) term).
 */
function repliconCurvature(rho2: (q: number) => number, alpha: number, q: number, m: number): number {
  const phiRs = phi1rsb(rho2, alpha, q, q, m);
  const c = (dl: number) => (phi1rsb(rho2, alpha, q - ((1 - m) * dl) / m, q + dl, m) - phiRs) / (dl * dl);
  return 2 * c(0.01) - c(0.02);
}

describe("the replicon of the K → ∞ RS solutions", () => {
  for (const [name, kernel, alpha] of [
    ["relu", RELU, 2],
    ["erf", ERF, 5],
  ] as const) {
    it(`${name}, alpha ${alpha}: the PSB solution's replicon equals the curvature of an independent 1RSB free entropy in the replicon direction (within 2 %)`, () => {
      const r = solveSaddlePoint({ activation: name, alpha });
      const psb = r.psb;
      expect(psb).not.toBeNull();
      if (psb === null || psb.replicon === null) return;
      const q = psb.q;
      for (const m of [0.3, 0.7]) {
        const curvature = repliconCurvature(kernel.rho2, alpha, q, m);
        const predicted = (-(1 - m) * psb.replicon) / (4 * m * (1 - q) ** 2);
        expect(Math.abs(curvature - predicted)).toBeLessThan(0.02 * Math.abs(predicted));
      }
      // and the solution is reported unstable (Λ > 0): RSB is needed on the PSB branch
      expect(psb.replicon).toBeGreaterThan(0);
      expect(psb.rsStable).toBe(false);
    }, 60_000);
  }

  it("the 1RSB check can fail: a replicon off by 10 % lies outside its 2 % window", () => {
    const r = solveSaddlePoint({ activation: "relu", alpha: 2 });
    const q = r.psb?.q ?? Number.NaN;
    const lam = r.psb?.replicon ?? Number.NaN;
    const m = 0.7;
    const curvature = repliconCurvature(RELU.rho2, 2, q, m);
    const wrong = (-(1 - m) * (1.1 * (lam + 1) - 1)) / (4 * m * (1 - q) ** 2);
    expect(Math.abs(curvature - wrong)).toBeGreaterThan(0.02 * Math.abs(wrong));
  }, 60_000);

  it("at q = 0 the replicon is −4 × the q² coefficient of an independently computed φ(q) − φ_PS (ReLU): Λ = α/α_inst − 1", () => {
    const alpha = 1.2;
    const { nodes, weights } = gaussHermite(100);
    const phi = (q: number) => {
      const r = RELU.rho2(q);
      let ge = 0;
      for (let i = 0; i < nodes.length; i++)
        ge += weights[i] * logH((-Math.sqrt(r) * nodes[i]) / Math.sqrt(1 - r));
      return 0.5 * (Math.log1p(-q) + q / (1 - q)) + alpha * ge;
    };
    // −4[φ(q) − φ(0)]/q² = Λ(0) + O(q): extrapolated from q = 2e-3 and 1e-3
    const f = (q: number) => (-4 * (phi(q) - phi(0))) / (q * q);
    const fromExpansion = 2 * f(1e-3) - f(2e-3);
    const r = solveSaddlePoint({ activation: "relu", alpha });
    expect(r.ps.replicon).not.toBeNull();
    expect(Math.abs((r.ps.replicon ?? 0) - fromExpansion)).toBeLessThan(2e-3);
    // α_inst = π V₂/(4 b₂²) at κ = 0 with b₂² = 1/(4π) for ReLU: α_inst = π² V₂
    expect(Math.abs((r.ps.replicon ?? 0) - (alpha / (Math.PI ** 2 * RELU.V2) - 1))).toBeLessThan(1e-9);
    expect(r.ps.rsStable).toBe(false);
    expect(solveSaddlePoint({ activation: "relu", alpha: 0.5 }).ps.rsStable).toBe(true);
  });

  it("odd activations: the PS solution (q = 0) stays replicon-stable (b₂ = 0), the PSB branch does not", () => {
    const sw = sweepAlpha({ activation: "erf", alphas: [1, 3, 4.5, 6, 7] });
    for (const pt of sw.points) {
      expect(pt.ps.rsStable).toBe(true);
      if (pt.psb) expect(pt.psb.rsStable).toBe(false);
    }
  });

  it("every built-in with a finite alpha_c: the whole PSB branch between alpha_PSB and alpha_c is replicon-unstable", () => {
    for (const a of ["relu", "erf", "tanh", "sigmoid", "softplus", "gelu", "quadratic"] as const) {
      const aPsb = alphaPSB({ activation: a }).alphaPSB ?? Number.NaN;
      const aC = storageCapacity({ activation: a }).alphaC ?? Number.NaN;
      const alphas = [0.05, 0.25, 0.5, 0.75, 0.95].map((f) => aPsb + f * (aC - aPsb));
      for (const pt of sweepAlpha({ activation: a, alphas }).points) {
        expect(pt.phase).toBe("PSB");
        expect(pt.psb?.replicon ?? -1).toBeGreaterThan(0);
      }
    }
  }, 60_000);

  it("perceptron (ρ₂(q) = q): Gardner & Derrida's α E(log H)″² − 1, marginal at the capacity for κ = 0 and stable there for κ > 0", () => {
    for (const kappa of [0, 0.5, 1]) {
      const p: LargeKProblem = {
        activation: createActivation("linear"),
        kappa,
        V2: 1,
        S2: 1,
        b2sq: 0,
        kappaTilde: kappa,
        rho2: (q) => q,
        rho2Prime: () => 1,
        rho2Second: () => 0,
      };
      const A = gardnerIntegral(kappa);
      const closed = normalCdf(kappa) / A - 1;
      expect(Math.abs(repliconAtCapacityLargeK(p) - closed)).toBeLessThan(1e-12);
      // the general formula at q → 1 reaches the same limit (corrections O(√(1 − q)))
      expect(Math.abs(repliconLargeK(p, 1 / A, 1 - 1e-10) - closed)).toBeLessThan(1e-3);
      if (kappa === 0) expect(Math.abs(closed)).toBeLessThan(1e-15);
      else expect(closed).toBeLessThan(-0.1);
    }
  });

  it("q → 1 at α_c: Λ → s Φ(κ̃)/A(κ̃) + ρ₂″(1)/s − 1 (erf, quadratic; kernels' second derivatives written out)", () => {
    // erf: κ″(1) = (2/π)(2/3)(4/9)/(5/9)^{3/2}; s = S₂/V₂ with S₂ = E g′² − b₁² = 4/(π√5) − 4/(3π)
    const s = (4 / (Math.PI * Math.sqrt(5)) - ERF_B1SQ) / ERF.V2;
    const k2 = ((2 / Math.PI) * (2 / 3) * (4 / 9)) / (5 / 9) ** 1.5;
    const erf = largeKProblem(createActivation("erf"), 0);
    const expected = s + k2 / ERF.V2 / s - 1;
    expect(Math.abs(repliconAtCapacityLargeK(erf) - expected)).toBeLessThan(1e-9 * expected);
    expect(Math.abs(repliconLargeK(erf, 2 * s, 1 - 1e-10) - expected)).toBeLessThan(1e-3 * expected);
    // quadratic: ρ₂ = q², s = 2, ρ₂″ = 2 → Λ = 2 + 1 − 1 = 2
    expect(
      Math.abs(repliconAtCapacityLargeK(largeKProblem(createActivation("quadratic"), 0)) - 2),
    ).toBeLessThan(1e-12);
  });

  it("storageCapacity reports the capacity's RS instability (ReLU: replicon → ∞; every built-in with finite α_c unstable at κ = 0)", () => {
    const relu = storageCapacity({ activation: "relu" });
    expect(relu.rsStability?.stable).toBe(false);
    expect(relu.rsStability?.repliconAtCapacity).toBeNull();
    for (const a of ["erf", "tanh", "sigmoid", "softplus", "gelu", "quadratic"] as const) {
      const c = storageCapacity({ activation: a });
      expect(c.rsStability?.stable).toBe(false);
      // Λ ≥ s − 1 ≥ 1 at κ = 0
      expect(c.rsStability?.repliconAtCapacity ?? Number.POSITIVE_INFINITY).toBeGreaterThanOrEqual(
        (c.details.s ?? 0) - 1,
      );
    }
    // with a margin: ρ₂″(1)/s = Σ n(n−1)b_n²/Σ n b_n² ≥ 1, so Λ ≥ s Φ(κ̃)/A(κ̃) > 0 at every κ
    for (const kappa of [0.5, 2])
      for (const a of ["erf", "quadratic", "softplus"] as const) {
        const c = storageCapacity({ activation: a, kappa });
        const kt = c.details.kappaTilde;
        const bound = ((c.details.s ?? 0) * normalCdf(kt)) / gardnerIntegral(kt);
        expect(c.rsStability?.repliconAtCapacity ?? 0).toBeGreaterThanOrEqual(bound * (1 - 1e-9));
        expect(c.rsStability?.stable).toBe(false);
      }
    expect(storageCapacity({ activation: "sign" }).rsStability).toBeUndefined();
    // at K = 1 the two half-lines are convex: Gardner–Derrida, stable (test/rs-stability-finite-k.test.ts)
    expect(storageCapacity({ activation: "relu", K: 1 }).rsStability?.stable).toBe(true);
  });
});
