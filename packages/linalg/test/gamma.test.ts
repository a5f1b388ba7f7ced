import { describe, expect, it } from "vitest";
import { gammaP, gammaQ, gaussKronrod, logGamma } from "../src/index.js";

// log Γ and the regularized incomplete gamma functions. Checks: reference values (scipy.special gammaln, gammainc,
// gammaincc, computed once and written here), P against an independent quadrature of t^{a−1}e^{−t} with Γ(a) from
// its recursion (not from logGamma), and the χ² tails' closed forms at 1 and 2 degrees of freedom.

/** Γ(a) for integer or half-integer a, by Γ(a + 1) = aΓ(a) from Γ(1) = 1, Γ(1/2) = √π. */
function gammaHalfInteger(a: number): number {
  let g = Number.isInteger(a) ? 1 : Math.sqrt(Math.PI);
  for (let k = Number.isInteger(a) ? 1 : 0.5; k < a; k++) g *= k;
  return g;
}

describe("log Γ and the incomplete gamma functions", () => {
  it("logGamma equals reference values (scipy.special.gammaln) to 2e-15 absolute + relative", () => {
    for (const [z, ref] of [
      [0.5, 0.5723649429247],
      [1, 0],
      [1.5, -0.12078223763524526],
      [3.7, 1.428072326665388],
      [10, 12.801827480081469],
      [50.5, 146.51925549072064],
      [171.3, 708.1149470389971],
      [0.001, 6.907178885383853],
    ]) {
      expect(Math.abs(logGamma(z) - ref)).toBeLessThan(2e-15 * (1 + Math.abs(ref)));
    }
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1)).toBeNaN();
  });

  it("P and Q equal reference values (scipy.special.gammainc, gammaincc) to 1e-13 relative", () => {
    for (const [a, x, p, q] of [
      [0.5, 0.1, 0.34527915398142317, 0.6547208460185768],
      [0.5, 2, 0.9544997361036415, 0.04550026389635857],
      [1, 1, 0.6321205588285577, 0.36787944117144245],
      [1.5, 1.5, 0.6083748237289109, 0.3916251762710877],
      [1.5, 4, 0.9539882943107686, 0.04601170568923136],
      [2.5, 0.3, 0.011996757205906265, 0.9880032427940937],
      [5, 5, 0.5595067149347879, 0.44049328506521257],
      [10, 3, 0.0011024881301154815, 0.9988975118698845],
      [10, 20, 0.9950045876916924, 0.0049954123083075785],
      [25, 25, 0.5266015314436506, 0.47339846855634937],
      [50.5, 40, 0.060965525229495623, 0.9390344747705044],
      [0.5, 30, 0.9999999999999906, 9.485737571073857e-15],
      [100, 130, 0.9972495916326934, 0.002750408367306518],
    ]) {
      expect(Math.abs(gammaP(a, x) / p - 1)).toBeLessThan(1e-13);
      expect(Math.abs(gammaQ(a, x) / q - 1)).toBeLessThan(1e-13);
    }
  });

  it("P equals a quadrature of the density with Γ(a) from its recursion, to 1e-12", () => {
    for (const a of [0.5, 1, 1.5, 2, 3.5, 6, 12.5]) {
      for (const x of [0.2, 1, a, a + 1.5, 3 * a + 2]) {
        // t = u²: ∫₀^x t^{a−1}e^{−t} dt = ∫₀^{√x} 2u^{2a−1}e^{−u²} du, smooth at 0 for a ≥ 1/2
        const integral = gaussKronrod((u) => 2 * u ** (2 * a - 1) * Math.exp(-u * u), 0, Math.sqrt(x), {
          absTol: 1e-15,
          relTol: 1e-14,
        }).value;
        expect(Math.abs(gammaP(a, x) - integral / gammaHalfInteger(a))).toBeLessThan(1e-12);
        expect(Math.abs(gammaP(a, x) + gammaQ(a, x) - 1)).toBeLessThan(1e-14);
      }
    }
  });

  it("the χ² tails at 1 and 2 degrees of freedom: P(χ²₁ ≤ x) = erf(√(x/2)) via Q(1/2, ·) and P(χ²₂ > x) = e^{−x/2}", () => {
    for (const x of [0.01, 0.5, 2, 9, 40, 200]) {
      expect(Math.abs(gammaQ(1, x / 2) / Math.exp(-x / 2) - 1)).toBeLessThan(1e-13);
    }
    // Q(1/2, x/2) = erfc(√(x/2)); far tail: erfc(5) = 1.5374597944280349e-12
    expect(Math.abs(gammaQ(0.5, 25) / 1.5374597944280349e-12 - 1)).toBeLessThan(1e-12);
  });

  it("edges and bad arguments", () => {
    expect(gammaP(2, 0)).toBe(0);
    expect(gammaQ(2, 0)).toBe(1);
    expect(gammaP(2, Number.POSITIVE_INFINITY)).toBe(1);
    expect(gammaQ(2, Number.POSITIVE_INFINITY)).toBe(0);
    expect(() => gammaP(0, 1)).toThrow(/a.*> 0/);
    expect(() => gammaQ(Number.NaN, 1)).toThrow(/a.*> 0/);
    expect(() => gammaP(1, -1)).toThrow(/x.*≥ 0/);
  });
});
