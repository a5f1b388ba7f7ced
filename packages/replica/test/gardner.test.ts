import { erf, gaussKronrod, normalCdf, normalPdf } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { alphaC } from "../src/index.js";

// Independent oracle: ∫_{−κ}^{∞} Dt (t + κ)² by adaptive quadrature (not the closed form the code uses).
function gardnerIntegralQuadrature(kappa: number): number {
  return gaussKronrod((t) => (t + kappa) ** 2 * normalPdf(t), -kappa, Number.POSITIVE_INFINITY, {
    absTol: 1e-14,
    relTol: 1e-13,
  }).value;
}

describe(`K = 1: Gardner's perceptron (theory/replica-finite-k.md, "The perceptron at K = 1")`, () => {
  it.each(["sign", "linear", "erf", "tanh", "sigmoid"] as const)(
    "gives alpha_c = 2 for odd increasing %s at zero margin",
    (a) => {
      const r = alphaC({ activation: a, K: 1 });
      expect(r.method).toBe("gardner-sets");
      expect(r.alphaC).not.toBeNull();
      expect(Math.abs((r.alphaC as number) - 2)).toBeLessThan(1e-6);
    },
  );

  it.each([0.5, 1])("follows Gardner's margin curve 1/∫_{−κ}^∞ Dt (t+κ)² at κ = %s (linear g)", (kappa) => {
    const r = alphaC({ activation: "linear", K: 1, kappa });
    const quad = 1 / gardnerIntegralQuadrature(kappa);
    const closed = 1 / ((1 + kappa * kappa) * normalCdf(kappa) + kappa * normalPdf(kappa));
    expect(Math.abs(quad - closed)).toBeLessThan(1e-10);
    expect(Math.abs((r.alphaC as number) - quad)).toBeLessThan(1e-8);
  });

  it("gives 2/(1 + m₀²) for ReLU, a perceptron with threshold m₀ = 1/√(2π) on the field", () => {
    // S₊ = {h ≥ m₀}, S₋ = {h ≤ m₀}: E d² = ½[A(m₀) + A(−m₀)] = ½(1 + m₀²)
    const m0 = 1 / Math.sqrt(2 * Math.PI);
    expect(
      Math.abs((alphaC({ activation: "relu", K: 1 }).alphaC as number) - 2 / (1 + m0 * m0)),
    ).toBeLessThan(1e-8);
  });

  it("gives 0 when a label can never be produced (margin above the output range of sign)", () => {
    expect(alphaC({ activation: "sign", K: 1, kappa: 1.5 }).alphaC).toBe(0);
  });

  // κ is the margin on the centred output λ = g(h) − m₀
  // (theory/replica-finite-k.md, "The margin is on the output, not on the field"), not on the field h. For
  // linear g the two coincide (Gardner's stability curve, above); for an odd increasing g the set S₊ is
  // [g⁻¹(κ), ∞), so α_c(κ) = 1/A(g⁻¹(κ)) with A(x) = (1 + x²)Φ(x) + xφ(x).
  const gardnerA = (x: number) => (1 + x * x) * normalCdf(x) + x * normalPdf(x);
  const erfinv = (y: number) => {
    let lo = 0;
    let hi = 7;
    for (let i = 0; i < 200; i++) {
      const m = 0.5 * (lo + hi);
      if (erf(m) < y) lo = m;
      else hi = m;
    }
    return 0.5 * (lo + hi);
  };

  it.each([0.25, 0.5, 1, 2])("linear g: 1/A(κ) in closed form at κ = %s, to 1e-6 relative", (kappa) => {
    const r = alphaC({ activation: "linear", K: 1, kappa }).alphaC as number;
    expect(Math.abs(r * gardnerA(kappa) - 1)).toBeLessThan(1e-6);
  });

  it.each([0.3, 0.9, 0.999])("erf and tanh: 1/A(g⁻¹(κ)) at κ = %s, to 1e-6 relative", (kappa) => {
    const e = alphaC({ activation: "erf", K: 1, kappa }).alphaC as number;
    expect(Math.abs(e * gardnerA(erfinv(kappa)) - 1)).toBeLessThan(1e-6);
    const t = alphaC({ activation: "tanh", K: 1, kappa }).alphaC as number;
    expect(Math.abs(t * gardnerA(Math.atanh(kappa)) - 1)).toBeLessThan(1e-6);
  });

  it.each([0, 0.5, 0.999, 1])(
    "sign: the output is ±1, so every margin κ ≤ 1 is met by a correct sign: alpha_c = 2 at κ = %s",
    (kappa) => {
      expect(Math.abs((alphaC({ activation: "sign", K: 1, kappa }).alphaC as number) - 2)).toBeLessThan(
        1e-12,
      );
    },
  );

  it("a margin at or above sup|g − m₀| that g only approaches gives 0 (erf, tanh at κ = 1; sigmoid at ½)", () => {
    for (const [activation, kappa] of [
      ["erf", 1],
      ["erf", 1.2],
      ["tanh", 1],
      ["sigmoid", 0.5],
      ["sign", 1 + 1e-9],
    ] as const)
      expect(alphaC({ activation, K: 1, kappa }).alphaC).toBe(0);
    // the same through the formula path, where m₀ comes from quadrature (≈ 1e−17, not 0)
    expect(alphaC({ activation: { formula: "erf(x)" }, K: 1, kappa: 1 }).alphaC).toBe(0);
    expect(alphaC({ activation: { formula: "tanh(x) + 2" }, K: 1, kappa: 1 }).alphaC).toBe(0);
    const signFormula = alphaC({ activation: { formula: "sign(x)" }, K: 1, kappa: 1 }).alphaC as number;
    expect(Math.abs(signFormula - 2)).toBeLessThan(1e-12);
    // an attained plateau is kept: hard tanh min(max(x, −1), 1) at κ = 1 has S₊ = [1, ∞): 1/A(1)
    const clip = alphaC({ activation: { formula: "min(max(x, -1), 1)" }, K: 1, kappa: 1 }).alphaC as number;
    expect(Math.abs(clip * gardnerA(1) - 1)).toBeLessThan(1e-6);
  });

  it("at finite K a margin above √K·sup|g − m₀| gives exactly 0 (erf, K = 4, κ = 2.01)", () => {
    const r = alphaC({ activation: "erf", K: 4, kappa: 2.01 });
    expect(r.alphaC).toBe(0);
    expect(r.approximate).toBe(false);
    expect(
      alphaC({ activation: "erf", K: 4, kappa: 1.9 }, { finiteKMethod: "gaussian-equivalent" }).alphaC,
    ).toBeGreaterThan(0);
  });
});
