import { describe, expect, it } from "vitest";
import { gaussLegendre, MeanfieldError } from "../src/index.js";

function integrate(n: number, f: (x: number) => number): number {
  const { nodes, weights } = gaussLegendre(n);
  let s = 0;
  for (let i = 0; i < n; i++) s += weights[i] * f(nodes[i]);
  return s;
}

describe("gaussLegendre", () => {
  it("integrates monomials exactly up to degree 2n − 1 (∫ x^k = 2/(k+1) for even k, 0 for odd)", () => {
    for (const n of [1, 2, 3, 7, 20, 64]) {
      for (let k = 0; k <= 2 * n - 1; k++) {
        const exact = k % 2 === 0 ? 2 / (k + 1) : 0;
        expect(Math.abs(integrate(n, (x) => x ** k) - exact)).toBeLessThan(1e-13);
      }
    }
  });

  it("matches the closed-form 2- and 3-point rules", () => {
    const two = gaussLegendre(2);
    expect(two.nodes[1]).toBeCloseTo(1 / Math.sqrt(3), 15);
    expect(two.weights[0]).toBeCloseTo(1, 15);
    const three = gaussLegendre(3);
    expect(three.nodes[2]).toBeCloseTo(Math.sqrt(3 / 5), 15);
    expect(three.nodes[1]).toBe(0);
    expect(three.weights[1]).toBeCloseTo(8 / 9, 15);
  });

  it("converges spectrally on a smooth integrand (∫ e^x = e − 1/e)", () => {
    expect(Math.abs(integrate(200, Math.exp) - (Math.E - 1 / Math.E))).toBeLessThan(1e-13);
  });

  it("rejects non-integer, zero and too-large orders naming the parameter", () => {
    for (const bad of [0, 2.5, Number.NaN, 5000]) {
      expect(() => gaussLegendre(bad)).toThrow(MeanfieldError);
      expect(() => gaussLegendre(bad)).toThrow(/order/);
    }
  });
});
