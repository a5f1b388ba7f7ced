import { describe, expect, it } from "vitest";
import { gaussKronrod, normalQuantile, studentTCdf, studentTQuantile } from "../src/index.js";

// Student's t with integer ν (the series of Abramowitz & Stegun 26.7.3–4). Checks: reference values (scipy.stats.t,
// computed once and written here), the CDF against an independent quadrature of the density, ν → ∞ against the
// normal quantile, and the round trip.

/** The t density Γ((ν+1)/2)/(√(νπ) Γ(ν/2)) (1 + t²/ν)^{−(ν+1)/2}, the Γ ratio by its recursion in ν. */
function density(t: number, nu: number): number {
  // r(ν) = Γ((ν+1)/2)/Γ(ν/2): r(1) = 1/√π, r(2) = √π/2, r(ν+2) = r(ν)·(ν+1)/ν
  let r = nu % 2 === 1 ? 1 / Math.sqrt(Math.PI) : Math.sqrt(Math.PI) / 2;
  for (let k = nu % 2 === 1 ? 1 : 2; k < nu; k += 2) r *= (k + 1) / k;
  return (r / Math.sqrt(nu * Math.PI)) * (1 + (t * t) / nu) ** (-(nu + 1) / 2);
}

describe("Student's t", () => {
  it("quantiles equal reference values (scipy.stats.t.ppf) to 1e-12 relative", () => {
    for (const [p, nu, ref] of [
      [0.975, 1, 12.706204736174694],
      [0.975, 2, 4.302652729749462],
      [0.975, 7, 2.364624251592784],
      [0.975, 15, 2.131449545559776],
      [0.995, 30, 2.7499956535672254],
      [0.9, 3, 1.637744353696209],
      [0.6, 4, 0.2707222947075976],
      [0.975, 200, 1.9718962236339088],
    ]) {
      expect(Math.abs(studentTQuantile(p, nu) / ref - 1)).toBeLessThan(1e-12);
      expect(Math.abs(studentTQuantile(1 - p, nu) / -ref - 1)).toBeLessThan(1e-12);
    }
  });

  it("the CDF equals an adaptive quadrature of the density to 1e-10, and reference values (scipy.stats.t.cdf)", () => {
    for (const nu of [1, 2, 3, 4, 7, 8, 31]) {
      for (const t of [-3, -0.7, 0.2, 1.5, 4]) {
        const q = gaussKronrod((x) => density(x, nu), 0, t, { absTol: 1e-13, relTol: 1e-12 }).value;
        expect(Math.abs(studentTCdf(t, nu) - (0.5 + q))).toBeLessThan(1e-10);
      }
    }
    for (const [t, nu, ref] of [
      [1.5, 5, 0.9030481598787634],
      [0.3, 1, 0.5927735790777423],
      [-2, 8, 0.04025811897863131],
      [3, 2, 0.9522670168666454],
    ])
      expect(Math.abs(studentTCdf(t, nu) - ref)).toBeLessThan(1e-14);
  });

  it("tends to the normal quantile as ν grows (error ≈ (z³ + z)/(4ν)), and inverts its CDF", () => {
    const z = normalQuantile(0.975);
    for (const nu of [100, 1000, 10_000]) {
      const d = studentTQuantile(0.975, nu) - z;
      expect(d / ((z ** 3 + z) / (4 * nu))).toBeGreaterThan(0.9);
      expect(d / ((z ** 3 + z) / (4 * nu))).toBeLessThan(1.1);
    }
    for (const nu of [1, 6, 9])
      for (const p of [0.01, 0.3, 0.5, 0.8, 0.999])
        expect(Math.abs(studentTCdf(studentTQuantile(p, nu), nu) - p)).toBeLessThan(1e-14);
  });

  it("edges and bad input: ±∞ at 0 and 1, NaN outside [0, 1], ν not an integer ≥ 1 named", () => {
    expect(studentTQuantile(0, 3)).toBe(Number.NEGATIVE_INFINITY);
    expect(studentTQuantile(1, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(studentTQuantile(1.2, 3)).toBeNaN();
    expect(studentTCdf(Number.POSITIVE_INFINITY, 3)).toBe(1);
    for (const nu of [0, 2.5, Number.NaN, -1]) expect(() => studentTQuantile(0.9, nu)).toThrow(/nu/);
  });
});
