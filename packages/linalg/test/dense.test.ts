import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  axpy,
  createMatrix,
  createRng,
  dot,
  fromMlMatrix,
  identity,
  matMul,
  matTVec,
  matVec,
  mean,
  norm1,
  norm2,
  normInf,
  scale,
  sum,
  toMlMatrix,
  transpose,
} from "../src/index.js";
import { caught } from "./helpers.js";

/** Textbook triple loop, the independent reference for the blocked/unrolled kernels. */
function naiveMul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      c[i * n + j] = s;
    }
  return c;
}

function maxDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

describe("matrices and vectors", () => {
  const rng = createRng(1);
  it("matVec and matTVec agree with the naive products for every remainder of the unrolling", () => {
    for (const [m, n] of [
      [1, 1],
      [3, 5],
      [7, 4],
      [13, 9],
      [64, 130],
    ]) {
      const A = rng.gaussianMatrix(m, n);
      const x = rng.fillNormal(new Float64Array(n));
      const r = rng.fillNormal(new Float64Array(m));
      expect(maxDiff(matVec(A, x), naiveMul(A.data, x, m, n, 1))).toBeLessThan(1e-13);
      expect(maxDiff(matTVec(A, r), naiveMul(transpose(A).data, r, n, m, 1))).toBeLessThan(1e-13);
    }
  });
  it("writes into `out` without allocating a new array, and overwrites stale contents", () => {
    const A = createMatrix(2, 2, [1, 2, 3, 4]);
    const out = new Float64Array([99, 99]);
    expect(matVec(A, new Float64Array([1, 1]), out)).toBe(out);
    expect(Array.from(out)).toEqual([3, 7]);
    expect(matTVec(A, new Float64Array([1, 1]), out)).toBe(out);
    expect(Array.from(out)).toEqual([4, 6]);
  });
  it("matMul agrees with the triple loop and with ml-matrix mmul across block boundaries", () => {
    for (const [m, k, n] of [
      [1, 1, 1],
      [5, 3, 2],
      [70, 65, 131],
      [129, 3, 7],
    ]) {
      const A = rng.gaussianMatrix(m, k);
      const B = rng.gaussianMatrix(k, n);
      const C = matMul(A, B);
      expect(maxDiff(C.data, naiveMul(A.data, B.data, m, k, n))).toBeLessThan(1e-12);
      expect(maxDiff(C.data, fromMlMatrix(toMlMatrix(A).mmul(toMlMatrix(B))).data)).toBeLessThan(1e-12);
      const out = createMatrix(m, n, new Float64Array(m * n).fill(7));
      expect(matMul(A, B, out)).toBe(out);
      expect(maxDiff(out.data, C.data)).toBe(0);
    }
  });
  it("transposes, builds identities and round-trips through ml-matrix", () => {
    const A = createMatrix(2, 3, [1, 2, 3, 4, 5, 6]);
    expect(transpose(A)).toEqual({ rows: 3, cols: 2, data: new Float64Array([1, 4, 2, 5, 3, 6]) });
    expect(Array.from(identity(3).data)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const M = toMlMatrix(A);
    expect(M).toBeInstanceOf(Matrix);
    expect(M.get(1, 2)).toBe(6);
    expect(fromMlMatrix(M)).toEqual(A);
    expect(createMatrix(0, 4).data.length).toBe(0);
  });
  it("computes dot, axpy, scale, norms, sum and mean", () => {
    const x = new Float64Array([3, -4, 0, 1, 2]);
    const y = new Float64Array([1, 1, 1, 1, 1]);
    expect(dot(x, y)).toBe(2);
    expect(dot(x, x)).toBe(30);
    expect(Array.from(axpy(2, x, y.slice()))).toEqual([7, -7, 1, 3, 5]);
    expect(Array.from(scale(-1, x))).toEqual([-3, 4, -0, -1, -2]);
    expect(norm1(x)).toBe(10);
    expect(norm2(new Float64Array([3, 4]))).toBe(5);
    expect(normInf(x)).toBe(4);
    expect(sum(x)).toBe(2);
    expect(mean(x)).toBe(0.4);
    expect(mean(new Float64Array(0))).toBeNaN();
    // norm2 neither overflows nor underflows.
    expect(norm2(new Float64Array([3e200, 4e200]))).toBeCloseTo(5e200, -188);
    expect(norm2(new Float64Array([3e-200, 4e-200])) / 5e-200).toBeCloseTo(1, 14);
  });
  it("throws SHAPE_MISMATCH naming the parameter on mismatched shapes", () => {
    const A = createMatrix(2, 3);
    let e = caught(() => matVec(A, new Float64Array(2)));
    expect([e.code, e.parameter]).toEqual(["SHAPE_MISMATCH", "x"]);
    e = caught(() => matVec(A, new Float64Array(3), new Float64Array(3)));
    expect([e.code, e.parameter]).toEqual(["SHAPE_MISMATCH", "out"]);
    e = caught(() => matTVec(A, new Float64Array(3)));
    expect([e.code, e.parameter]).toEqual(["SHAPE_MISMATCH", "r"]);
    e = caught(() => matMul(A, A));
    expect([e.code, e.parameter]).toEqual(["SHAPE_MISMATCH", "B"]);
    e = caught(() => dot(new Float64Array(2), new Float64Array(3)));
    expect([e.code, e.parameter]).toEqual(["SHAPE_MISMATCH", "y"]);
    e = caught(() => createMatrix(2, 2, [1, 2, 3]));
    expect([e.code, e.parameter]).toEqual(["SHAPE_MISMATCH", "data"]);
  });
  it("rejects negative and non-integer sizes and non-finite scalars", () => {
    expect(caught(() => createMatrix(-1, 2)).parameter).toBe("rows");
    expect(caught(() => createMatrix(2, 1.5)).parameter).toBe("cols");
    expect(caught(() => identity(Number.NaN)).parameter).toBe("n");
    expect(caught(() => axpy(Number.NaN, new Float64Array(1), new Float64Array(1))).parameter).toBe("a");
    expect(
      caught(() => matVec({ rows: 2, cols: 2, data: new Float64Array(3) }, new Float64Array(2))).parameter,
    ).toBe("A");
  });
});
