import { gammaP, gaussKronrod } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import {
  createActivation,
  exactK2Problem,
  exactPSInstabilityK2,
  psInstabilityClosedForm,
  psInstabilityFiniteK,
  quadraticCoefficient,
  quadraticPSInstability,
  solveExactPSK2,
} from "../src/index.js";

// The exact PS instability at finite K by the cheapest exact method (theory/replica-finite-k.md, "The PS instability for any K").
// Independent checks of the quadratic's closed form: K = 2 against (e − 1)²/(1 + (e − 1)²) and against the K = 2
// quadrature scan at a margin (where no closed form was derived before), odd K against a quadrature of the χ² density
// written here, and its premise (c = 0 is a maximum along the within-replica direction) by a second quadrature. The
// dispatch itself: the closed forms where no scan is needed, the refusal of non-monotone g at K ≥ 3, the Monte Carlo
// path at K = 5.

/** Γ(a) for integer or half-integer a, by Γ(a + 1) = aΓ(a) from Γ(1) = 1, Γ(1/2) = √π. */
function gammaHalfInteger(a: number): number {
  let g = Number.isInteger(a) ? 1 : Math.sqrt(Math.PI);
  for (let k = Number.isInteger(a) ? 1 : 0.5; k < a; k++) g *= k;
  return g;
}

/** ∫ x^j f_K(x) dx over [lo, hi] for the χ²_K density f_K, in x = u² (smooth at 0 for every K ≥ 1). */
function chi2Moment(K: number, j: number, lo: number, hi: number): number {
  const norm = 2 ** (K / 2) * gammaHalfInteger(K / 2);
  // x = u²: x^{K/2 − 1 + j} e^{−x/2} dx = 2u^{K − 1 + 2j} e^{−u²/2} du
  const f = (u: number) => (2 * u ** (K - 1 + 2 * j) * Math.exp(-(u * u) / 2)) / norm;
  return gaussKronrod(f, Math.sqrt(lo), Math.sqrt(hi), { absTol: 1e-15, relTol: 1e-13 }).value;
}

/** The criterion 1 − (αK/2)Σγ² = 0 at q = c = 0 with γ_y from quadratures of the χ² density (a = 1). */
function quadraticByQuadrature(K: number, kappa: number): number {
  const xPlus = K + kappa * Math.sqrt(K);
  const xMinus = K - kappa * Math.sqrt(K);
  const top = xPlus + 400;
  const gPlus = chi2Moment(K, 1, xPlus, top) / chi2Moment(K, 0, xPlus, top) / K - 1;
  const gMinus = chi2Moment(K, 1, 0, xMinus) / chi2Moment(K, 0, 0, xMinus) / K - 1;
  return 2 / (K * (gPlus * gPlus + gMinus * gMinus));
}

describe("the quadratic's PS instability in closed form", () => {
  it("K = 2, κ = 0: (e − 1)²/(1 + (e − 1)²); odd and even K against a quadrature of the χ² density to 1e-10", () => {
    const e = Math.E;
    expect(Math.abs(quadraticPSInstability(2, 0) - (e - 1) ** 2 / (1 + (e - 1) ** 2))).toBeLessThan(1e-13);
    for (const K of [3, 4, 5, 8, 12]) {
      for (const kappa of [0, 0.3, 1]) {
        expect(Math.abs(quadraticPSInstability(K, kappa) - quadraticByQuadrature(K, kappa))).toBeLessThan(
          1e-10,
        );
      }
    }
    // measured: 0.760267 at K = 3, 0.766768 at K = 4 (κ = 0)
    expect(quadraticPSInstability(3, 0)).toBeCloseTo(0.760267, 6);
  });

  it("the margin's dependence against the K = 2 quadrature scan (κ = 0.3, and g = 2x² + 1 at κ = 0.6), to 1e-6", () => {
    // the scan solves the exact K = 2 free entropy (discs and their complements) without assuming q = c = 0; it finds
    // them (measured 0.5259660634 against 0.5259660197: Newton leaves c ≈ 6e-8)
    const scan = exactPSInstabilityK2(createActivation("quadratic"), 0.3, { errorEstimate: false });
    expect(scan.converged).toBe(true);
    expect(scan.ps.q).toBe(0);
    expect(Math.abs(scan.alphaInstability - quadraticPSInstability(2, 0.3))).toBeLessThan(1e-6);
    // a = 2 halves the margin in |u|² units: 2x² + 1 at κ = 0.6 is x² at κ = 0.3
    const scaled = createActivation({ formula: "2*x^2 + 1" });
    expect(quadraticCoefficient(scaled)).toBeCloseTo(2, 12);
    const scan2 = exactPSInstabilityK2(scaled, 0.6, { errorEstimate: false });
    expect(Math.abs(scan2.alphaInstability - quadraticPSInstability(2, 0.6, 2))).toBeLessThan(1e-6);
    expect(quadraticPSInstability(2, 0.6, 2)).toBeCloseTo(quadraticPSInstability(2, 0.3), 14);
    // a (K − κ√K) ≤ 0 leaves one label no set
    expect(quadraticPSInstability(2, 2)).toBeNaN();
  }, 60_000);

  it("its premise: at q = 0 the energetic term is concave in the within-replica correlation at c = 0 (K = 3, 4)", () => {
    // u ~ N(0, I + ε(11ᵀ − I)): |u|² = λ₁χ²₁ + λ₂χ²_{K−1}, λ₁ = 1 + ε(K − 1), λ₂ = 1 − ε. The entropic term
    // (1/2K) log det is concave in ε; if the energetic term ½Σ_y log Z_y is too, c = 0 is a maximum at every α, so the
    // PS solution stays at c = 0 up to its instability. Reference (scipy quadrature, not in the repository): −0.16832
    // at K = 3, −0.21099 at K = 4.
    const energetic = (K: number, eps: number) => {
      const l1 = 1 + eps * (K - 1);
      const l2 = 1 - eps;
      // P(λ₁X₁ + λ₂X_{K−1} ≤ K): X₁ = v² with v standard normal, the rest by gammaP
      const f = (v: number) =>
        (Math.exp(-(v * v) / 2) / Math.sqrt(2 * Math.PI)) *
        2 *
        gammaP((K - 1) / 2, (K - l1 * v * v) / l2 / 2);
      const below = gaussKronrod(f, 0, Math.sqrt(K / l1), { absTol: 1e-15, relTol: 1e-14 }).value;
      return 0.5 * Math.log(below) + 0.5 * Math.log(1 - below);
    };
    const h = 2e-3;
    for (const [K, ref] of [
      [3, -0.16832],
      [4, -0.21099],
    ]) {
      const curvature = (energetic(K, h) - 2 * energetic(K, 0) + energetic(K, -h)) / (h * h);
      expect(Math.abs(curvature - ref)).toBeLessThan(2e-4);
    }
  });
});

describe("psInstabilityFiniteK: the exact method for each K", () => {
  it("closed forms: the quadratic (any formula a·x² + b) at K ≥ 3, linear g at any K, odd increasing g at K = 2, κ = 0", () => {
    const q3 = psInstabilityFiniteK(createActivation({ formula: "x^2" }), 3, 0, { alphaMax: 4 });
    expect(q3.method).toBe("closed-form");
    expect(q3.found).toBe(true);
    expect(q3.alphaInstability).toBe(quadraticPSInstability(3, 0));
    expect(q3.q).toBe(0);
    const above = psInstabilityFiniteK(createActivation("quadratic"), 5, 0, { alphaMax: 0.7 });
    expect(above.found).toBe(false);
    expect(above.stableUpTo).toBe(0.7);
    // κ = 2 at K = 3: K − κ√K < 0 leaves the −1 label no set; nothing is claimed stable
    const empty = psInstabilityFiniteK(createActivation("quadratic"), 3, 2, { alphaMax: 4 });
    expect(empty.found).toBe(false);
    expect(empty.converged).toBe(false);
    expect(empty.stableUpTo).toBeNaN();
    for (const [name, K] of [
      ["linear", 5],
      ["erf", 2],
      ["tanh", 2],
    ] as const) {
      const r = psInstabilityFiniteK(createActivation(name), K, 0, { alphaMax: 1 });
      expect(r.method).toBe("closed-form");
      expect(r.found).toBe(false);
      expect(r.converged).toBe(true);
      expect(r.stableUpTo).toBe(1);
    }
    // which cases get a closed form, as the CLI asks before deciding whether to scan
    expect(psInstabilityClosedForm(createActivation("quadratic"), 3, 0.5)).toBe(true);
    expect(psInstabilityClosedForm(createActivation("linear"), 7, 0.5)).toBe(true);
    expect(psInstabilityClosedForm(createActivation("erf"), 2, 0)).toBe(true);
    expect(psInstabilityClosedForm(createActivation("erf"), 2, 0.5)).toBe(false);
    expect(psInstabilityClosedForm(createActivation("erf"), 3, 0)).toBe(false);
    expect(psInstabilityClosedForm(createActivation("relu"), 3, 0)).toBe(false);
    // not quadratic: ReLU, and x² plus a small quartic
    expect(quadraticCoefficient(createActivation("relu"))).toBeNull();
    expect(quadraticCoefficient(createActivation({ formula: "x^2 + 1e-6*x^4" }))).toBeNull();
  });

  it("refuses a g whose sets are not half-lines at K ≥ 3, and K outside [2, 12], naming the argument", () => {
    // GELU's sets are half-lines up to K = 8 at zero margin, not at K = 10; sin's nowhere
    expect(() => psInstabilityFiniteK(createActivation("gelu"), 10, 0)).toThrow(/activation.*half-lines/);
    expect(() => psInstabilityFiniteK(createActivation({ formula: "sin(x)" }), 3, 0)).toThrow(
      /activation.*half-lines/,
    );
    expect(() => psInstabilityFiniteK(createActivation("relu"), 13, 0)).toThrow(
      /K must be an integer in \[2, 12\]/,
    );
    expect(() => psInstabilityFiniteK(createActivation("relu"), 1, 0)).toThrow(/K must be/);
    expect(() => psInstabilityFiniteK(createActivation("relu"), 3, -1)).toThrow(/kappa/);
  });

  it("a scan that stops on a failed solve reports the PS solution at stableUpTo, not the failed attempt", () => {
    // tanh at K = 2 with margin 0.2: the units merge (c → 2) as the load nears the capacity, where the solves stop
    const act = createActivation("tanh");
    const r = psInstabilityFiniteK(act, 2, 0.2, { alphaMax: 4, errorEstimate: false });
    expect(r.found).toBe(false);
    expect(r.converged).toBe(false);
    expect(r.stableUpTo).toBeLessThan(1);
    // re-solved at stableUpTo from the reported point, Newton stays there (the failed attempt sat at q ≈ 5e-5)
    const ps = solveExactPSK2(exactK2Problem(act, 0.2), act, r.stableUpTo, { p: 2 * r.q, c: r.c });
    expect(ps.converged).toBe(true);
    expect(Math.abs(ps.q - r.q)).toBeLessThan(1e-6);
    expect(Math.abs(ps.c - r.c)).toBeLessThan(1e-6);
  }, 60_000);

  it("K = 5 by Monte Carlo: a jackknife error and a t interval; consistent with the 1008-direction value (consistency check)", () => {
    const r = psInstabilityFiniteK(createActivation("relu"), 5, 0, {
      directions: 32,
      alphaStart: 0.7,
      alphaMax: 1,
    });
    expect(r.method).toBe("monte-carlo");
    expect(r.found).toBe(true);
    expect(r.converged).toBe(true);
    expect(r.directions).toBe(32);
    expect(r.degreesOfFreedom).toBe(7);
    expect(r.standardError).toBeGreaterThan(0);
    expect(r.interval95[0]).toBeLessThan(r.alphaInstability);
    expect(r.interval95[1]).toBeGreaterThan(r.alphaInstability);
    // the theory page's 0.7685 ± 0.0026 (1008 directions, seed 1): within t₀.₉₉₅(7) = 3.5 combined errors (measured
    // 0.7726 ± 0.0101, 0.4 of them); the errors are of a size that a 5 % shift (0.04) would exceed
    const combined = Math.hypot(r.standardError, 0.0026);
    expect(Math.abs(r.alphaInstability - 0.7685)).toBeLessThan(3.5 * combined);
    expect(combined).toBeLessThan(0.012);
  }, 120_000);
});
