/**
 * A design matrix packed for the one-pass gradient (theory/dln.md, "Gradient flow"): rows padded
 * with zeros to an even length dp, grouped four at a time, the groups in pairs. A pair of groups is
 * stored column block by column block (PACKED_BLOCK_COLUMNS columns a block, the last one shorter):
 * a block holds the first group's column pairs — [x₀ⱼ x₀ⱼ₊₁ x₁ⱼ x₁ⱼ₊₁ x₂ⱼ x₂ⱼ₊₁ x₃ⱼ x₃ⱼ₊₁] for the
 * block's j = c, c + 2, … — and then the second group's. An unpaired last group is its column pairs
 * in order, and the n mod 4 remaining rows follow row-major. A pair of groups is then one contiguous
 * stream in memory: the kernel reads it once from memory for the eight dot products with w and once
 * more from cache for the update of g, and each block of w (2 KiB) is read from the core's
 * first-level cache by both groups. Measured (packages/dln/bench, d = 4000, n = 2000, one thread):
 * four row streams → one stream per group 1.2×, → blocks of a pair of groups 1.3× more (a second
 * stream that misses the first-level cache, w read whole for every group, slows the stream from
 * memory by a third). The blocks change where numbers are stored, never the order of the
 * arithmetic: the results are those of `residualGradient` on the row-major design, bit for bit.
 */

import { kernelsFor } from "./row-kernels.js";

/** Columns of a block of a pair of row groups (even; w's block of 2 KiB stays in first-level cache). */
export const PACKED_BLOCK_COLUMNS = 256;

/** The padded row length: d rounded up to even. */
export function packedRowLength(d: number): number {
  return d + (d & 1);
}

/** Doubles of a packed n × d design: n · dp. */
export function packedLength(n: number, d: number): number {
  return n * packedRowLength(d);
}

/**
 * Packs rows [0, n) of the row-major n × d matrix `src` (from offset `srcOffset`) into `dst` from
 * offset `dstOffset` (packedLength(n, d) doubles, zero pads written).
 */
export function packRowGroups(
  src: Float64Array,
  srcOffset: number,
  n: number,
  d: number,
  dst: Float64Array,
  dstOffset: number,
): void {
  const dp = packedRowLength(d);
  const groups = n >> 2;
  for (let k = 0; k < groups; k++) {
    for (let c0 = 0; c0 < dp; c0 += PACKED_BLOCK_COLUMNS) {
      const at = dstOffset + blockStart(dp, groups, k, c0);
      const end = Math.min(c0 + PACKED_BLOCK_COLUMNS, d);
      // an odd d's zero pad (column d) lies in the block that ends the row
      const pad = dp > d && end === d;
      for (let m = 0; m < 4; m++) {
        const row = srcOffset + (4 * k + m) * d;
        for (let j = c0; j < end; j++) dst[at + 8 * ((j - c0) >> 1) + 2 * m + (j & 1)] = src[row + j];
        if (pad) dst[at + 8 * ((d - c0) >> 1) + 2 * m + 1] = 0;
      }
    }
  }
  for (let i = 4 * groups; i < n; i++) {
    const o = dstOffset + i * dp;
    dst.set(src.subarray(srcOffset + i * d, srcOffset + (i + 1) * d), o);
    if (dp > d) dst[o + d] = 0;
  }
}

/**
 * Where group k's block of columns [c0, c0 + PACKED_BLOCK_COLUMNS) starts in a packed design of
 * `groups` row groups: its pair's start, the pair's earlier (full) blocks, and the first group's
 * part of this block when k is the second of its pair.
 */
function blockStart(dp: number, groups: number, k: number, c0: number): number {
  const G = (k | 1) < groups ? 2 : 1;
  const width = Math.min(PACKED_BLOCK_COLUMNS, dp - c0);
  return 8 * (k >> 1) * dp + 4 * G * c0 + 4 * (k & 1) * width;
}

/** Row i of a packed n × d design (at `offset` in `packed`) into `out` (length ≥ d). */
export function packedRow(
  packed: Float64Array,
  offset: number,
  n: number,
  d: number,
  i: number,
  out: Float64Array,
): Float64Array {
  const dp = packedRowLength(d);
  const groups = n >> 2;
  if (i < 4 * groups) {
    const k = i >> 2;
    const m = i & 3;
    for (let c0 = 0; c0 < d; c0 += PACKED_BLOCK_COLUMNS) {
      const at = offset + blockStart(dp, groups, k, c0) + 2 * m;
      const end = Math.min(c0 + PACKED_BLOCK_COLUMNS, d);
      for (let j = c0; j < end; j++) out[j] = packed[at + 8 * ((j - c0) >> 1) + (j & 1)];
    }
  } else for (let j = 0; j < d; j++) out[j] = packed[offset + i * dp + j];
  return out;
}

/**
 * r = y − Xw and g = Xᵀr over a packed n × d design (`packRowGroups`), w and g of length ≥ dp
 * (w's pad entry 0). WebAssembly SIMD when every array lives in one `createKernelWorkspace` memory,
 * the JavaScript twin otherwise; bit-identical either way (tested).
 */
export function residualGradientPacked(
  X: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
  y: Float64Array,
  r: Float64Array,
  g: Float64Array,
): void {
  const k = kernelsFor(X, w, y, r, g);
  if (k)
    k.residualGradientPacked(
      X.byteOffset,
      n,
      packedRowLength(d),
      w.byteOffset,
      y.byteOffset,
      r.byteOffset,
      g.byteOffset,
      PACKED_BLOCK_COLUMNS,
    );
  else residualGradientPackedJs(X, n, d, w, y, r, g);
}

/**
 * Scratch of residualGradientPackedJs, allocated once per module instance (each worker thread has its own),
 * not once per evaluation: the lanes of a pair's eight dot products (even j, odd j), kept across blocks, and
 * the pair's eight residuals.
 */
const pairLanes = new Float64Array(16);
const pairResiduals = new Float64Array(8);

/**
 * The JavaScript twin of the WebAssembly kernel `residualGradientPacked` (assembly/kernels.ts):
 * r = y − Xw and g = Xᵀr over the packed design `X` (packedLength(n, d) doubles), with w and g of
 * length ≥ dp (w's pad entry 0; g's pad entry is written). The same floating-point operations in
 * the same order (two lanes per dot product, even and odd j, added at the end; each g[j] receives
 * the groups in row order), so the two are bit-identical (tested).
 */
export function residualGradientPackedJs(
  X: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
  y: Float64Array,
  r: Float64Array,
  g: Float64Array,
): void {
  const dp = packedRowLength(d);
  g.fill(0, 0, dp);
  const groups = n >> 2;
  const acc = pairLanes;
  const coef = pairResiduals;
  for (let k = 0; k < groups; k += 2) {
    const G = k + 1 < groups ? 2 : 1;
    const start = 4 * k * dp;
    acc.fill(0);
    let p = start;
    for (let c0 = 0; c0 < dp; c0 += PACKED_BLOCK_COLUMNS) {
      const pairs = Math.min(PACKED_BLOCK_COLUMNS, dp - c0) >> 1;
      for (let q = 0; q < G; q++, p += 8 * pairs) dotBlock(X, p, pairs, w, c0, acc, 8 * q);
    }
    for (let q = 0; q < G; q++)
      for (let m = 0; m < 4; m++) {
        const i = 4 * (k + q) + m;
        const a = 8 * q + 2 * m;
        const ri = y[i] - (acc[a] + acc[a + 1]);
        r[i] = ri;
        coef[4 * q + m] = ri;
      }
    p = start;
    for (let c0 = 0; c0 < dp; c0 += PACKED_BLOCK_COLUMNS) {
      const pairs = Math.min(PACKED_BLOCK_COLUMNS, dp - c0) >> 1;
      for (let q = 0; q < G; q++, p += 8 * pairs) updateBlock(X, p, pairs, g, c0, coef, 4 * q);
    }
  }
  for (let i = 4 * groups; i < n; i++) {
    const o = i * dp;
    let e = 0;
    let f = 0;
    for (let j = 0; j < dp; j += 2) {
      e += X[o + j] * w[j];
      f += X[o + j + 1] * w[j + 1];
    }
    const ri = y[i] - (e + f);
    r[i] = ri;
    for (let j = 0; j < dp; j++) g[j] += ri * X[o + j];
  }
}

/** One group's block of column pairs from X[p]: its four rows' lanes acc[a..a + 8) += x·w. */
function dotBlock(
  X: Float64Array,
  p: number,
  pairs: number,
  w: Float64Array,
  c0: number,
  acc: Float64Array,
  a: number,
): void {
  let e0 = acc[a];
  let f0 = acc[a + 1];
  let e1 = acc[a + 2];
  let f1 = acc[a + 3];
  let e2 = acc[a + 4];
  let f2 = acc[a + 5];
  let e3 = acc[a + 6];
  let f3 = acc[a + 7];
  for (let c = 0, j = c0; c < pairs; c++, p += 8, j += 2) {
    const wa = w[j];
    const wb = w[j + 1];
    e0 += X[p] * wa;
    f0 += X[p + 1] * wb;
    e1 += X[p + 2] * wa;
    f1 += X[p + 3] * wb;
    e2 += X[p + 4] * wa;
    f2 += X[p + 5] * wb;
    e3 += X[p + 6] * wa;
    f3 += X[p + 7] * wb;
  }
  acc[a] = e0;
  acc[a + 1] = f0;
  acc[a + 2] = e1;
  acc[a + 3] = f1;
  acc[a + 4] = e2;
  acc[a + 5] = f2;
  acc[a + 6] = e3;
  acc[a + 7] = f3;
}

/** One group's block of column pairs from X[p]: g[j] += (r₀x₀ + r₁x₁) + (r₂x₂ + r₃x₃). */
function updateBlock(
  X: Float64Array,
  p: number,
  pairs: number,
  g: Float64Array,
  c0: number,
  coef: Float64Array,
  a: number,
): void {
  const r0 = coef[a];
  const r1 = coef[a + 1];
  const r2 = coef[a + 2];
  const r3 = coef[a + 3];
  for (let c = 0, j = c0; c < pairs; c++, p += 8, j += 2) {
    g[j] += r0 * X[p] + r1 * X[p + 2] + (r2 * X[p + 4] + r3 * X[p + 6]);
    g[j + 1] += r0 * X[p + 1] + r1 * X[p + 3] + (r2 * X[p + 5] + r3 * X[p + 7]);
  }
}
