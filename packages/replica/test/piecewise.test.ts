import { MeanfieldError, normalCdf, normalPdf } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { alphaC, alphaPSB, createActivation } from "../src/index.js";

// Independent closed forms for shifted ReLU and step, z ~ N(0, 1), a the shift, Q(a) = 1 − Φ(a):
// (z − a)₊: E = φ(a) − aQ, E (·)² = (1 + a²)Q − aφ(a), b₁ = E g′ = Q, E g′² = Q;
// sign(z − a): E = 1 − 2Φ(a), E (·)² = 1, b₁ = E[z g] = 2φ(a).
// K → ∞ capacity at zero margin: 2(E g′² − b₁²)/(Var g − b₁²) (theory/replica.md, "Capacity").
// Reference values (5.5039, alpha_PSB by quadrature):
// packages/replica/scripts/reference-values.py (section "piecewise.test.ts")
const rel = (x: number, y: number) => Math.abs(x - y) / Math.abs(y);
const largeK = (gp2: number, variance: number, b1: number) => (2 * (gp2 - b1 * b1)) / (variance - b1 * b1);

describe("formula and JS-function activations with kinks: piecewise quadrature to 1e-6", () => {
  it("max(x, 0) equals the built-in ReLU: moments, alpha_c at K → ∞ (5.5039), K = 4 and alpha_PSB = π²/4 − π/2", () => {
    const f = createActivation({ formula: "max(x, 0)" });
    expect(f.warnings).toHaveLength(0);
    const m0 = 1 / Math.sqrt(2 * Math.PI);
    const variance = 0.5 - 1 / (2 * Math.PI);
    expect(rel(f.m0, m0)).toBeLessThan(1e-10);
    expect(rel(f.variance, variance)).toBeLessThan(1e-10);
    expect(rel(f.b1, 0.5)).toBeLessThan(1e-10);
    expect(rel(f.gPrime2, 0.5)).toBeLessThan(1e-10);
    const cap = alphaC({ activation: { formula: "max(x, 0)" } }).alphaC as number;
    expect(rel(cap, largeK(0.5, variance, 0.5))).toBeLessThan(1e-6);
    expect(rel(cap, alphaC({ activation: "relu" }).alphaC as number)).toBeLessThan(1e-6);
    const fast = { samples: 5000, searchSamples: 1000 };
    const k4 = alphaC({ activation: { formula: "max(x, 0)" }, K: 4 }, fast).alphaC as number;
    expect(rel(k4, alphaC({ activation: "relu", K: 4 }, fast).alphaC as number)).toBeLessThan(1e-6);
    const psb = alphaPSB({ activation: { formula: "max(x, 0)" } }).alphaPSB as number;
    expect(rel(psb, (Math.PI * Math.PI) / 4 - Math.PI / 2)).toBeLessThan(1e-6);
  }, 30_000);

  it.each([0.7, -1.3])("max(x − a, 0) at a = %s: moments and alpha_c against the closed forms", (a) => {
    const f = createActivation({ formula: `max(x - (${a}), 0)` });
    const Q = 1 - normalCdf(a);
    const m0 = normalPdf(a) - a * Q;
    const variance = (1 + a * a) * Q - a * normalPdf(a) - m0 * m0;
    expect(rel(f.m0, m0)).toBeLessThan(1e-9);
    expect(rel(f.variance, variance)).toBeLessThan(1e-9);
    expect(rel(f.b1, Q)).toBeLessThan(1e-9);
    expect(rel(f.gPrime2, Q)).toBeLessThan(1e-9);
    const cap = alphaC({ activation: f }).alphaC as number;
    expect(rel(cap, largeK(Q, variance, Q))).toBeLessThan(1e-6);
  });

  it("abs(x) and a clipped linear unit min(max(x, −1), 1): closed forms", () => {
    const abs = alphaC({ activation: { formula: "abs(x)" } }).alphaC as number;
    expect(rel(abs, 2 / (1 - 2 / Math.PI))).toBeLessThan(1e-6);
    const c = createActivation({ formula: "min(max(x, -1), 1)" });
    const p = normalCdf(1) - normalCdf(-1); // P(|z| < 1) = b₁ = E g′²
    const variance = p - 2 * normalPdf(1) + 2 * (1 - normalCdf(1)); // E[z²; |z|<1] + P(|z|>1)
    expect(rel(c.variance, variance)).toBeLessThan(1e-9);
    expect(rel(c.b1, p)).toBeLessThan(1e-9);
    expect(rel(c.gPrime2, p)).toBeLessThan(1e-9);
  });

  it("a JS function with a kink is found numerically: max(z, 0) and |z − 0.3|", () => {
    const relu = alphaC({ activation: { fn: (z) => Math.max(z, 0) } }).alphaC as number;
    expect(rel(relu, alphaC({ activation: "relu" }).alphaC as number)).toBeLessThan(1e-6);
    const a = 0.3;
    const f = createActivation({ fn: (z) => Math.abs(z - a) });
    // |z − a| = 2(z − a)₊ − (z − a): E = 2(φ(a) − aQ) + a, b₁ = 2Q − 1, E g′² = 1
    const Q = 1 - normalCdf(a);
    const m0 = 2 * (normalPdf(a) - a * Q) + a;
    const variance = 1 + a * a - m0 * m0;
    expect(rel(f.m0, m0)).toBeLessThan(1e-9);
    expect(rel(f.variance, variance)).toBeLessThan(1e-9);
    expect(rel(f.b1, 2 * Q - 1)).toBeLessThan(1e-8);
    expect(rel(f.gPrime2, 1)).toBeLessThan(1e-8);
  });
});

describe("formula activations with jumps", () => {
  it("sign(x) equals the built-in sign where finite: moments, κ(ρ) (Sheppard), K = 1, alpha_PSB; divergent at K → ∞", () => {
    const f = createActivation({ formula: "sign(x)" });
    expect(f.hasJump).toBe(true);
    expect(f.gPrime2).toBe(Number.POSITIVE_INFINITY);
    expect(Math.abs(f.m0)).toBeLessThan(1e-12);
    expect(rel(f.variance, 1)).toBeLessThan(1e-10);
    expect(rel(f.b1, Math.sqrt(2 / Math.PI))).toBeLessThan(1e-10);
    for (const r of [0.2, 0.5, 0.7]) expect(rel(f.kappa(r), (2 / Math.PI) * Math.asin(r))).toBeLessThan(1e-6);
    expect(Math.abs((alphaC({ activation: f, K: 1 }).alphaC as number) - 2)).toBeLessThan(1e-9);
    expect(alphaC({ activation: f }).divergent).toBe(true);
    const psb = alphaPSB({ activation: f }).alphaPSB as number;
    expect(rel(psb, alphaPSB({ activation: "sign" }).alphaPSB as number)).toBeLessThan(1e-6);
  }, 30_000);

  it("a sign-like step d ± c·sign(x) at finite K is the sign committee with margin κ/c (same seed, same value)", () => {
    const ref = alphaC(
      { activation: "sign", K: 4, kappa: 0.6 },
      { samples: 20_000, searchSamples: 3000, seed: 3 },
    );
    const f = alphaC(
      { activation: { formula: "sign(x)" }, K: 4, kappa: 0.6 },
      { samples: 20_000, searchSamples: 3000, seed: 3 },
    );
    expect(f.method).toBe("exact-rs-finite-k");
    expect(f.alphaC).toBe(ref.alphaC);
    const scaled = alphaC(
      { activation: { formula: "1 - 2*sign(x)" }, K: 4, kappa: 1.2 },
      { samples: 20_000, searchSamples: 3000, seed: 3 },
    );
    expect(scaled.alphaC).toBe(ref.alphaC);
    expect(alphaC({ activation: { formula: "sign(x - 0.3)" }, K: 4 }).divergent).toBe(true);
  });

  it("sign(x − 0.3): moments against the closed forms", () => {
    const f = createActivation({ formula: "sign(x - 0.3)" });
    const m0 = 1 - 2 * normalCdf(0.3);
    expect(f.hasJump).toBe(true);
    expect(rel(f.m0, m0)).toBeLessThan(1e-9);
    expect(rel(f.variance, 1 - m0 * m0)).toBeLessThan(1e-9);
    expect(rel(f.b1, 2 * normalPdf(0.3))).toBeLessThan(1e-9);
  });
});

describe("degenerate activations", () => {
  it.each([["1"], ["0*x"], ["exp(0*x) - 3"]])(
    "the constant formula %s is refused naming activation and the reason (zero variance)",
    (formula) => {
      try {
        createActivation({ formula });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(MeanfieldError);
        expect((e as MeanfieldError).parameter).toBe("activation");
        expect((e as Error).message).toMatch(/zero variance/);
      }
    },
  );

  it("a constant JS function and a capacity request with a constant formula fail the same way", () => {
    expect(() => createActivation({ fn: () => 2 })).toThrow(/activation must be a non-constant/);
    expect(() => alphaC({ activation: { formula: "1" }, K: 2 })).toThrow(/zero variance/);
  });
});
