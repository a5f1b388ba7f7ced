import { createRng } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { storageCapacity } from "../src/capacity.js";
import { exactFiniteKCapacity, exactFiniteKProfile } from "../src/capacity-exact-finite-k.js";
import { gardnerIntegral } from "../src/energetic.js";
import { reluDistanceAbove, reluDistanceBelow, signDistanceAbove } from "../src/ps-projection.js";
import { bruteForce } from "./brute-force-projection.js";

// theory/replica-finite-k.md, "Exact replica symmetry at finite K"
const M0 = 1 / Math.sqrt(2 * Math.PI);
const relu = (x: number) => Math.max(x, 0);

/** The sorted-decreasing field with its prefix sums and prefix sums of squares. */
function prep(t: number[]) {
  const s = Float64Array.from([...t].sort((a, b) => b - a));
  const p = new Float64Array(t.length + 1);
  const q = new Float64Array(t.length + 1);
  for (let k = 0; k < t.length; k++) {
    p[k + 1] = p[k] + s[k];
    q[k + 1] = q[k] + s[k] * s[k];
  }
  return { s, p, q };
}

describe("exact finite-K RS: projections against brute force", () => {
  const cases: Array<{ K: number; rho: number }> = [
    { K: 2, rho: 0.25 },
    { K: 2, rho: 1 },
    { K: 2, rho: 4 },
    { K: 3, rho: 0.2 },
    { K: 3, rho: 3 },
  ];
  it.each(cases)(
    "ReLU (both labels) and sign, K = $K, ρ = $rho",
    ({ K, rho }) => {
      const rng = createRng(`projection-${K}-${rho}`);
      for (let n = 0; n < (K === 2 ? 6 : 3); n++) {
        const t = Array.from(rng.fillNormal(new Float64Array(K)));
        const C = K * M0 + 0.3;
        const Cm = K * M0 - 0.2;
        const { s, p, q } = prep(t);
        const up = reluDistanceAbove(p, K, C, rho);
        const bUp = bruteForce(t, rho, (u) => u.reduce((a, x) => a + relu(x), 0) >= C);
        expect(up).toBeLessThanOrEqual(bUp * (1 + 1e-12) + 1e-12);
        expect(bUp - up).toBeLessThan(5e-5 * (1 + bUp));
        const down = reluDistanceBelow(s, p, q, K, Cm, rho);
        const bDown = bruteForce(t, rho, (u) => u.reduce((a, x) => a + relu(x), 0) <= Cm);
        expect(down).toBeLessThanOrEqual(bDown * (1 + 1e-12) + 1e-12);
        expect(bDown - down).toBeLessThan(5e-5 * (1 + bDown));
        const pos = 2; // sign: at least two units positive (K = 2: both; K = 3: a majority)
        const sg = signDistanceAbove(s, p, K, pos, rho);
        const bSg = bruteForce(t, rho, (u) => u.filter((x) => x >= 0).length >= pos);
        expect(sg).toBeLessThanOrEqual(bSg * (1 + 1e-12) + 1e-12);
        expect(bSg - sg).toBeLessThan(5e-5 * (1 + bSg));
      }
    },
    60_000,
  );
});

describe("exact finite-K RS capacity: closed forms, an independent value, calibration", () => {
  it("linear units: 1/(K·A(κ/√K)) (one perceptron in Σ_k w_k; 2/K at κ = 0), to 3 standard errors", () => {
    for (const [K, kappa] of [
      [2, 0],
      [3, 0.5],
    ]) {
      const r = exactFiniteKCapacity("linear", K, kappa, 0, { samples: 40_000, searchSamples: 3000 });
      const exact = 1 / (K * gardnerIntegral(kappa / Math.sqrt(K)));
      expect(Math.abs(r.alphaC - exact)).toBeLessThan(3 * r.standardError + 2e-3 * exact);
    }
  }, 30_000);

  it("sign at K = 2 (both units must agree): c → 1, one perceptron, α = 1 per parameter", () => {
    const r = exactFiniteKCapacity("sign", 2, 0, 0, { samples: 40_000, searchSamples: 3000 });
    expect(Math.abs(r.alphaC - 1)).toBeLessThan(3 * r.standardError + 2e-3);
    expect(r.c).toBeGreaterThan(0.99);
  }, 30_000);

  it("ReLU at K = 3 with uncorrelated units freezing alike (c = 0, ρ = 1): 2.666 ± 0.003 (an independent Monte Carlo)", () => {
    // the value reported with the issue that asked for this theory; detectable here: ≈ 1 %
    const [r] = exactFiniteKProfile("relu", 3, 0, M0, [0], { samples: 200_000, freezingRatio: 1, seed: 7 });
    const se = 0.0085; // measured spread of this estimator at 200 000 samples (2.674 ± 0.012 at 100 000)
    expect(Math.abs(r.alpha - 2.666)).toBeLessThan(3 * Math.hypot(se, 0.003));
  }, 30_000);

  it("ReLU: α_c(K) lies between K = 1 (1.7254) and K → ∞ (5.5039) and grows with K; the units anti-correlate", () => {
    const opts = { samples: 40_000, searchSamples: 3000 };
    const k2 = exactFiniteKCapacity("relu", 2, 0, M0, opts);
    const k4 = exactFiniteKCapacity("relu", 4, 0, M0, opts);
    expect(k2.alphaC).toBeGreaterThan(1.7254 + 3 * k2.standardError);
    expect(k4.alphaC).toBeGreaterThan(k2.alphaC + 3 * Math.hypot(k2.standardError, k4.standardError));
    expect(k4.alphaC).toBeLessThan(5.5039 - 3 * k4.standardError);
    expect(k2.c).toBeLessThan(0);
    expect(k4.c * 4).toBeLessThan(-1);
  }, 60_000);

  it("the maximum over c is interior (ReLU, K = 3): the profile is lower at both ends", () => {
    const lo = -0.5;
    const prof = exactFiniteKProfile("relu", 3, 0, M0, [lo + 1e-6, -0.45, 0.5], { samples: 4000 });
    expect(prof[1].alpha).toBeGreaterThan(prof[0].alpha);
    expect(prof[1].alpha).toBeGreaterThan(prof[2].alpha);
  }, 30_000);

  it("the reported standard error matches the spread over 10 seeds (within a factor 2)", () => {
    const vals: number[] = [];
    const ses: number[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const r = exactFiniteKCapacity("relu", 2, 0, M0, { samples: 20_000, searchSamples: 2000, seed });
      vals.push(r.alphaC);
      ses.push(r.standardError);
    }
    const m = vals.reduce((a, b) => a + b, 0) / vals.length;
    const sd = Math.sqrt(vals.reduce((a, b) => a + (b - m) ** 2, 0) / (vals.length - 1));
    const se = ses.reduce((a, b) => a + b, 0) / ses.length;
    expect(sd / se).toBeGreaterThan(0.5);
    expect(sd / se).toBeLessThan(2);
  }, 60_000);

  it("margins: 0 where one label's output cannot reach κ; ReLU twins scale the margin", () => {
    // ReLU: the output Σ(relu − m₀)/√K ≥ −√K·m₀, so y = −1 fails for κ > √K·m₀
    expect(exactFiniteKCapacity("relu", 3, Math.sqrt(3) * M0 + 0.01, M0).alphaC).toBe(0);
    // sign: |Σ sign| ≤ K, so κ√K > K gives 0; κ = 1 at K = 3 needs all three units (finite)
    expect(exactFiniteKCapacity("sign", 3, 2, 0).alphaC).toBe(0);
    const all3 = exactFiniteKCapacity("sign", 3, 1, 0, { samples: 20_000, searchSamples: 2000 });
    expect(all3.alphaC).toBeGreaterThan(0);
    const opts = { samples: 5000, searchSamples: 1000, seed: 2 };
    const a = storageCapacity({ activation: "relu", K: 3, kappa: 0.1 }, opts);
    const b = storageCapacity({ activation: { formula: "1 - 2*max(x, 0)" }, K: 3, kappa: 0.2 }, opts);
    expect(b.method).toBe("exact-rs-finite-k");
    expect(b.alphaC).toBe(a.alphaC);
  }, 60_000);
});
