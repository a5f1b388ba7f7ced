import { describe, expect, it } from "vitest";
import { GAUSS_HERMITE_MAX_ORDER, gaussHermite } from "../src/index.js";
import { caught, relErr } from "./helpers.js";

/** (2k − 1)!! = E z^{2k} for z ~ N(0, 1). */
function doubleFactorial(m: number): number {
  let p = 1;
  for (let j = m; j > 1; j -= 2) p *= j;
  return p;
}

function moment(rule: { nodes: Float64Array; weights: Float64Array }, p: number): number {
  let s = 0;
  for (let i = 0; i < rule.nodes.length; i++) s += rule.weights[i] * rule.nodes[i] ** p;
  return s;
}

describe("gaussHermite", () => {
  it("integrates every monomial of degree ≤ 2n − 1 exactly: E z^{2k} = (2k − 1)!!, odd moments 0", () => {
    for (const n of [1, 2, 3, 4, 5, 8, 13, 20, 32, 64]) {
      const rule = gaussHermite(n);
      for (let p = 0; p <= Math.min(2 * n - 1, 60); p++) {
        const m = moment(rule, p);
        if (p % 2 === 1) expect(Math.abs(m), `n=${n} p=${p}`).toBeLessThan(1e-12 * doubleFactorial(p));
        else expect(relErr(m, doubleFactorial(p - 1)), `n=${n} p=${p}`).toBeLessThan(1e-12);
      }
    }
  });
  it("is a genuine n-point rule: degree 2n is not integrated exactly", () => {
    // E z^{2n} − Σ w x^{2n} = n! for the probabilists' rule (the Gauss remainder with He_n monic).
    for (const n of [2, 3, 5]) {
      const gap = doubleFactorial(2 * n - 1) - moment(gaussHermite(n), 2 * n);
      let nFact = 1;
      for (let j = 2; j <= n; j++) nFact *= j;
      expect(relErr(gap, nFact)).toBeLessThan(1e-12);
    }
  });
  it("matches the classical small rules in closed form", () => {
    // n = 2: ±1, weights 1/2; n = 3: 0, ±√3, weights 2/3, 1/6.
    const r2 = gaussHermite(2);
    expect(Array.from(r2.nodes)).toEqual([-1, 1].map((v) => expect.closeTo(v, 15)));
    expect(Array.from(r2.weights)).toEqual([0.5, 0.5].map((v) => expect.closeTo(v, 15)));
    const r3 = gaussHermite(3);
    expect(r3.nodes[1]).toBe(0);
    expect(r3.nodes[2]).toBeCloseTo(Math.sqrt(3), 14);
    expect(r3.weights[1]).toBeCloseTo(2 / 3, 15);
    expect(r3.weights[0]).toBeCloseTo(1 / 6, 15);
  });
  it("stays accurate at orders 200 and 400 (against numpy.polynomial.hermite_e.hermegauss)", () => {
    // numpy hermegauss (Golub–Welsch eigenvalues + one Newton step), weights divided by √(2π), checked
    // against mpmath Newton on He_n.
    // Reference values: packages/linalg/scripts/reference-values.py (section "gauss-hermite.test.ts")
    const r200 = gaussHermite(200);
    expect(relErr(r200.nodes[199], 27.349827752266123)).toBeLessThan(1e-14);
    expect(relErr(r200.weights[199], 1.2576313313555368e-163)).toBeLessThan(1e-10);
    expect(relErr(r200.nodes[100], 0.1109336043783837)).toBeLessThan(1e-13);
    expect(relErr(r200.weights[100], 0.08796970496605235)).toBeLessThan(1e-13);
    const r100 = gaussHermite(100);
    expect(relErr(r100.nodes[99], 18.959636217387704)).toBeLessThan(1e-14);
    expect(relErr(r100.weights[99], 3.3332703483438545e-79)).toBeLessThan(1e-11);
    const r400 = gaussHermite(400);
    expect(relErr(r400.nodes[399], 39.1619418209395)).toBeLessThan(1e-14);
    expect(relErr(r400.nodes[200], 0.07849079465071937)).toBeLessThan(1e-13);
    for (const [n, r] of [
      [200, r200],
      [400, r400],
      [600, gaussHermite(600)],
    ] as const) {
      let prev = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < n; i++) {
        expect(r.nodes[i]).toBeGreaterThan(prev); // strictly ascending: no root missed or found twice
        expect(r.nodes[i]).toBe(-r.nodes[n - 1 - i]);
        expect(r.weights[i]).toBeGreaterThanOrEqual(0);
        prev = r.nodes[i];
      }
      expect(Math.abs(moment(r, 0) - 1), `n=${n}`).toBeLessThan(2e-14);
      expect(Math.abs(moment(r, 2) - 1), `n=${n}`).toBeLessThan(1e-13);
      expect(relErr(moment(r, 20), doubleFactorial(19)), `n=${n}`).toBeLessThan(1e-12);
      expect(relErr(moment(r, 60), doubleFactorial(59)), `n=${n}`).toBeLessThan(1e-12);
    }
  });
  it("returns fresh copies, so callers cannot corrupt the cache", () => {
    const a = gaussHermite(7);
    a.nodes[0] = 123;
    expect(gaussHermite(7).nodes[0]).not.toBe(123);
  });
  it("rejects non-integer, non-positive and too large orders, naming `order`", () => {
    for (const bad of [0, -3, 2.5, Number.NaN, GAUSS_HERMITE_MAX_ORDER + 1, "8"]) {
      const e = caught(() => gaussHermite(bad as number));
      expect(e.code).toBe("INVALID_ARGUMENT");
      expect(e.parameter).toBe("order");
    }
  });
});
