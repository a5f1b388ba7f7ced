import { describe, expect, it } from "vitest";
import { refinedInstabilityShift, scanPSInstability } from "../src/index.js";

// The PS scan's step control (theory/replica-finite-k.md, "The PS instability at K = 4"), on a synthetic branch whose
// solver converges only from a start close enough: a solve that fails is retried with half the step, and the scan
// stops unconverged when even 0.1/64 fails. The stability measure 1.3 − α crosses zero at 1.3.

interface Mock {
  alpha: number;
  converged: boolean;
}

function solverWithReach(reach: (alpha: number) => number, calls: number[]) {
  return (alpha: number, start?: Mock): Mock => {
    calls.push(alpha);
    return { alpha, converged: start === undefined || Math.abs(alpha - start.alpha) <= reach(alpha) };
  };
}

describe("scanPSInstability", () => {
  it("halves the step where a solve fails from the previous solution, and still brackets the zero", () => {
    const calls: number[] = [];
    // between 0.9 and 1.1 the branch moves fast: only steps ≤ 0.02 converge there
    const solve = solverWithReach((a) => (a > 0.9 && a < 1.1 ? 0.02 : 1), calls);
    const r = scanPSInstability(solve, (a) => 1.3 - a, { alphaStart: 0.5, xtol: 1e-8 });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.alphaInstability - 1.3)).toBeLessThan(1e-8);
    // steps below 0.1 were taken, and the scan did not accept a failed solve
    const steps = calls.slice(1, 30).map((a, i) => a - calls[i]);
    expect(Math.min(...steps.filter((d) => d > 0))).toBeLessThan(0.03);
  });

  it("stops unconverged (NaN) when even a step of 0.1/64 fails, after a bounded number of solves", () => {
    const calls: number[] = [];
    const solve = solverWithReach((a) => (a > 1 ? 0 : 1), calls);
    const r = scanPSInstability(solve, (a) => 1.3 - a, { alphaStart: 0.5 });
    expect(r.converged).toBe(false);
    expect(Number.isNaN(r.alphaInstability)).toBe(true);
    expect(calls.length).toBeLessThan(20);
  });
});

// refinedInstabilityShift on a synthetic pair of rule sets whose measures differ by a known amount: the default
// measure (α₀ − α)(1 + α) has its zero at α₀ and slope −(1 + α₀) there, the refined one is the default plus ε, so the
// refined zero lies at α₀ + ε/(1 + α₀) + O(ε²) (first order: the shift's own form; a wrong sign or slope fails).
describe("refinedInstabilityShift", () => {
  const solve = (alpha: number) => ({ alpha, converged: true, residual: 0 });
  const alpha0 = 1.3;
  const measure = (a: number) => (alpha0 - a) * (1 + a);
  it("moves the zero by (S_refined − S_default)/|S′|, the slope from a solve 0.01 below", () => {
    const r = scanPSInstability(solve, (a) => measure(a), { alphaStart: 0.5, xtol: 1e-10 });
    for (const eps of [1e-4, -3e-5]) {
      const shift = refinedInstabilityShift(
        r,
        solve,
        (a) => measure(a),
        solve,
        (a) => measure(a) + eps,
      );
      // exact refined zero of (α₀ − α)(1 + α) + ε
      const exact = (alpha0 - 1 + Math.sqrt((1 + alpha0) ** 2 + 4 * eps)) / 2 - alpha0;
      // the secant slope over 0.01 differs from the tangent by 0.01 (relative 0.4 %)
      expect(Math.abs(shift - exact)).toBeLessThan(0.01 * Math.abs(exact));
    }
  });
  it("is NaN where a solve misses its residual or there is no instability", () => {
    const r = scanPSInstability(solve, (a) => measure(a), { alphaStart: 0.5 });
    const bad = (alpha: number) => ({ alpha, converged: false, residual: 1e-3 });
    expect(Number.isNaN(refinedInstabilityShift(r, solve, measure, bad, measure))).toBe(true);
    const none = scanPSInstability(solve, () => 1, { alphaStart: 0.5, alphaMax: 1 });
    expect(Number.isNaN(refinedInstabilityShift(none, solve, measure, solve, measure))).toBe(true);
    expect(Number.isNaN(r.discretisationError)).toBe(true);
  });
});
