import { describe, expect, it } from "vitest";
import {
  choleskySolve,
  choleskyWithJitter,
  createMatrix,
  createRng,
  type DenseMatrix,
  matMul,
  matVec,
  nearestPsd,
  rowGram,
  selectColumns,
  solve,
  solveNormalEquations,
  solveWithCholeskyFactor,
  transpose,
} from "../src/index.js";
import { caught } from "./helpers.js";

function maxDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

/** A random SPD matrix G Gᵀ + shift·I. */
function spd(n: number, seed: number, shift = n): DenseMatrix {
  const G = createRng(seed).gaussianMatrix(n, n);
  const A = matMul(G, transpose(G));
  for (let i = 0; i < n; i++) A.data[i * n + i] += shift;
  return A;
}

/** L Lᵀ. */
function reconstruct(L: DenseMatrix): DenseMatrix {
  return matMul(L, transpose(L));
}

describe("choleskyWithJitter (one regularisation policy)", () => {
  it("factors a positive-definite A as it is: no jitter, one attempt, L Lᵀ = A", () => {
    const A = spd(7, 3);
    const f = choleskyWithJitter(A);
    expect(f.jitter).toBe(0);
    expect(f.relativeJitter).toBe(0);
    expect(f.projected).toBe(false);
    expect(f.attempts).toBe(1);
    expect(maxDiff(reconstruct(f.L).data, A.data)).toBeLessThan(1e-12);
  });
  it("regularises a singular PSD matrix with the smallest jitter of the ladder that works, reported", () => {
    // v vᵀ has rank 1: the plain factor fails, and each ladder jitter j·s makes it positive definite.
    const v = [1, 2, 3];
    const A = createMatrix(
      3,
      3,
      v.flatMap((a) => v.map((b) => a * b)),
    );
    const f = choleskyWithJitter(A);
    expect(f.projected).toBe(false);
    expect(f.attempts).toBe(2);
    expect(f.relativeJitter).toBe(1e-12);
    expect(f.jitter).toBeCloseTo(1e-12 * 9, 25); // s = largest diagonal entry = 9
    const R = reconstruct(f.L).data;
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        const expected = A.data[i * 3 + j] + (i === j ? f.jitter : 0);
        expect(Math.abs(R[i * 3 + j] - expected)).toBeLessThan(1e-13);
      }
  });
  it("walks the ladder start, start·factor, … ≤ max and reports the attempts", () => {
    // diag(1, −1e-7): indefinite by 1e-7 relative, so relative jitters 1e-12 … 1e-8 fail and 1e-6 works.
    const A = createMatrix(2, 2, [1, 0, 0, -1e-7]);
    const f = choleskyWithJitter(A, { unjitteredFirst: false, start: 1e-12, factor: 100, max: 1e-6 });
    expect(f.attempts).toBe(4);
    expect(f.relativeJitter).toBeCloseTo(1e-6, 18);
    expect(f.projected).toBe(false);
    expect(f.L.data[3] ** 2).toBeCloseTo(1e-6 - 1e-7, 18);
  });
  it("falls back to the nearest PSD matrix (plus the fallback jitter) when the ladder fails", () => {
    // [[1, 2], [2, 1]] has eigenvalues 3 and −1; its nearest PSD matrix is 1.5·[[1, 1], [1, 1]].
    const A = createMatrix(2, 2, [1, 2, 2, 1]);
    const f = choleskyWithJitter(A);
    expect(f.projected).toBe(true);
    expect(f.relativeJitter).toBe(1e-10);
    expect(f.jitter).toBe(1e-10);
    const P = nearestPsd(A).data;
    expect(maxDiff(P, [1.5, 1.5, 1.5, 1.5])).toBeLessThan(1e-14);
    expect(maxDiff(reconstruct(f.L).data, [1.5 + 1e-10, 1.5, 1.5, 1.5 + 1e-10])).toBeLessThan(1e-13);
    // Plain ladder + fallback: 1 + 4 + 1 attempts.
    expect(f.attempts).toBe(6);
  });
  it('throws SINGULAR with fallback "throw", and checks its options', () => {
    const A = createMatrix(2, 2, [1, 2, 2, 1]);
    expect(caught(() => choleskyWithJitter(A, { fallback: "throw" })).code).toBe("SINGULAR");
    expect(caught(() => choleskyWithJitter(A, { factor: 1 })).parameter).toBe("factor");
    expect(caught(() => choleskyWithJitter(A, { start: 1e-3, max: 1e-6 })).parameter).toBe("max");
    expect(caught(() => choleskyWithJitter(A, { start: 0 })).parameter).toBe("start");
    expect(caught(() => choleskyWithJitter(A, { fallback: "clip" as never })).parameter).toBe("fallback");
    expect(caught(() => choleskyWithJitter(createMatrix(2, 3))).code).toBe("SHAPE_MISMATCH");
  });
});

describe("choleskySolve and solveWithCholeskyFactor", () => {
  it("agree with the LU solve on random SPD systems, and A x reproduces b", () => {
    for (const n of [1, 2, 5, 20, 60]) {
      const A = spd(n, 10 + n, 0.1);
      const b = createRng(100 + n).fillNormal(new Float64Array(n));
      const x = choleskySolve(A, b);
      const direct = solve(A, b);
      let scale = 0;
      for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(direct[i]));
      expect(maxDiff(x, direct) / scale, `n = ${n}`).toBeLessThan(1e-9);
      expect(maxDiff(matVec(A, x), b), `n = ${n}`).toBeLessThan(1e-9);
    }
  });
  it("solveWithCholeskyFactor: the 2×2 closed form, and in place (out = b)", () => {
    // A = [[4, 2], [2, 2]] = L Lᵀ with L = [[2, 0], [1, 1]]; A⁻¹ = [[0.5, −0.5], [−0.5, 1]].
    const L = createMatrix(2, 2, [2, 0, 1, 1]);
    const b = new Float64Array([1, 3]);
    expect(Array.from(solveWithCholeskyFactor(L, b))).toEqual([-1, 2.5]);
    const same = solveWithCholeskyFactor(L, b, b);
    expect(same).toBe(b);
    expect(Array.from(b)).toEqual([-1, 2.5]);
    expect(caught(() => solveWithCholeskyFactor(createMatrix(2, 2, [0, 0, 1, 1]), b)).code).toBe("SINGULAR");
    expect(caught(() => solveWithCholeskyFactor(L, new Float64Array(3))).code).toBe("SHAPE_MISMATCH");
  });
  it("regularises a singular Gram matrix, and refuses an indefinite one", () => {
    // Gram matrix of two equal rows: singular; the jittered solve still satisfies the consistent system.
    const G = rowGram(createMatrix(2, 3, [1, 2, 3, 1, 2, 3]));
    const x = choleskySolve(G, new Float64Array([14, 14]));
    expect(maxDiff(matVec(G, x), [14, 14])).toBeLessThan(1e-6);
    expect(caught(() => choleskySolve(createMatrix(2, 2, [1, 2, 2, 1]), new Float64Array(2))).code).toBe(
      "SINGULAR",
    );
  });
});

describe("rowGram, selectColumns, solveNormalEquations", () => {
  it("rowGram is M Mᵀ", () => {
    const M = createRng(5).gaussianMatrix(4, 7);
    expect(maxDiff(rowGram(M).data, matMul(M, transpose(M)).data)).toBeLessThan(1e-12);
  });
  it("selectColumns picks (and signs) columns in the order asked", () => {
    const A = createMatrix(2, 3, [1, 2, 3, 4, 5, 6]);
    expect(Array.from(selectColumns(A, [2, 0]).data)).toEqual([3, 1, 6, 4]);
    expect(Array.from(selectColumns(A, [1, 1], [1, -1]).data)).toEqual([2, -2, 5, -5]);
    expect(caught(() => selectColumns(A, [3])).parameter).toBe("columns[0]");
    expect(caught(() => selectColumns(A, [0], [1, 1])).code).toBe("SHAPE_MISMATCH");
  });
  it("solveNormalEquations agrees with the QR least-squares solve on a random tall system", () => {
    const A = createRng(8).gaussianMatrix(30, 5);
    const b = createRng(9).fillNormal(new Float64Array(30));
    expect(maxDiff(solveNormalEquations(A, b), solve(A, b))).toBeLessThan(1e-10);
    // A consistent system is solved exactly: b = A x₀.
    const x0 = new Float64Array([1, -2, 0.5, 3, 0]);
    expect(maxDiff(solveNormalEquations(A, matVec(A, x0)), x0)).toBeLessThan(1e-12);
  });
});
