import { gaussKronrod, logH, normalPdf } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { energeticTerm, energeticTermDerivative, millsRatio } from "../src/index.js";

// Independent oracle: adaptive Gauss–Kronrod in t with the layer point t₀ = κ̃/√r as a break point.
function reference(F: (u: number) => number, r: number, k: number): number {
  const sr = Math.sqrt(r);
  const s = Math.sqrt(1 - r);
  const t0 = sr > 0 ? k / sr : 0;
  const f = (t: number) => normalPdf(t) * F((k - sr * t) / s);
  const o = { absTol: 0, relTol: 1e-13, maxEvaluations: 200_000 };
  return gaussKronrod(f, -40, t0, o).value + gaussKronrod(f, t0, 40, o).value;
}

describe("Gardner energetic term G_E(r, κ̃) and its r-derivative", () => {
  it.each([
    [0, 0],
    [0.3, 0],
    [0.7, 0.5],
    [0.95, 0],
    [0.9999, 0.5],
    [0.999999, 1],
  ])("match adaptive quadrature at r = %s, κ̃ = %s (both the Hermite and the layer rule)", (r, k) => {
    const ge = reference(logH, r, k);
    expect(Math.abs(energeticTerm(r, k) - ge) / Math.abs(ge)).toBeLessThan(1e-9);
    const d = -reference((u) => millsRatio(u) ** 2, r, k) / (2 * (1 - r));
    expect(Math.abs(energeticTermDerivative(r, k) - d) / Math.abs(d)).toBeLessThan(1e-8);
  });

  it('has ∂_r G_E = −R(κ̃)²/2 at r = 0 (theory/replica.md, "The permutation-symmetry-breaking transition"; −1/π at κ̃ = 0)', () => {
    expect(Math.abs(energeticTermDerivative(0, 0) + 1 / Math.PI)).toBeLessThan(1e-12);
    const R = normalPdf(0.7) / (1 - 0.5 * (1 + erfOf(0.7 / Math.SQRT2)));
    expect(Math.abs(energeticTermDerivative(0, 0.7) + (R * R) / 2)).toBeLessThan(1e-10);
  });

  it("is the derivative of G_E (central difference)", () => {
    for (const [r, k] of [
      [0.5, 0.2],
      [0.95, 0],
    ]) {
      const h = 1e-6;
      const fd = (energeticTerm(r + h, k) - energeticTerm(r - h, k)) / (2 * h);
      expect(Math.abs(fd - energeticTermDerivative(r, k)) / Math.abs(fd)).toBeLessThan(1e-6);
    }
  });
});

function erfOf(x: number): number {
  // erf through a 1-D integral, independent of the package: erf(x) = (2/√π) ∫₀ˣ e^{−t²} dt
  return (2 / Math.sqrt(Math.PI)) * gaussKronrod((t) => Math.exp(-t * t), 0, x, { relTol: 1e-14 }).value;
}
