import { jackknifeError } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import {
  createActivation,
  exactK3Problem,
  exactK4Problem,
  exactPSFreeEntropy,
  exactPSInstabilityMC,
  monteCarloPSProblem,
  psStability,
} from "../src/index.js";
import { finiteKFreeEntropy } from "../src/saddle-point-finite-k.js";

// The exact RS free entropy on the PS line with the angular integral by Monte Carlo (theory/replica-finite-k.md,
// "The PS instability at K ≥ 5 by Monte Carlo"), the route to K ≥ 5. Checks: the rule's total weight (the sphere's
// area, the radial power and the normalisation at every K); linear g against the Gaussian-equivalent free entropy
// (exact for linear g); at K = 3 and 4 the free entropy and the stability measure against the quadrature of
// `exactK3Problem` / `exactK4Problem` (a second method for the angular integral: a fixed chamber rule there,
// random directions in another basis of ⊥ U here), within 4 jackknife standard errors.

const relu = createActivation("relu");

/** The Monte Carlo estimate at the full set of directions and its jackknife standard error over the groups. */
function jackknife(
  mc: ReturnType<typeof monteCarloPSProblem>,
  f: (pr: ReturnType<typeof monteCarloPSProblem>["problem"]) => number,
) {
  const value = f(mc.problem);
  const values = Array.from({ length: mc.problem.batches }, (_, i) => f(mc.batchProblem(i)));
  return { value, se: jackknifeError(value, values).standardError };
}

describe("exact PS free entropy by Monte Carlo over directions", () => {
  it("the rule's weights integrate the Gaussian density of ζ_⊥ to 1 at K = 3 … 7 (sphere area, radial power, normalisation)", () => {
    for (const K of [3, 4, 5, 6, 7]) {
      const { problem } = monteCarloPSProblem(createActivation("linear"), K, 0, { directions: 16 });
      let total = 0;
      for (const lw of problem.logw) total += Math.exp(lw);
      // the radial rule's error at width 1 on [0, 9] (Gaussian tail beyond 9: 1e-17)
      expect(Math.abs(total - 1)).toBeLessThan(1e-9);
    }
  });

  it("linear g: equal to the Gaussian-equivalent free entropy (exact for linear g) to 1e-7 at K = 5, and γ = 0", () => {
    const lin = createActivation("linear");
    const { problem } = monteCarloPSProblem(lin, 5, 0, { directions: 32 });
    for (const [alpha, p, c] of [
      [0.3, 0.4, -0.2],
      [0.8, 0.9, 0.3],
    ]) {
      const ge = finiteKFreeEntropy(lin, 5, 0, alpha, p / 5, p, c);
      expect(Math.abs(exactPSFreeEntropy(problem, alpha, p, c) - ge)).toBeLessThan(1e-7);
      expect(Math.abs(psStability(problem, alpha, p, c) - 1)).toBeLessThan(1e-9);
    }
  });

  it("ReLU at K = 3 and 4: free entropy and stability measure against the quadrature rules, within 4 jackknife s.e.", () => {
    // K = 3 near its instability (q = 0.1092, c = −0.4910 at α = 0.709569), K = 4 at its instability (the PS solution
    // found by Newton with the quadrature rules)
    for (const [K, alpha, p, c] of [
      [3, 0.709569, 0.3276, -0.491],
      [4, 0.744219, 0.27010909382796633, -0.6406090291929526],
    ] as const) {
      const quad = K === 3 ? exactK3Problem(relu, 0) : exactK4Problem(relu, 0);
      const mc = monteCarloPSProblem(relu, K, 0, { directions: 256, seed: 7 });
      const f = jackknife(mc, (pr) => exactPSFreeEntropy(pr, alpha, p, c));
      const s = jackknife(mc, (pr) => psStability(pr, alpha, p, c));
      const fq = exactPSFreeEntropy(quad, alpha, p, c);
      const sq = psStability(quad, alpha, p, c);
      // measured (256 directions, seeds 7–10): |z| ≤ 1.8 in both at both K; the errors are 5e-4–1e-3 in f and 3e-3–7e-3
      // in the measure (1 − (αK/2)Σγ² with (αK/2)Σγ² ≈ 1 here), so a 3 % error of Σγ², or of the 1/(K − 1) in γ, shows
      expect(Math.abs(f.value - fq)).toBeLessThan(4 * f.se);
      expect(Math.abs(s.value - sq)).toBeLessThan(4 * s.se);
      expect(s.se).toBeGreaterThan(0);
      expect(s.se).toBeLessThan(0.012);
    }
  }, 120_000);

  it("rejects bad options with errors naming them", () => {
    expect(() => monteCarloPSProblem(relu, 2, 0)).toThrow(/K/);
    expect(() => monteCarloPSProblem(relu, 5, 0, { directions: 1001 })).toThrow(/directions/);
    expect(() => monteCarloPSProblem(relu, 5, 0, { batches: 1 })).toThrow(/batches/);
    expect(() => exactPSInstabilityMC(createActivation("gelu"), 10, 0)).toThrow(/activation.*half-lines/);
  });
});
