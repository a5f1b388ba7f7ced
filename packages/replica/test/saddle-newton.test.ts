import { describe, expect, it } from "vitest";
import { scanPSInstability } from "../src/index.js";

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
