import { describe, expect, it } from "vitest";
import { createRng, weightedLineFit } from "../src/index.js";

describe("weightedLineFit", () => {
  it("recovers an exact line and matches the closed-form two-point slope", () => {
    const f = weightedLineFit([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(f.slope).toBeCloseTo(2, 12);
    expect(f.intercept).toBeCloseTo(1, 12);
    expect(f.chi2).toBeCloseTo(0, 20);
    expect(weightedLineFit([1, 3], [2, 8]).slope).toBe(3);
  });

  it("weights: a point with a huge sigma is ignored, and the errors are calibrated (Monte Carlo over 4000 fits)", () => {
    const f = weightedLineFit([0, 1, 2, 10], [0, 1, 2, 100], [0.1, 0.1, 0.1, 1e9]);
    expect(f.slope).toBeCloseTo(1, 9);
    const rng = createRng("line-fit");
    const x = [0, 0.5, 1, 2, 3.5];
    const sig = [0.1, 0.2, 0.1, 0.3, 0.2];
    let zs = 0;
    let zi = 0;
    let chi = 0;
    const R = 4000;
    for (let r = 0; r < R; r++) {
      const y = x.map((v, i) => 0.7 - 1.3 * v + sig[i] * rng.normal());
      const fit = weightedLineFit(x, y, sig);
      zs += ((fit.slope + 1.3) / fit.slopeStdErr) ** 2;
      zi += ((fit.intercept - 0.7) / fit.interceptStdErr) ** 2;
      chi += fit.chi2;
    }
    // E z² = 1 and E χ² = dof = 3; the Monte Carlo means have relative standard errors √(2/R) ≈ 2 %
    expect(zs / R).toBeGreaterThan(0.9);
    expect(zs / R).toBeLessThan(1.1);
    expect(zi / R).toBeGreaterThan(0.9);
    expect(zi / R).toBeLessThan(1.1);
    expect(chi / R / 3).toBeGreaterThan(0.93);
    expect(chi / R / 3).toBeLessThan(1.07);
  });

  it("rejects bad input naming the argument", () => {
    expect(() => weightedLineFit([1], [1])).toThrow(/x must be at least 2 points/);
    expect(() => weightedLineFit([1, 1], [1, 2])).toThrow(/two distinct values/);
    expect(() => weightedLineFit([1, 2], [1, 2], [1, 0])).toThrow(/sigma/);
  });
});
