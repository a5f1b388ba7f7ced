import { describe, expect, it } from "vitest";
import * as L from "../src/index.js";

describe("every export of the contract exists and runs", () => {
  it("dense kernels agree with hand-computed products", () => {
    const A = L.createMatrix(2, 3, [1, 2, 3, 4, 5, 6]);
    expect(Array.from(L.matVec(A, new Float64Array([1, 0, -1])))).toEqual([-2, -2]);
    expect(Array.from(L.matTVec(A, new Float64Array([1, 1])))).toEqual([5, 7, 9]);
    expect(Array.from(L.matMul(A, L.transpose(A)).data)).toEqual([14, 32, 32, 77]);
  });
  // Reference values: packages/linalg/scripts/reference-values.py (section "smoke.test.ts")
  it("quadrature, special functions, solvers give textbook values", () => {
    expect(L.gaussianExpectation((z) => z ** 4)).toBeCloseTo(3, 12);
    expect(L.erf(1)).toBeCloseTo(0.8427007929497149, 15);
    expect(L.brent((x) => Math.cos(x) - x, 0, 1).root).toBeCloseTo(0.7390851332151607, 12);
    expect(L.gaussKronrod((x) => Math.exp(-x), 0, Number.POSITIVE_INFINITY).value).toBeCloseTo(1, 10);
    const r = L.rk45(
      (_t, y, d) => {
        d[0] = y[0];
      },
      new Float64Array([1]),
      [0, 1],
      { rtol: 1e-10, atol: 1e-12 },
    );
    expect(r.y[1]).toBeCloseTo(Math.E, 8);
  });
});
