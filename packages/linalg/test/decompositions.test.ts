import { describe, expect, it } from "vitest";
import {
  cholesky,
  createMatrix,
  createRng,
  type DenseMatrix,
  matMul,
  matVec,
  nearestPsd,
  solve,
  solveLowerTriangular,
  solveUpperTriangular,
  svd,
  symmetricEigen,
  transpose,
} from "../src/index.js";
import { caught } from "./helpers.js";

function maxDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

/** A random SPD matrix G Gᵀ + n I. */
function spd(n: number, seed: number): DenseMatrix {
  const G = createRng(seed).gaussianMatrix(n, n);
  const A = matMul(G, transpose(G));
  for (let i = 0; i < n; i++) A.data[i * n + i] += n;
  return A;
}

describe("decompositions (through ml-matrix)", () => {
  it("cholesky: L is lower triangular with positive diagonal and L Lᵀ = A", () => {
    const A = spd(6, 1);
    const L = cholesky(A);
    for (let i = 0; i < 6; i++) {
      expect(L.data[i * 6 + i]).toBeGreaterThan(0);
      for (let j = i + 1; j < 6; j++) expect(L.data[i * 6 + j]).toBe(0);
    }
    expect(maxDiff(matMul(L, transpose(L)).data, A.data)).toBeLessThan(1e-12);
    expect(Array.from(cholesky(createMatrix(2, 2, [4, 2, 2, 2])).data)).toEqual([2, 0, 1, 1]);
  });
  it("cholesky: throws SINGULAR on an indefinite or singular matrix, and jitter regularises it", () => {
    const S = createMatrix(2, 2, [1, 1, 1, 1]);
    expect(caught(() => cholesky(S)).code).toBe("SINGULAR");
    expect(caught(() => cholesky(createMatrix(2, 2, [1, 2, 2, 1]))).code).toBe("SINGULAR");
    const L = cholesky(S, { jitter: 1e-8 });
    expect(maxDiff(matMul(L, transpose(L)).data, [1 + 1e-8, 1, 1, 1 + 1e-8])).toBeLessThan(1e-12);
    expect(caught(() => cholesky(createMatrix(2, 2, [1, 0.5, 0.4, 1]))).parameter).toBe("A"); // not symmetric
    expect(caught(() => cholesky(S, { jitter: -1 })).parameter).toBe("jitter");
  });
  it("symmetricEigen: ascending eigenvalues, orthonormal columns, A V = V Λ", () => {
    const A = spd(5, 2);
    const { values, vectors: V } = symmetricEigen(A);
    for (let i = 1; i < 5; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    const VtV = matMul(transpose(V), V);
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 5; j++) expect(VtV.data[i * 5 + j]).toBeCloseTo(i === j ? 1 : 0, 12);
    const AV = matMul(A, V);
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 5; j++) expect(AV.data[i * 5 + j]).toBeCloseTo(V.data[i * 5 + j] * values[j], 10);
    // Closed form: [[2, 1], [1, 2]] has eigenvalues 1, 3.
    const e = symmetricEigen(createMatrix(2, 2, [2, 1, 1, 2]));
    expect(e.values[0]).toBeCloseTo(1, 14);
    expect(e.values[1]).toBeCloseTo(3, 14);
  });
  it("svd: descending singular values and U diag(s) Vᵀ = A, for tall and wide matrices", () => {
    for (const [m, n] of [
      [6, 3],
      [3, 6],
    ]) {
      const A = createRng(m * 10 + n).gaussianMatrix(m, n);
      const { s, U, V } = svd(A);
      const k = Math.min(m, n);
      expect(s.length).toBe(k);
      expect([U.rows, U.cols, V.rows, V.cols]).toEqual([m, k, n, k]);
      for (let i = 1; i < k; i++) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
      const US = createMatrix(m, k, U.data.slice());
      for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) US.data[i * k + j] *= s[j];
      expect(maxDiff(matMul(US, transpose(V)).data, A.data)).toBeLessThan(1e-12);
    }
    // Closed form: diag(3, −2) has singular values 3, 2.
    expect(Array.from(svd(createMatrix(2, 2, [3, 0, 0, -2])).s)).toEqual(
      [3, 2].map((v) => expect.closeTo(v, 14)),
    );
  });
  it("solve: square systems by LU, tall ones in least squares; SINGULAR when singular", () => {
    const A = spd(4, 3);
    const xTrue = new Float64Array([1, -2, 0.5, 3]);
    const b = matVec(A, xTrue);
    expect(maxDiff(solve(A, b), xTrue)).toBeLessThan(1e-12);
    // Least squares line fit through exact points y = 2 + 3t.
    const T = createMatrix(4, 2, [1, 0, 1, 1, 1, 2, 1, 3]);
    expect(maxDiff(solve(T, new Float64Array([2, 5, 8, 11])), [2, 3])).toBeLessThan(1e-12);
    expect(caught(() => solve(createMatrix(2, 2, [1, 2, 2, 4]), new Float64Array(2))).code).toBe("SINGULAR");
    expect(caught(() => solve(A, new Float64Array(3))).parameter).toBe("b");
    expect(
      caught(() => solve(createMatrix(2, 2, [1, Number.NaN, 0, 1]), new Float64Array(2))).parameter,
    ).toBe("A");
  });
  it("triangular solves invert L and U, in place when out = b", () => {
    const L = cholesky(spd(5, 4));
    const x = new Float64Array([1, 2, 3, 4, 5]);
    const b = matVec(L, x);
    expect(maxDiff(solveLowerTriangular(L, b), x)).toBeLessThan(1e-12);
    const U = transpose(L);
    const c = matVec(U, x);
    expect(solveUpperTriangular(U, c, c)).toBe(c);
    expect(maxDiff(c, x)).toBeLessThan(1e-12);
    expect(
      caught(() => solveLowerTriangular(createMatrix(2, 2, [0, 0, 1, 1]), new Float64Array(2))).code,
    ).toBe("SINGULAR");
    expect(caught(() => solveUpperTriangular(createMatrix(2, 3), new Float64Array(2))).parameter).toBe("U");
  });
  it("nearestPsd: clips negative eigenvalues (2×2 closed form) and keeps a PSD matrix", () => {
    // [[1, 2], [2, 1]] has eigenvalues 3 and −1 with vectors (1, 1)/√2 and (1, −1)/√2: the
    // nearest PSD matrix is 3·vvᵀ = [[1.5, 1.5], [1.5, 1.5]].
    const P = nearestPsd(createMatrix(2, 2, [1, 2, 2, 1]));
    for (const x of P.data) expect(x).toBeCloseTo(1.5, 12);
    const S = createMatrix(2, 2, [2, 1, 1, 2]);
    const Q = nearestPsd(S);
    for (let i = 0; i < 4; i++) expect(Q.data[i]).toBeCloseTo(S.data[i], 12);
  });
});
