import { createRng } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { createActivation } from "../src/activations.js";
import { outputRange } from "../src/output-range.js";
import { SmoothProjection, smoothUnits } from "../src/smooth-projection.js";
import { boundaryMinimum, bruteForce } from "./brute-force-projection.js";

// theory/replica-finite-k.md, "Smooth activations": the candidate-and-Newton projection against an
// independent grid minimisation (no KKT condition, no starts; an upper bound on the exact value).
describe("smooth committee projection against brute force", () => {
  const cases: Array<{ name: string; K: number; rho: number; C: number }> = [
    { name: "erf", K: 2, rho: 0.3, C: 0.4 },
    { name: "erf", K: 2, rho: 3, C: 1.2 },
    { name: "tanh", K: 3, rho: 0.2, C: 0.8 },
    { name: "sigmoid", K: 2, rho: 1, C: 0.3 },
    { name: "softplus", K: 2, rho: 0.25, C: 0.5 },
    { name: "softplus", K: 3, rho: 2, C: 0.3 },
    { name: "gelu", K: 2, rho: 0.5, C: 0.4 },
    { name: "gelu", K: 3, rho: 0.15, C: 0.2 },
    { name: "quadratic", K: 2, rho: 0.3, C: 0.5 },
    { name: "quadratic", K: 3, rho: 4, C: 0.6 },
    // a dear uniform mode (the optimum of odd g at K = 3 sits at small ρ)
    { name: "erf", K: 3, rho: 1e-3, C: 0 },
    { name: "tanh", K: 2, rho: 0.01, C: 0.1 },
  ];
  it.each(cases)(
    "$name, K = $K, ρ = $rho, C = $C (both labels)",
    ({ name, K, rho, C }) => {
      const act = createActivation(name as "erf");
      const units = smoothUnits(act, outputRange(act));
      const proj = new SmoothProjection(K);
      const rng = createRng(`smooth-${name}-${K}-${rho}`);
      for (let n = 0; n < (K === 2 ? 5 : 2); n++) {
        const t = Array.from(rng.fillNormal(new Float64Array(K)));
        for (const [y, unit] of units.entries()) {
          const d = proj.distance(t, unit, C, rho);
          const b = bruteForce(t, rho, (u) => u.reduce((a, x) => a + unit.h(x), 0) >= C);
          if (b === Number.POSITIVE_INFINITY) continue; // the set lies outside the grid's box
          expect(d, `label ${y}, t = ${t}`).toBeLessThanOrEqual(b * (1 + 1e-9) + 1e-12);
          // the boundary parametrisation is exact to ~1e-10; the grid only bounds from above
          const e = boundaryMinimum(t, rho, unit.h, C);
          expect(Math.abs(e - d), `label ${y}, t = ${t}`).toBeLessThan(1e-7 * (1 + e));
          expect(b - d, `label ${y}, t = ${t}`).toBeLessThan(1e-3 * (1 + b));
        }
      }
    },
    120_000,
  );
});
