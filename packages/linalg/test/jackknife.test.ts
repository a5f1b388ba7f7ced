import { describe, expect, it } from "vitest";
import { jackknifeError } from "../src/index.js";

// The jackknife error over B groups: an identity for the sample mean (independent of the formula's form) and the
// Student's t interval against scipy's quantile.

describe("jackknifeError", () => {
  it("jackknifeError: for a sample mean it is the classical s/√n exactly; the interval is ± t₀.₉₇₅(B − 1)·s.e.", () => {
    // the identity: the leave-one-out means x̄₋ᵢ = (n x̄ − xᵢ)/(n − 1) give √((n − 1)/n Σ(x̄₋ᵢ − x̄)²) = s/√n
    const x = [0.31, -1.2, 0.77, 2.05, -0.4, 0.9, 1.6, -0.05];
    const n = x.length;
    const mean = x.reduce((a, b) => a + b, 0) / n;
    const s = Math.sqrt(x.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
    const loo = x.map((v) => (n * mean - v) / (n - 1));
    const j = jackknifeError(mean, loo);
    expect(Math.abs(j.standardError / (s / Math.sqrt(n)) - 1)).toBeLessThan(1e-12);
    expect(j.degreesOfFreedom).toBe(7);
    // t₀.₉₇₅(7) = 2.364624251592784 (scipy.stats.t.ppf); the normal 1.96 would fail
    expect(Math.abs((j.interval95[1] - mean) / j.standardError - 2.364624251592784)).toBeLessThan(1e-9);
    expect(Math.abs((mean - j.interval95[0]) / j.standardError - 2.364624251592784)).toBeLessThan(1e-9);
    expect(() => jackknifeError(1, [1])).toThrow(/leaveOneOut/);
  });
});
