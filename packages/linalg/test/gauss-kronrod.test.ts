import { describe, expect, it } from "vitest";
import { gaussKronrod } from "../src/index.js";
import { caught, relErr } from "./helpers.js";

const INF = Number.POSITIVE_INFINITY;

describe("gaussKronrod", () => {
  it("integrates polynomials of degree ≤ 22 exactly on one panel (the 15-point Kronrod rule's degree is 22)", () => {
    for (let k = 0; k <= 22; k++) {
      const r = gaussKronrod((x) => x ** k, 0, 1);
      expect(relErr(r.value, 1 / (k + 1)), `k=${k}`).toBeLessThan(1e-14);
      expect(r.converged).toBe(true);
    }
  });
  it("gives closed forms on finite intervals: ∫₀^π sin = 2, ∫₀¹ log x = −1 (end-point singularity)", () => {
    expect(relErr(gaussKronrod(Math.sin, 0, Math.PI).value, 2)).toBeLessThan(1e-13);
    const r = gaussKronrod(Math.log, 0, 1);
    expect(r.converged).toBe(true);
    expect(Math.abs(r.value + 1)).toBeLessThan(1e-9);
    expect(r.error).toBeLessThan(1e-9);
  });
  it("gives closed forms on half-infinite and infinite intervals", () => {
    expect(relErr(gaussKronrod((x) => Math.exp(-x), 0, INF).value, 1)).toBeLessThan(1e-12);
    expect(relErr(gaussKronrod((x) => 1 / (1 + x * x), 0, INF).value, Math.PI / 2)).toBeLessThan(1e-12);
    expect(relErr(gaussKronrod((x) => Math.exp(x), -INF, 0).value, 1)).toBeLessThan(1e-12);
    expect(relErr(gaussKronrod((x) => Math.exp(-x * x), -INF, INF).value, Math.sqrt(Math.PI))).toBeLessThan(
      1e-12,
    );
    // ∫₁^∞ x^{−3} dx = 1/2 (algebraic decay).
    expect(relErr(gaussKronrod((x) => x ** -3, 1, INF).value, 0.5)).toBeLessThan(1e-10);
  });
  it("reverses sign for a > b and returns 0 on an empty interval", () => {
    expect(relErr(gaussKronrod((x) => x * x, 2, 0).value, -8 / 3)).toBeLessThan(1e-14);
    expect(relErr(gaussKronrod((x) => Math.exp(-x), INF, 0).value, -1)).toBeLessThan(1e-12);
    expect(gaussKronrod((x) => x, 1, 1)).toMatchObject({ value: 0, converged: true, evaluations: 0 });
  });
  it("reports not converged, with a message, when the budget is too small or f is not finite", () => {
    const r = gaussKronrod((x) => Math.sin(1 / x), 0, 1, { maxEvaluations: 200 });
    expect(r.converged).toBe(false);
    expect(r.evaluations).toBeLessThanOrEqual(200);
    expect(r.message).toMatch(/maximum number of evaluations/);
    const s = gaussKronrod((x) => 1 / (x - 0.5), 0, 1);
    expect(s.converged).toBe(false);
    const nan = gaussKronrod(() => Number.NaN, 0, 1);
    expect(nan.converged).toBe(false);
    expect(nan.message).toMatch(/non-finite/);
  });
  it("rejects NaN limits and bad options, naming the parameter", () => {
    expect(caught(() => gaussKronrod((x) => x, Number.NaN, 1)).parameter).toBe("a");
    expect(caught(() => gaussKronrod((x) => x, 0, Number.NaN)).parameter).toBe("b");
    expect(caught(() => gaussKronrod((x) => x, 0, 1, { absTol: -1 })).parameter).toBe("absTol");
    expect(caught(() => gaussKronrod((x) => x, 0, 1, { maxEvaluations: 2.5 })).parameter).toBe(
      "maxEvaluations",
    );
    expect(caught(() => gaussKronrod("x" as unknown as (x: number) => number, 0, 1)).parameter).toBe("f");
  });
});
