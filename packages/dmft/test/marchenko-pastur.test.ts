import { describe, expect, it } from "vitest";
import { marchenkoPasturCurves, solveDmft } from "../src/index.js";

// Check of theory/dmft.md, "Checks": with F ≡ 1 the effective process must reproduce the exact random-matrix answer.
// The Monte Carlo code path is the one the DLN uses (moment-matched Gaussian inputs, tangent
// responses), with a moderate sample count; the closed form is integrated independently
// (Gauss–Kronrod over the Marchenko–Pastur density, atom at 0 included).
describe("linear case (F ≡ 1) against Marchenko–Pastur", () => {
  const cases: [number, number, number][] = [
    [0.5, 0, 20],
    [0.5, 0.5, 20],
    [2, 0, 10],
    [2, 0.5, 10],
  ];
  for (const [delta, sigma, T] of cases) {
    it(`matches train loss and ε_gen within 1% over the whole grid (delta ${delta}, sigma ${sigma})`, () => {
      const r = solveDmft(
        { alpha: 1, delta, rho: 1, sigma, T, mobility: "linear", prior: "gaussian" },
        { gridPoints: 200, samples: 600, replicas: 2, responseSamples: 16, tol: 1e-5, seed: 7 },
      );
      expect(r.converged).toBe(true);
      const mp = marchenkoPasturCurves({ delta, sigma }, r.t);
      for (let k = 0; k < r.t.length; k++) {
        expect(Math.abs(r.genError[k] / mp.genError[k] - 1)).toBeLessThan(0.01);
        expect(Math.abs(r.trainLoss[k] / mp.trainLoss[k] - 1)).toBeLessThan(0.01);
      }
    });
  }

  it("closed form: ε_gen(∞) = (1 − delta) E[w*²] for delta < 1 and sigma = 0, and starts at E[w*²]", () => {
    const mp = marchenkoPasturCurves({ delta: 0.5, sigma: 0 }, [0, 1e4]);
    expect(mp.genError[0]).toBeCloseTo(1, 10);
    expect(mp.trainLoss[0]).toBeCloseTo(0.5, 10);
    expect(mp.genError[1]).toBeCloseTo(0.5, 6);
    // least squares with noise (delta > 1): ε_gen(∞) = sigma²/(delta − 1)
    const ls = marchenkoPasturCurves({ delta: 2, sigma: 0.5 }, [1e4]);
    expect(ls.genError[0]).toBeCloseTo(0.25, 5);
    expect(ls.trainLoss[0]).toBeCloseTo(0.5 * 0.25 * 0.5, 5);
  });
});
