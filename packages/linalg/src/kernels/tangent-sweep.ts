import { accumulateRowsJs, wasmKernels } from "./row-kernels.js";

/**
 * One column j of a batched linear BDF2 recursion with a lower-triangular memory — the tangent
 * dynamics of a Volterra process, used for the DMFT's responses (dmft's responses.ts):
 *   ψ_j = γ_j d_j,   ψ_k = ((a1_k ψ_{k−1} + a2_k ψ_{k−2}) + Σ_{j ≤ i < k} (γ_k δ K[k, i]) u_i) d_k,
 *   u_k = F_k ψ_k,   out[k·ldOut + j] += Σ_s w_s u_k[s]        (k = j..M),
 * the a2 term only for k − 2 ≥ j. ψ, u, F, d (= invDen) are rows of B doubles (the first b used),
 * w has b entries, K is row-major with leading dimension ldK. The weighted sums are split over two
 * lanes (even and odd s) and added at the end, the order of the WebAssembly SIMD twin
 * (assembly/kernels.ts), which runs when every array lives in `kernelScratch` memory; the two are
 * bit-identical (tested).
 */
export function tangentSweep(
  j: number,
  M: number,
  b: number,
  B: number,
  K: Float64Array,
  ldK: number,
  delta: number,
  gamma: Float64Array,
  a1: Float64Array,
  a2: Float64Array,
  F: Float64Array,
  invDen: Float64Array,
  psi: Float64Array,
  u: Float64Array,
  acc: Float64Array,
  w: Float64Array,
  out: Float64Array,
  ldOut: number,
): void {
  const k = wasmKernels();
  if (k) {
    const buf = k.memory.buffer;
    if (
      K.buffer === buf &&
      gamma.buffer === buf &&
      a1.buffer === buf &&
      a2.buffer === buf &&
      F.buffer === buf &&
      invDen.buffer === buf &&
      psi.buffer === buf &&
      u.buffer === buf &&
      acc.buffer === buf &&
      w.buffer === buf &&
      out.buffer === buf
    ) {
      k.tangentSweep(
        j,
        M,
        b,
        B,
        K.byteOffset,
        ldK,
        delta,
        gamma.byteOffset,
        a1.byteOffset,
        a2.byteOffset,
        F.byteOffset,
        invDen.byteOffset,
        psi.byteOffset,
        u.byteOffset,
        acc.byteOffset,
        w.byteOffset,
        out.byteOffset,
        ldOut,
      );
      return;
    }
  }
  tangentSweepJs(j, M, b, B, K, ldK, delta, gamma, a1, a2, F, invDen, psi, u, acc, w, out, ldOut);
}

/** The JavaScript implementation of `tangentSweep` (any arrays). */
export function tangentSweepJs(
  j: number,
  M: number,
  b: number,
  B: number,
  K: Float64Array,
  ldK: number,
  delta: number,
  gamma: Float64Array,
  a1: Float64Array,
  a2: Float64Array,
  F: Float64Array,
  invDen: Float64Array,
  psi: Float64Array,
  u: Float64Array,
  acc: Float64Array,
  w: Float64Array,
  out: Float64Array,
  ldOut: number,
): void {
  const jb = j * B;
  const gj = gamma[j];
  let e = 0;
  let o = 0;
  let s = 0;
  for (; s + 1 < b; s += 2) {
    const p0 = gj * invDen[jb + s];
    const p1 = gj * invDen[jb + s + 1];
    psi[jb + s] = p0;
    psi[jb + s + 1] = p1;
    const u0 = F[jb + s] * p0;
    const u1 = F[jb + s + 1] * p1;
    u[jb + s] = u0;
    u[jb + s + 1] = u1;
    e += w[s] * u0;
    o += w[s + 1] * u1;
  }
  if (s < b) {
    const p0 = gj * invDen[jb + s];
    psi[jb + s] = p0;
    const u0 = F[jb + s] * p0;
    u[jb + s] = u0;
    e += w[s] * u0;
  }
  out[j * ldOut + j] += e + o;
  for (let k = j + 1; k <= M; k++) {
    acc.fill(0, 0, b);
    accumulateRowsJs(acc, b, K, k * ldK + j, gamma[k] * delta, u, jb, B, k - j);
    const A1 = a1[k];
    const A2 = a2[k];
    const kb = k * B;
    const k1 = kb - B;
    const k2 = kb - 2 * B;
    const two = k - 2 >= j;
    let e2 = 0;
    let o2 = 0;
    let t = 0;
    for (; t + 1 < b; t += 2) {
      const h0 = two ? A1 * psi[k1 + t] + A2 * psi[k2 + t] : A1 * psi[k1 + t];
      const h1 = two ? A1 * psi[k1 + t + 1] + A2 * psi[k2 + t + 1] : A1 * psi[k1 + t + 1];
      const p0 = (h0 + acc[t]) * invDen[kb + t];
      const p1 = (h1 + acc[t + 1]) * invDen[kb + t + 1];
      psi[kb + t] = p0;
      psi[kb + t + 1] = p1;
      const u0 = F[kb + t] * p0;
      const u1 = F[kb + t + 1] * p1;
      u[kb + t] = u0;
      u[kb + t + 1] = u1;
      e2 += w[t] * u0;
      o2 += w[t + 1] * u1;
    }
    if (t < b) {
      const h0 = two ? A1 * psi[k1 + t] + A2 * psi[k2 + t] : A1 * psi[k1 + t];
      const p0 = (h0 + acc[t]) * invDen[kb + t];
      psi[kb + t] = p0;
      const u0 = F[kb + t] * p0;
      u[kb + t] = u0;
      e2 += w[t] * u0;
    }
    out[k * ldOut + j] += e2 + o2;
  }
}
