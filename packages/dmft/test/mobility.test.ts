import { createRng } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { dlnMobility, linearMobility } from "../src/index.js";

// The implicit step φ + c·w(φ) = b against bisection to the last bit (an independent method).
function bisect(w: (p: number) => number, b: number, c: number): number {
  let lo = Math.min(0, b);
  let hi = Math.max(0, b);
  for (let k = 0; k < 200; k++) {
    const mid = 0.5 * (lo + hi);
    if (mid + c * w(mid) - b < 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

describe("mobility implicit step", () => {
  it("DLN: Newton (cold or from a previous root) agrees with bisection to round-off", () => {
    const rng = createRng(5);
    let worst = 0;
    for (const alpha of [1e-3, 0.01, 0.1, 1, 3]) {
      const m = dlnMobility(alpha);
      const solve = m.solveImplicit;
      if (!solve) throw new Error("the DLN mobility has a closed-form implicit step");
      for (let i = 0; i < 4000; i++) {
        const b = (rng.uniform() - 0.5) * 10 ** (4 * rng.uniform() - 2);
        const c = 10 ** (4 * rng.uniform() - 3);
        const prev = i % 2 === 0 ? undefined : b * (0.15 + 0.3 * rng.uniform());
        const p = solve(b, c, prev);
        const r = bisect(m.w, b, c);
        worst = Math.max(worst, Math.abs(p - r) / Math.max(Math.abs(r), 1e-300));
      }
    }
    expect(worst).toBeLessThan(1e-13);
  });

  it("linear: the closed form b/(1 + c)", () => {
    const solve = linearMobility().solveImplicit;
    expect(solve?.(3, 0.5)).toBeCloseTo(2, 15);
  });
});
