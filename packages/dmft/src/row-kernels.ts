/**
 * Hot-loop kernels on flat Float64Array rows (samples innermost). General dense numerics that
 * could move to @meanfield/linalg: acc[0..b) += Σ_{r < count} scale·coef[c0 + r] · X[x0 + r·stride + s].
 * Four rows per pass halve the loads and stores of `acc` (≈ 2× over a plain axpy loop in V8).
 */
export function accumulateRows(
  acc: Float64Array,
  b: number,
  coef: Float64Array,
  c0: number,
  scale: number,
  X: Float64Array,
  x0: number,
  stride: number,
  count: number,
): void {
  let r = 0;
  for (; r + 3 < count; r += 4) {
    const k0 = scale * coef[c0 + r];
    const k1 = scale * coef[c0 + r + 1];
    const k2 = scale * coef[c0 + r + 2];
    const k3 = scale * coef[c0 + r + 3];
    const o0 = x0 + r * stride;
    const o1 = o0 + stride;
    const o2 = o1 + stride;
    const o3 = o2 + stride;
    for (let s = 0; s < b; s++) acc[s] += k0 * X[o0 + s] + k1 * X[o1 + s] + k2 * X[o2 + s] + k3 * X[o3 + s];
  }
  for (; r < count; r++) {
    const k0 = scale * coef[c0 + r];
    const o0 = x0 + r * stride;
    for (let s = 0; s < b; s++) acc[s] += k0 * X[o0 + s];
  }
}

/**
 * Lower triangle of the Gram matrix of rows: G[k·ld + l] += Σ_s E[k·stride + s] E[l·stride + s]
 * for 0 ≤ l ≤ k < rows, four columns l at a time.
 */
export function accumulateGramLower(
  G: Float64Array,
  ld: number,
  E: Float64Array,
  stride: number,
  rows: number,
  b: number,
): void {
  for (let k = 0; k < rows; k++) {
    const ek = k * stride;
    const gk = k * ld;
    let l = 0;
    for (; l + 3 <= k; l += 4) {
      const e0 = l * stride;
      const e1 = e0 + stride;
      const e2 = e1 + stride;
      const e3 = e2 + stride;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let s = 0; s < b; s++) {
        const x = E[ek + s];
        s0 += x * E[e0 + s];
        s1 += x * E[e1 + s];
        s2 += x * E[e2 + s];
        s3 += x * E[e3 + s];
      }
      G[gk + l] += s0;
      G[gk + l + 1] += s1;
      G[gk + l + 2] += s2;
      G[gk + l + 3] += s3;
    }
    for (; l <= k; l++) {
      const e0 = l * stride;
      let s0 = 0;
      for (let s = 0; s < b; s++) s0 += E[ek + s] * E[e0 + s];
      G[gk + l] += s0;
    }
  }
}
