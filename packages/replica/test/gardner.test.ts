import { gaussKronrod, normalCdf, normalPdf } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { alphaC } from "../src/index.js";

// Independent oracle: ∫_{−κ}^{∞} Dt (t + κ)² by adaptive quadrature (not the closed form the code uses).
function gardnerIntegralQuadrature(kappa: number): number {
  return gaussKronrod((t) => (t + kappa) ** 2 * normalPdf(t), -kappa, Number.POSITIVE_INFINITY, {
    absTol: 1e-14,
    relTol: 1e-13,
  }).value;
}

describe("K = 1: Gardner's perceptron (spec §4)", () => {
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
});
