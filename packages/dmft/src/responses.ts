import { kernelScratch, tangentSweep } from "@meanfield/linalg";

/**
 * Responses R_w[k, j] = E[∂w_k/∂h_j] by forward sensitivities (tangent dynamics), averaged over
 * the first `keep` samples. In φ the perturbation enters additively, so ψ = ∂φ/∂h_j obeys the
 * same BDF2 recursion linearised:
 *   (1 + c_k F_k) ψ_k = a1_k ψ_{k−1} + a2_k ψ_{k−2} + γ_k δ Σ_{j ≤ i < k} R_r[k, i] F_i ψ_i + γ_j 1{k = j},
 * with F_i = dw/dφ(φ_i) the sample's mobility (from the parameter process, `mobilityKept`), and ∂w_k/∂h_j = F_k ψ_k, averaged with the response
 * weights of sample-design.ts. One column j at a time, samples innermost: O(keep · M³/6) flops and
 * O(M · chunk) memory.
 */
export function tangentResponses(
  M: number,
  delta: number,
  a1: Float64Array,
  a2: Float64Array,
  gamma: Float64Array,
  rR: Float64Array,
  mobilityKept: Float64Array,
  keep: number,
  responseWeight: Float64Array,
  out: Float64Array,
): Float64Array {
  const timePoints = M + 1;
  const B = Math.min(64, keep);
  // every array of the sweep lives in the kernels' scratch memory (WebAssembly SIMD)
  const ws = kernelScratch(
    2 * timePoints * timePoints + 4 * timePoints * B + B + 3 * timePoints + keep + 128,
  );
  const rRw = ws.copy(rR.subarray(0, timePoints * timePoints));
  const outW = ws.f64(timePoints * timePoints);
  const gam = ws.copy(gamma.subarray(0, timePoints));
  const A1 = ws.copy(a1.subarray(0, timePoints));
  const A2 = ws.copy(a2.subarray(0, timePoints));
  const wts = ws.copy(responseWeight.subarray(0, keep));
  const F = ws.f64(timePoints * B);
  const invDen = ws.f64(timePoints * B);
  const u = ws.f64(timePoints * B);
  const psi = ws.f64(timePoints * B);
  const acc = ws.f64(B);
  const c = new Float64Array(timePoints);
  for (let k = 1; k <= M; k++) c[k] = -gamma[k] * delta * rR[k * timePoints + k];
  for (let s0 = 0; s0 < keep; s0 += B) {
    const b = Math.min(B, keep - s0);
    for (let k = 0; k <= M; k++) {
      for (let s = 0; s < b; s++) {
        const f = mobilityKept[k * keep + s0 + s];
        F[k * B + s] = f;
        invDen[k * B + s] = 1 / (1 + c[k] * f);
      }
    }
    const wChunk = wts.subarray(s0, s0 + b);
    for (let j = 1; j <= M; j++)
      tangentSweep(
        j,
        M,
        b,
        B,
        rRw,
        timePoints,
        delta,
        gam,
        A1,
        A2,
        F,
        invDen,
        psi,
        u,
        acc,
        wChunk,
        outW,
        timePoints,
      );
  }
  out.set(outW);
  return out;
}
