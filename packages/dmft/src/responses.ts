import { accumulateRows, kernelScratch } from "@meanfield/linalg";
import type { Mobility } from "./mobility.js";

/**
 * Responses R_w[k, j] = E[∂w_k/∂h_j] by forward sensitivities (tangent dynamics), averaged over
 * the first `keep` samples. In φ the perturbation enters additively, so ψ = ∂φ/∂h_j obeys the
 * same BDF2 recursion linearised:
 *   (1 + c_k F_k) ψ_k = a1_k ψ_{k−1} + a2_k ψ_{k−2} + γ_k δ Σ_{j ≤ i < k} R_r[k, i] F_i ψ_i + γ_j 1{k = j},
 * with F_i = dw/dφ(φ_i) the sample's mobility, and ∂w_k/∂h_j = F_k ψ_k, averaged with the response
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
  phiKept: Float64Array,
  keep: number,
  responseWeight: Float64Array,
  mobility: Mobility,
  out: Float64Array,
): Float64Array {
  const n1 = M + 1;
  out.fill(0);
  const B = Math.min(64, keep);
  // every array the memory sums touch lives in the kernels' scratch memory (WebAssembly SIMD)
  const ws = kernelScratch(n1 * n1 + 4 * n1 * B + B + 64);
  const rRw = ws.copy(rR.subarray(0, n1 * n1));
  const F = ws.f64(n1 * B);
  const invDen = ws.f64(n1 * B);
  const u = ws.f64(n1 * B);
  const psi = ws.f64(n1 * B);
  const acc = ws.f64(B);
  const c = new Float64Array(n1);
  for (let k = 1; k <= M; k++) c[k] = -gamma[k] * delta * rR[k * n1 + k];
  for (let s0 = 0; s0 < keep; s0 += B) {
    const b = Math.min(B, keep - s0);
    for (let k = 0; k <= M; k++) {
      for (let s = 0; s < b; s++) {
        const f = mobility.dwdphi(phiKept[k * keep + s0 + s]);
        F[k * B + s] = f;
        invDen[k * B + s] = 1 / (1 + c[k] * f);
      }
    }
    for (let j = 1; j <= M; j++) {
      // k = j
      const jb = j * B;
      let sum = 0;
      for (let s = 0; s < b; s++) {
        const ps = gamma[j] * invDen[jb + s];
        psi[jb + s] = ps;
        const us = F[jb + s] * ps;
        u[jb + s] = us;
        sum += responseWeight[s0 + s] * us;
      }
      out[j * n1 + j] += sum;
      for (let k = j + 1; k <= M; k++) {
        const rrow = k * n1;
        const gk = gamma[k] * delta;
        acc.fill(0, 0, b);
        accumulateRows(acc, b, rRw, rrow + j, gk, u, j * B, B, k - j);
        const A1 = a1[k];
        const A2 = a2[k];
        const kb = k * B;
        const k1 = kb - B;
        let s2 = 0;
        if (k - 2 >= j) {
          const k2 = kb - 2 * B;
          for (let s = 0; s < b; s++) {
            const ps = (A1 * psi[k1 + s] + A2 * psi[k2 + s] + acc[s]) * invDen[kb + s];
            psi[kb + s] = ps;
            const us = F[kb + s] * ps;
            u[kb + s] = us;
            s2 += responseWeight[s0 + s] * us;
          }
        } else {
          for (let s = 0; s < b; s++) {
            const ps = (A1 * psi[k1 + s] + acc[s]) * invDen[kb + s];
            psi[kb + s] = ps;
            const us = F[kb + s] * ps;
            u[kb + s] = us;
            s2 += responseWeight[s0 + s] * us;
          }
        }
        out[rrow + j] += s2;
      }
    }
  }
  return out;
}
