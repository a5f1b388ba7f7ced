import { describe, expect, it } from "vitest";
import {
  createMatrix,
  createRng,
  identity,
  lowerTriangularInverse,
  matMul,
  solveLowerTriangular,
} from "../src/index.js";
import { caught } from "./helpers.js";

function maxDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

describe("lowerTriangularInverse", () => {
  it("closed form: the inverse of I − a·(subdiagonal shift) has entries a^(i−j) below the diagonal", () => {
    const n = 6;
    const a = 0.7;
    const R = createMatrix(n, n);
    for (let i = 1; i < n; i++) R.data[i * n + i - 1] = -a;
    const K = lowerTriangularInverse(R, { shift: 1 }).data;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const expected = j <= i ? a ** (i - j) : 0;
        expect(Math.abs(K[i * n + j] - expected), `(${i}, ${j})`).toBeLessThan(1e-15);
      }
  });
  it("T T⁻¹ = I for a random lower-triangular T, and each column solves T x = e_j", () => {
    const n = 12;
    const rng = createRng(4);
    const T = createMatrix(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) T.data[i * n + j] = rng.normal() / n;
      T.data[i * n + i] = 1 + rng.uniform();
    }
    const inv = lowerTriangularInverse(T);
    expect(maxDiff(matMul(T, inv).data, identity(n).data)).toBeLessThan(1e-13);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(inv.data[i * n + j]).toBe(0);
    const e3 = new Float64Array(n);
    e3[3] = 1;
    const col = solveLowerTriangular(T, e3);
    for (let i = 0; i < n; i++) expect(Math.abs(inv.data[i * n + 3] - col[i])).toBeLessThan(1e-14);
  });
  it("shift: (L + s·I)⁻¹ equals the inverse of the shifted matrix formed explicitly (bit for bit)", () => {
    const n = 9;
    const rng = createRng(5);
    const R = createMatrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) R.data[i * n + j] = 0.3 * rng.normal();
    const shifted = createMatrix(n, n, Float64Array.from(R.data));
    for (let i = 0; i < n; i++) shifted.data[i * n + i] += 1;
    const out = new Float64Array(n * n).fill(7);
    const viaShift = lowerTriangularInverse(R, { shift: 1, out });
    expect(viaShift.data).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(lowerTriangularInverse(shifted).data));
  });
  it("refuses a singular matrix, an aliased out and a bad shift", () => {
    const L = createMatrix(2, 2, [1, 0, 3, -1]);
    expect(caught(() => lowerTriangularInverse(L, { shift: 1 })).code).toBe("SINGULAR");
    expect(caught(() => lowerTriangularInverse(L, { out: L.data })).parameter).toBe("out");
    expect(caught(() => lowerTriangularInverse(L, { out: new Float64Array(3) })).code).toBe("SHAPE_MISMATCH");
    expect(caught(() => lowerTriangularInverse(L, { shift: Number.NaN })).parameter).toBe("shift");
    expect(caught(() => lowerTriangularInverse(createMatrix(2, 3))).code).toBe("SHAPE_MISMATCH");
  });
});
