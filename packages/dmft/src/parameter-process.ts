import { accumulateGramLower, accumulateRows, kernelScratch } from "@meanfield/linalg";
import { implicitStepper, type Mobility } from "./mobility.js";

/**
 * The parameter process of theory/dmft.md, "Parameter process", by Monte Carlo, on the BDF2 grid in the mirror variable φ:
 *   φ_k = a1_k φ_{k−1} + a2_k φ_{k−2} + γ_k [η_k + δ Σ_{i ≤ k} R_r[k, i] (w_i − w*)],  w_i = w(φ_i),
 * with η ~ N(0, δ C_r) (rows 1..M; η = L z with L the Cholesky factor and fixed z), w_0 = 0.
 * The diagonal R_r[k, k] ≈ −1 is the instantaneous local term −δ(w − w*); it is taken implicitly
 * (a monotone scalar equation per sample, Mobility.implicitStep), the rest is the memory.
 * Samples are processed in cache-sized chunks with the samples innermost, so every memory sum is
 * a contiguous axpy over the chunk (O(N M²) per pass, no per-sample M×M storage).
 */
export interface ProcessInputs {
  M: number;
  delta: number;
  a1: Float64Array;
  a2: Float64Array;
  gamma: Float64Array;
  /** R_r, (M+1)×(M+1) row-major. */
  rR: Float64Array;
  /** Cholesky factor of δ C_r[1.., 1..], M×M row-major. */
  L: Float64Array;
  /** z, M×N row-major (row m = the standard normals of step m+1). */
  z: Float64Array;
  wStar: Float64Array;
  /** Weight of each sample (sums to 1; sample-design.ts). */
  weight: Float64Array;
  N: number;
  mobility: Mobility;
}

export interface ProcessOutputs {
  /** Σ_s π_s (w_k − w*)(w_l − w*) over samples s with weights π_s, (M+1)×(M+1), full. */
  cDeltaSum: Float64Array;
  /** The mobility dw/dφ along the paths of the first `keep` samples, (M+1)×keep row-major (responses.ts). */
  mobilityKept: Float64Array;
  keep: number;
  /** Per-time weighted sums of |w|, w², and of 1{|w| > activeThreshold}. */
  absWSum: Float64Array;
  sqWSum: Float64Array;
  activeSum: Float64Array;
}

export const CHUNK = 256;

export function runParameterProcess(
  p: ProcessInputs,
  keep: number,
  activeThreshold: number,
  out?: ProcessOutputs,
): ProcessOutputs {
  const { M, delta, a1, a2, gamma, rR, L, z, wStar, weight, N, mobility } = p;
  const timePoints = M + 1;
  const o: ProcessOutputs = out ?? {
    cDeltaSum: new Float64Array(timePoints * timePoints),
    mobilityKept: new Float64Array(timePoints * keep),
    keep,
    absWSum: new Float64Array(timePoints),
    sqWSum: new Float64Array(timePoints),
    activeSum: new Float64Array(timePoints),
  };
  o.cDeltaSum.fill(0);
  o.absWSum.fill(0);
  o.sqWSum.fill(0);
  o.activeSum.fill(0);
  const B = CHUNK;
  // the arrays of the memory sums live in the kernels' scratch memory (WebAssembly SIMD): the
  // factor L, R_r, each chunk's standard normals and its paths
  const ws = kernelScratch(M * M + 2 * timePoints * timePoints + M * B + 3 * timePoints * B + B + 96);
  const Lw = ws.copy(L.subarray(0, M * M));
  const rRw = ws.copy(rR.subarray(0, timePoints * timePoints));
  const zc = ws.f64(M * B);
  const E = ws.f64(timePoints * B);
  const phi = ws.f64(timePoints * B);
  const acc = ws.f64(B);
  const Es = ws.f64(timePoints * B);
  const Fc = new Float64Array(timePoints * B);
  const gram = ws.f64(timePoints * timePoints);
  const sqrtW = new Float64Array(B);
  const step = implicitStepper(mobility);
  const res = new Float64Array(3);
  const cD = o.cDeltaSum;
  const dwdphi0 = mobility.dwdphi(0);
  for (let s0 = 0; s0 < N; s0 += B) {
    const b = Math.min(B, N - s0);
    for (let s = 0; s < b; s++) {
      E[s] = -wStar[s0 + s];
      phi[s] = 0;
      Fc[s] = dwdphi0;
    }
    for (let m = 0; m < M; m++) zc.set(z.subarray(m * N + s0, m * N + s0 + b), m * B);
    for (let k = 1; k <= M; k++) {
      acc.fill(0, 0, b);
      // η_k = Σ_{m < k} L[k−1, m] z[m, ·]
      accumulateRows(acc, b, Lw, (k - 1) * M, 1, zc, 0, B, k);
      // memory δ Σ_{i < k} R_r[k, i] (w_i − w*)
      const rrow = k * timePoints;
      accumulateRows(acc, b, rRw, rrow, delta, E, 0, B, k);
      const g = gamma[k];
      const ck = -g * delta * rRw[rrow + k];
      const A1 = a1[k];
      const A2 = a2[k];
      const pk = k * B;
      const pk1 = pk - B;
      const pk2 = k >= 2 ? pk - 2 * B : pk1;
      for (let s = 0; s < b; s++) {
        const ws = wStar[s0 + s];
        const rhs = A1 * phi[pk1 + s] + A2 * phi[pk2 + s] + g * acc[s] + ck * ws;
        res[0] = phi[pk1 + s];
        res[1] = E[pk1 + s] + ws;
        res[2] = Fc[pk1 + s];
        step(rhs, ck, res);
        phi[pk + s] = res[0];
        E[pk + s] = res[1] - ws;
        Fc[pk + s] = res[2];
      }
    }
    // accumulate C_Δ (lower triangle, weighted: Gram of √π·E) and one-time averages
    for (let s = 0; s < b; s++) sqrtW[s] = Math.sqrt(weight[s0 + s]);
    for (let k = 0; k <= M; k++) {
      const ek = k * B;
      for (let s = 0; s < b; s++) Es[ek + s] = E[ek + s] * sqrtW[s];
    }
    accumulateGramLower(gram, timePoints, Es, B, timePoints, b);
    for (let k = 0; k <= M; k++) {
      const ek = k * B;
      let sa = 0;
      let sq = 0;
      let act = 0;
      for (let s = 0; s < b; s++) {
        const w = E[ek + s] + wStar[s0 + s];
        const aw = Math.abs(w);
        const ps = weight[s0 + s];
        sa += ps * aw;
        sq += ps * w * w;
        if (aw > activeThreshold) act += ps;
      }
      o.absWSum[k] += sa;
      o.sqWSum[k] += sq;
      o.activeSum[k] += act;
    }
    if (s0 < keep) {
      const kb = Math.min(b, keep - s0);
      for (let k = 0; k <= M; k++) {
        for (let s = 0; s < kb; s++) o.mobilityKept[k * keep + s0 + s] = Fc[k * B + s];
      }
    }
  }
  cD.set(gram);
  for (let k = 0; k <= M; k++) for (let l = 0; l < k; l++) cD[l * timePoints + k] = cD[k * timePoints + l];
  return o;
}
