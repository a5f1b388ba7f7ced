import { kernelsFor } from "./row-kernels.js";

/**
 * The residual and the gradient of ½‖y − Xw‖² in one pass over X: r = y − Xw and g = Xᵀr, with X
 * row-major n × d (the hot loop of every gradient flow and gradient descent; theory/dln.md,
 * "Gradient flow"). Rows go four at a time: their dot products with w in one sweep, then
 * g += (r₀x₀ + r₁x₁) + (r₂x₂ + r₃x₃) while the rows are still in cache, so X is read from memory
 * once. Each dot product is summed over two lanes (even and odd j) added at the end — the order
 * of the WebAssembly SIMD twin, which runs when X, w, y, r and g live in one
 * `createKernelWorkspace` memory; the two are bit-identical (tested).
 */
export function residualGradient(
  X: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
  y: Float64Array,
  r: Float64Array,
  g: Float64Array,
): void {
  const k = kernelsFor(X, w, y, r, g);
  if (k) k.residualGradient(X.byteOffset, n, d, w.byteOffset, y.byteOffset, r.byteOffset, g.byteOffset);
  else residualGradientJs(X, n, d, w, y, r, g);
}

/** The JavaScript implementation of `residualGradient` (any arrays). */
export function residualGradientJs(
  X: Float64Array,
  n: number,
  d: number,
  w: Float64Array,
  y: Float64Array,
  r: Float64Array,
  g: Float64Array,
): void {
  g.fill(0, 0, d);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o0 = i * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    let e0 = 0;
    let e1 = 0;
    let e2 = 0;
    let e3 = 0;
    let f0 = 0;
    let f1 = 0;
    let f2 = 0;
    let f3 = 0;
    let j = 0;
    for (; j + 1 < d; j += 2) {
      const wa = w[j];
      const wb = w[j + 1];
      e0 += X[o0 + j] * wa;
      f0 += X[o0 + j + 1] * wb;
      e1 += X[o1 + j] * wa;
      f1 += X[o1 + j + 1] * wb;
      e2 += X[o2 + j] * wa;
      f2 += X[o2 + j + 1] * wb;
      e3 += X[o3 + j] * wa;
      f3 += X[o3 + j + 1] * wb;
    }
    if (j < d) {
      const wj = w[j];
      e0 += X[o0 + j] * wj;
      e1 += X[o1 + j] * wj;
      e2 += X[o2 + j] * wj;
      e3 += X[o3 + j] * wj;
    }
    const r0 = y[i] - (e0 + f0);
    const r1 = y[i + 1] - (e1 + f1);
    const r2 = y[i + 2] - (e2 + f2);
    const r3 = y[i + 3] - (e3 + f3);
    r[i] = r0;
    r[i + 1] = r1;
    r[i + 2] = r2;
    r[i + 3] = r3;
    for (j = 0; j < d; j++) g[j] += r0 * X[o0 + j] + r1 * X[o1 + j] + (r2 * X[o2 + j] + r3 * X[o3 + j]);
  }
  for (; i < n; i++) {
    const o0 = i * d;
    let e0 = 0;
    let f0 = 0;
    let j = 0;
    for (; j + 1 < d; j += 2) {
      e0 += X[o0 + j] * w[j];
      f0 += X[o0 + j + 1] * w[j + 1];
    }
    if (j < d) e0 += X[o0 + j] * w[j];
    const r0 = y[i] - (e0 + f0);
    r[i] = r0;
    for (j = 0; j < d; j++) g[j] += r0 * X[o0 + j];
  }
}
