import { describe, expect, it } from "vitest";
import { brent, fixedPoint } from "../src/index.js";
import { caught } from "./helpers.js";

// The Dottie number, the unique real solution of cos x = x (OEIS A003957), and the root of Wallis' cubic.
// Reference values: packages/linalg/scripts/reference-values.py (section "solvers.test.ts")
const DOTTIE = 0.7390851332151607;

describe("brent", () => {
  it("solves cos x = x to the Dottie number", () => {
    const r = brent((x) => Math.cos(x) - x, 0, 1);
    expect(r.converged).toBe(true);
    expect(Math.abs(r.root - DOTTIE)).toBeLessThan(1e-12);
    expect(r.residual).toBeLessThan(1e-12);
    expect(r.iterations).toBeLessThan(15);
    expect(r.message).toBe("converged");
  });
  it("solves Wallis' cubic x³ − 2x − 5 = 0 (root 2.0945514815423265) and honours xtol", () => {
    const r = brent((x) => x ** 3 - 2 * x - 5, 2, 3, { xtol: 1e-15 });
    expect(Math.abs(r.root - 2.0945514815423265)).toBeLessThan(4e-15);
    const coarse = brent((x) => x ** 3 - 2 * x - 5, 2, 3, { xtol: 1e-3 });
    expect(Math.abs(coarse.root - 2.0945514815423265)).toBeLessThan(1e-3);
    expect(coarse.iterations).toBeLessThanOrEqual(r.iterations);
  });
  it("returns an exact end-point root and reports a short iteration budget as not converged", () => {
    expect(brent((x) => x - 1, 1, 2)).toMatchObject({ root: 1, converged: true, iterations: 0 });
    const r = brent((x) => Math.cos(x) - x, 0, 1, { maxIterations: 2, xtol: 1e-15 });
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/maximum number of iterations/);
  });
  it("throws NOT_BRACKETED when f(a) and f(b) have the same sign, INVALID_ARGUMENT for bad input", () => {
    expect(caught(() => brent((x) => x * x + 1, -1, 1)).code).toBe("NOT_BRACKETED");
    expect(caught(() => brent((x) => x, Number.NaN, 1)).parameter).toBe("a");
    expect(caught(() => brent((x) => x, 0, 1, { xtol: 0 })).parameter).toBe("xtol");
    expect(caught(() => brent(() => Number.NaN, 0, 1)).code).toBe("INVALID_ARGUMENT");
  });
});

describe("fixedPoint", () => {
  // A linear contraction x ← A x + b with A = diag(0.95, 0.5, −0.3): fixed point x* = b/(1 − a).
  const a = [0.95, 0.5, -0.3];
  const b = [1, 2, 3];
  const exact = a.map((ai, i) => b[i] / (1 - ai));
  const linear = (x: Float64Array, out: Float64Array) => {
    for (let i = 0; i < 3; i++) out[i] = a[i] * x[i] + b[i];
  };
  const err = (x: Float64Array) => Math.max(...Array.from(x, (xi, i) => Math.abs(xi - exact[i])));
  it("stopOn errorEstimate: the estimate residual/(1 − c) bounds the true distance (slow mode 0.95)", () => {
    const byResidual = fixedPoint(linear, new Float64Array(3), { tol: 1e-6 });
    const byEstimate = fixedPoint(linear, new Float64Array(3), { tol: 1e-6, stopOn: "errorEstimate" });
    // stopping on a small step leaves ≈ 0.95/0.05 = 19× the step as error; the estimate does not
    expect(err(byResidual.value)).toBeGreaterThan(5e-6);
    expect(byEstimate.converged).toBe(true);
    expect(byEstimate.contraction).toBeCloseTo(0.95, 6);
    expect(err(byEstimate.value)).toBeLessThan(1.1e-6 * Math.max(...exact.map(Math.abs)));
    expect(byEstimate.errorEstimate).toBeGreaterThanOrEqual(
      err(byEstimate.value) / Math.max(1, ...exact) - 1e-12,
    );
  });
  it("Aitken extrapolation along the slow mode cuts the iterations (independent: the closed-form fixed point)", () => {
    const plain = fixedPoint(linear, new Float64Array(3), { tol: 1e-10, stopOn: "errorEstimate" });
    const fast = fixedPoint(linear, new Float64Array(3), {
      tol: 1e-10,
      stopOn: "errorEstimate",
      extrapolate: true,
    });
    expect(fast.converged).toBe(true);
    expect(fast.iterations).toBeLessThan(plain.iterations / 3);
    expect(err(fast.value)).toBeLessThan(1e-8);
  });
  it("uses a custom residual measure", () => {
    const r = fixedPoint(linear, new Float64Array(3), {
      tol: 1e-3,
      residual: (x, gx) => Math.abs(gx[0] - x[0]),
    });
    expect(r.converged).toBe(true);
    expect(r.residual).toBeLessThanOrEqual(1e-3);
  });

  it("finds the fixed point of cos (the Dottie number)", () => {
    const r = fixedPoint(
      (x, out) => {
        out[0] = Math.cos(x[0]);
      },
      new Float64Array([1]),
    );
    expect(r.converged).toBe(true);
    expect(Math.abs(r.value[0] - DOTTIE)).toBeLessThan(1e-9);
    expect(r.residual).toBeLessThanOrEqual(1e-10);
  });
  it("reports a non-contracting map x → 2x + 1 as not converged", () => {
    const r = fixedPoint(
      (x, out) => {
        out[0] = 2 * x[0] + 1;
      },
      new Float64Array([0]),
    );
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/non-finite|maximum number of iterations/);
  });
  it("reports the oscillating map x → 1 − x as not converged, and damping 1/2 fixes it", () => {
    const g = (x: Float64Array, out: Float64Array) => {
      out[0] = 1 - x[0];
    };
    const plain = fixedPoint(g, new Float64Array([0]), { maxIterations: 200 });
    expect(plain.converged).toBe(false);
    expect(plain.iterations).toBe(200);
    expect(plain.residual).toBeCloseTo(1, 12);
    const damped = fixedPoint(g, new Float64Array([0]), { damping: 0.5 });
    expect(damped.converged).toBe(true);
    expect(damped.value[0]).toBeCloseTo(0.5, 12);
  });
  it("Anderson mixing accelerates a slow linear contraction by orders of magnitude", () => {
    // g(x) = D x + c with contraction factors up to 0.995: plain iteration needs ~ log(1e-10)/log(0.995) ≈ 4600 steps.
    const d = 30;
    const D = Float64Array.from({ length: d }, (_, i) => 0.5 + (0.495 * i) / (d - 1));
    const c = Float64Array.from({ length: d }, (_, i) => 1 + i / d);
    const g = (x: Float64Array, out: Float64Array) => {
      for (let i = 0; i < d; i++) out[i] = D[i] * x[i] + c[i];
    };
    const plain = fixedPoint(g, new Float64Array(d), { maxIterations: 20000 });
    const anderson = fixedPoint(g, new Float64Array(d), { anderson: 5, maxIterations: 20000 });
    expect(plain.converged).toBe(true);
    expect(anderson.converged).toBe(true);
    expect(plain.iterations).toBeGreaterThan(3000);
    expect(anderson.iterations).toBeLessThan(plain.iterations / 10);
    // The stopping rule bounds the residual g(x) − x, not the error: error ≤ residual/(1 − 0.995).
    for (let i = 0; i < d; i++)
      expect(Math.abs(anderson.value[i] - c[i] / (1 - D[i]))).toBeLessThan(400 * 1e-10 * 400);
  });
  it("reports each iteration and stops when onIteration returns false", () => {
    const seen: number[] = [];
    const r = fixedPoint(
      (x, out) => {
        out[0] = Math.cos(x[0]);
      },
      new Float64Array([1]),
      {
        onIteration: (it) => {
          seen.push(it);
          return it < 3;
        },
      },
    );
    expect(r.converged).toBe(false);
    expect(seen).toEqual([1, 2, 3]);
    expect(r.message).toMatch(/stopped by onIteration/);
  });
  it("rejects bad options, naming the parameter", () => {
    const g = (x: Float64Array, out: Float64Array) => out.set(x);
    expect(caught(() => fixedPoint(g, new Float64Array(1), { damping: 1 })).parameter).toBe("damping");
    expect(caught(() => fixedPoint(g, new Float64Array(1), { anderson: -1 })).parameter).toBe("anderson");
    expect(caught(() => fixedPoint(g, new Float64Array(1), { tol: Number.NaN })).parameter).toBe("tol");
    expect(caught(() => fixedPoint(g, new Float64Array([Number.NaN]))).parameter).toBe("x0[0]");
  });
});
