import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  accumulateGramLower,
  accumulateGramLowerJs,
  accumulateRows,
  accumulateRowsJs,
  createKernelWorkspace,
  createRng,
  kernelBackend,
  kernelScratch,
  PACKED_BLOCK_COLUMNS,
  packedLength,
  packedRow,
  packRowGroups,
  residualGradient,
  residualGradientJs,
  residualGradientPacked,
  residualGradientPackedJs,
  tangentSweep,
  tangentSweepJs,
} from "../src/index.js";

// Row kernels: the WebAssembly SIMD implementation against the JavaScript one (bit for bit), the
// JavaScript one against a plain double loop (to round-off), and the committed module against its
// source.

function naive(
  acc: Float64Array,
  b: number,
  coef: Float64Array,
  c0: number,
  scale: number,
  X: Float64Array,
  x0: number,
  stride: number,
  count: number,
) {
  for (let s = 0; s < b; s++) {
    let t = 0;
    for (let r = 0; r < count; r++) t += scale * coef[c0 + r] * X[x0 + r * stride + s];
    acc[s] += t;
  }
}

describe("row kernels", () => {
  it("runs WebAssembly SIMD in Node 20", () => {
    expect(kernelBackend()).toBe("wasm-simd");
  });

  it("accumulateRows: WebAssembly and JavaScript agree bit for bit, and with a plain loop to round-off", () => {
    const rng = createRng(7);
    let cases = 0;
    for (const b of [1, 2, 3, 5, 8, 63, 64, 256]) {
      for (const count of [0, 1, 3, 4, 5, 9, 40]) {
        const stride = b + 3;
        const c0 = 2;
        const x0 = 5;
        const ws = kernelScratch(4 * b + (count + 2) * stride + count + 16);
        const acc = ws.f64(b);
        const coef = ws.f64(c0 + count);
        const X = ws.f64(x0 + count * stride + b);
        for (let i = 0; i < acc.length; i++) acc[i] = rng.normal();
        for (let i = 0; i < coef.length; i++) coef[i] = rng.normal();
        for (let i = 0; i < X.length; i++) X[i] = rng.normal();
        const accJs = Float64Array.from(acc);
        const accNaive = Float64Array.from(acc);
        accumulateRows(acc, b, coef, c0, 0.37, X, x0, stride, count);
        accumulateRowsJs(
          accJs,
          b,
          Float64Array.from(coef),
          c0,
          0.37,
          Float64Array.from(X),
          x0,
          stride,
          count,
        );
        naive(accNaive, b, coef, c0, 0.37, X, x0, stride, count);
        for (let s = 0; s < b; s++) {
          expect(Object.is(acc[s], accJs[s]), `b ${b}, count ${count}, s ${s}`).toBe(true);
          expect(Math.abs(acc[s] - accNaive[s])).toBeLessThan(1e-12 * (1 + count));
        }
        cases++;
      }
    }
    expect(cases).toBe(56);
  });

  it("tangentSweep: WebAssembly and JavaScript agree bit for bit, and with a direct recursion to round-off", () => {
    const rng = createRng(11);
    for (const [M, b, B, j] of [
      [12, 7, 8, 1],
      [12, 8, 8, 3],
      [30, 64, 64, 1],
      [30, 33, 40, 29],
      [5, 1, 2, 5],
    ]) {
      const n1 = M + 1;
      const ws = kernelScratch(2 * n1 * n1 + 4 * n1 * B + 3 * n1 + 2 * B + 256);
      const K = ws.f64(n1 * n1);
      const out = ws.f64(n1 * n1);
      const gamma = ws.f64(n1);
      const a1 = ws.f64(n1);
      const a2 = ws.f64(n1);
      const F = ws.f64(n1 * B);
      const d = ws.f64(n1 * B);
      const psi = ws.f64(n1 * B);
      const u = ws.f64(n1 * B);
      const acc = ws.f64(B);
      const w = ws.f64(b);
      for (let i = 0; i < K.length; i++) K[i] = 0.1 * rng.normal();
      for (let k = 0; k < n1; k++) {
        gamma[k] = 0.1 + 0.05 * rng.uniform();
        a1[k] = 1.3 + 0.1 * rng.uniform();
        a2[k] = -0.3 - 0.1 * rng.uniform();
      }
      for (let i = 0; i < F.length; i++) {
        F[i] = 0.5 + rng.uniform();
        d[i] = 1 / (1 + 0.2 * rng.uniform());
      }
      for (let s = 0; s < b; s++) w[s] = rng.uniform();
      const copy = (x: Float64Array) => Float64Array.from(x);
      const outJs = copy(out);
      const psiJs = copy(psi);
      const uJs = copy(u);
      tangentSweep(j, M, b, B, K, n1, 0.7, gamma, a1, a2, F, d, psi, u, acc, w, out, n1);
      tangentSweepJs(
        j,
        M,
        b,
        B,
        copy(K),
        n1,
        0.7,
        copy(gamma),
        copy(a1),
        copy(a2),
        copy(F),
        copy(d),
        psiJs,
        uJs,
        new Float64Array(B),
        copy(w),
        outJs,
        n1,
      );
      for (let k = j; k <= M; k++) {
        expect(Object.is(out[k * n1 + j], outJs[k * n1 + j]), `M ${M} b ${b} k ${k}`).toBe(true);
        for (let s = 0; s < b; s++) expect(Object.is(psi[k * B + s], psiJs[k * B + s])).toBe(true);
      }
      // the recursion written out directly, sample by sample
      for (let s = 0; s < b; s++) {
        const p = new Float64Array(n1);
        const uu = new Float64Array(n1);
        for (let k = j; k <= M; k++) {
          let mem = 0;
          for (let i = j; i < k; i++) mem += gamma[k] * 0.7 * K[k * n1 + i] * uu[i];
          const hist = k === j ? gamma[j] : a1[k] * p[k - 1] + (k - 2 >= j ? a2[k] * p[k - 2] : 0) + mem;
          p[k] = hist * d[k * B + s];
          uu[k] = F[k * B + s] * p[k];
          expect(Math.abs(p[k] - psi[k * B + s])).toBeLessThan(1e-12 * (1 + Math.abs(p[k])));
        }
      }
    }
  });

  it("accumulateGramLower: WebAssembly and JavaScript agree bit for bit, and with a plain loop to round-off", () => {
    const rng = createRng(13);
    for (const [rows, b, stride] of [
      [1, 1, 1],
      [5, 3, 4],
      [9, 64, 64],
      [13, 255, 256],
    ]) {
      const ws = kernelScratch(2 * rows * rows + rows * stride + 64);
      const G = ws.f64(rows * rows);
      const E = ws.f64(rows * stride);
      for (let i = 0; i < G.length; i++) G[i] = rng.normal();
      for (let i = 0; i < E.length; i++) E[i] = rng.normal();
      const GJs = Float64Array.from(G);
      const G0 = Float64Array.from(G);
      accumulateGramLower(G, rows, E, stride, rows, b);
      accumulateGramLowerJs(GJs, rows, Float64Array.from(E), stride, rows, b);
      for (let k = 0; k < rows; k++) {
        for (let l = 0; l < rows; l++) {
          const i = k * rows + l;
          expect(Object.is(G[i], GJs[i]), `rows ${rows} b ${b} (${k}, ${l})`).toBe(true);
          let t = 0;
          if (l <= k) for (let s = 0; s < b; s++) t += E[k * stride + s] * E[l * stride + s];
          expect(Math.abs(G[i] - (G0[i] + t))).toBeLessThan(1e-12 * (1 + b));
        }
      }
    }
  });

  it("residualGradient: WebAssembly and JavaScript bit for bit, and r = y − Xw, g = Xᵀr to round-off (odd sizes, n or d = 1)", () => {
    const rng = createRng(17);
    for (const [n, d] of [
      [1, 1],
      [1, 7],
      [7, 1],
      [5, 3],
      [8, 9],
      [13, 64],
      [64, 33],
    ]) {
      const [X, w, y, r, g] = createKernelWorkspace([n * d, d, n, n, d]);
      for (let i = 0; i < X.length; i++) X[i] = rng.normal();
      for (let j = 0; j < d; j++) w[j] = rng.normal();
      for (let i = 0; i < n; i++) y[i] = rng.normal();
      g.fill(123); // the kernel overwrites g
      const rJs = new Float64Array(n);
      const gJs = new Float64Array(d);
      residualGradient(X, n, d, w, y, r, g);
      residualGradientJs(Float64Array.from(X), n, d, Float64Array.from(w), Float64Array.from(y), rJs, gJs);
      for (let i = 0; i < n; i++) {
        expect(Object.is(r[i], rJs[i]), `n ${n} d ${d} r[${i}]`).toBe(true);
        let dot = 0;
        for (let j = 0; j < d; j++) dot += X[i * d + j] * w[j];
        expect(Math.abs(r[i] - (y[i] - dot))).toBeLessThan(1e-12 * (1 + d));
      }
      for (let j = 0; j < d; j++) {
        expect(Object.is(g[j], gJs[j]), `n ${n} d ${d} g[${j}]`).toBe(true);
        let s = 0;
        for (let i = 0; i < n; i++) s += X[i * d + j] * r[i];
        expect(Math.abs(g[j] - s)).toBeLessThan(1e-12 * (1 + n));
      }
    }
  });

  it("residualGradientPacked: WebAssembly and JavaScript bit for bit, the packing invertible, the row-major kernel's numbers bit for bit, and r = y − Xw, g = Xᵀr to 1e-12 relative (odd sizes, n or d = 1, several column blocks, an unpaired last group)", () => {
    const rng = createRng(23);
    let shapes = 0;
    for (const [n, d] of [
      [1, 1],
      [1, 8],
      [9, 1],
      [4, 2],
      [5, 3],
      [7, 5],
      [8, 9],
      [13, 64],
      [66, 33],
      [101, 250],
      // several column blocks (PACKED_BLOCK_COLUMNS = 256), the last one short; pairs of groups
      // and an unpaired last group (n = 12: three groups), remainder rows
      [8, 2 * PACKED_BLOCK_COLUMNS],
      [12, 300],
      [19, 513],
      [21, 700],
    ]) {
      const dp = d + (d % 2);
      const Xrows = new Float64Array(n * d);
      for (let i = 0; i < Xrows.length; i++) Xrows[i] = rng.normal();
      const [X, w, y, r, g] = createKernelWorkspace([packedLength(n, d), dp, n, n, dp]);
      X.fill(Number.NaN); // every entry, pads included, must be written by the packing
      packRowGroups(Xrows, 0, n, d, X, 0);
      for (let i = 0; i < n; i++) {
        const row = packedRow(X, 0, n, d, i, new Float64Array(d));
        expect(Array.from(row)).toEqual(Array.from(Xrows.subarray(i * d, (i + 1) * d)));
      }
      expect(X.some(Number.isNaN)).toBe(false);
      for (let j = 0; j < d; j++) w[j] = rng.normal();
      for (let i = 0; i < n; i++) y[i] = rng.normal();
      g.fill(123); // the kernel overwrites g
      const rJs = new Float64Array(n);
      const gJs = new Float64Array(dp);
      residualGradientPacked(X, n, d, w, y, r, g);
      // the same design row-major through residualGradient (four rows at a time): the blocks move
      // where numbers are stored, not the order of the arithmetic
      const [Xm, wm, ym, rm, gm] = createKernelWorkspace([n * d, d, n, n, d]);
      Xm.set(Xrows);
      wm.set(w.subarray(0, d));
      ym.set(y);
      residualGradient(Xm, n, d, wm, ym, rm, gm);
      for (let i = 0; i < n; i++)
        expect(Object.is(r[i], rm[i]), `n ${n} d ${d} row-major r[${i}]`).toBe(true);
      for (let j = 0; j < d; j++)
        expect(Object.is(g[j], gm[j]), `n ${n} d ${d} row-major g[${j}]`).toBe(true);
      residualGradientPackedJs(
        Float64Array.from(X),
        n,
        d,
        Float64Array.from(w),
        Float64Array.from(y),
        rJs,
        gJs,
      );
      let scaleR = 0;
      let scaleG = 0;
      for (let i = 0; i < n; i++) scaleR = Math.max(scaleR, Math.abs(r[i]));
      for (let j = 0; j < d; j++) scaleG = Math.max(scaleG, Math.abs(g[j]));
      for (let i = 0; i < n; i++) {
        expect(Object.is(r[i], rJs[i]), `n ${n} d ${d} r[${i}]`).toBe(true);
        let dot = 0;
        for (let j = 0; j < d; j++) dot += Xrows[i * d + j] * w[j];
        expect(Math.abs(r[i] - (y[i] - dot)) / scaleR).toBeLessThan(1e-12);
      }
      for (let j = 0; j < d; j++) {
        expect(Object.is(g[j], gJs[j]), `n ${n} d ${d} g[${j}]`).toBe(true);
        let s = 0;
        for (let i = 0; i < n; i++) s += Xrows[i * d + j] * r[i];
        expect(Math.abs(g[j] - s) / scaleG).toBeLessThan(1e-12);
      }
      shapes++;
    }
    expect(shapes).toBe(14);
  });

  it("createKernelWorkspace: separate memories whose views stay valid, and the 4 GiB limit named", () => {
    const [a, b] = createKernelWorkspace([5, 3]);
    const [c] = createKernelWorkspace([1_000_000]);
    expect(a.buffer).toBe(b.buffer);
    expect(c.buffer).not.toBe(a.buffer);
    expect(b.byteOffset % 16).toBe(0);
    a[4] = 1;
    kernelScratch(4_000_000); // growing the scratch memory does not touch workspaces
    expect(a[4]).toBe(1);
    expect(a.length).toBe(5);
    expect(() => createKernelWorkspace([6e8])).toThrow(/4 GiB/);
  });

  it("kernelScratch hands out zeroed, 16-byte aligned, non-overlapping views and grows on demand", () => {
    const small = kernelScratch(10);
    const a = small.f64(3);
    const b = small.f64(5);
    expect(a.byteOffset % 16).toBe(0);
    expect(b.byteOffset % 16).toBe(0);
    expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + 24);
    const big = kernelScratch(2_000_000); // 16 MB: forces the memory to grow
    const c = big.f64(2_000_000);
    expect(c.length).toBe(2_000_000);
    expect(c[1_999_999]).toBe(0);
    expect(() => big.f64(10_000)).toThrow(RangeError);
  });

  it("the committed WebAssembly module is what assembly/kernels.ts compiles to", async () => {
    // @ts-expect-error: plain ESM script without types
    const { compiledSource } = await import("../scripts/build-wasm.mjs");
    const committed = readFileSync(join(__dirname, "..", "src", "kernels", "wasm-binary.ts"), "utf8");
    expect(await compiledSource()).toBe(committed);
  }, 60_000);
});
