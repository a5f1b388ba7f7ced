import { createMatrix, lowerTriangularInverse } from "@meanfield/linalg";

/**
 * The sample process of theory/dmft.md, "Sample process", solved exactly on the grid: r = K (σξ − ζ) with the causal
 * operator K = (I + R_w)⁻¹, hence C_r = K (C_Δ + σ² 𝟙𝟙ᵀ) Kᵀ and R_r = −K. All kernels are the
 * discrete (per-grid-step) kernels of the BDF2-discretised flow: rW[k, j] = ∂w(t_k)/∂h_j where h_j
 * enters step j like the gradient does, so no further quadrature weight appears and the
 * discrete DMFT is exact for the discretised flow (checked against the discrete Marchenko–Pastur
 * answer in the tests). Matrices are (M+1)×(M+1), row-major, lower-triangular where causal.
 */

/**
 * The causal resolvent K = (I + R)⁻¹ of the lower-triangular response R (strictly causal or with a
 * diagonal), written into out: linalg's lowerTriangularInverse with shift 1.
 */
export function unitPlusLowerInverse(R: Float64Array, n: number, out: Float64Array): Float64Array {
  return lowerTriangularInverse(createMatrix(n, n, R), { shift: 1, out }).data;
}

/**
 * C_r = K A Kᵀ with A = C_Δ + σ² (symmetric) and K lower-triangular. Writes the full symmetric C_r.
 * `work` must hold n² values.
 */
export function residualCorrelation(
  K: Float64Array,
  cDelta: Float64Array,
  sigma: number,
  n: number,
  out: Float64Array,
  work: Float64Array,
): Float64Array {
  const s2 = sigma * sigma;
  // P = K A (P[k, l] = Σ_{i ≤ k} K[k, i] A[i, l]); row-axpy form keeps the inner loop contiguous.
  work.fill(0);
  for (let k = 0; k < n; k++) {
    const pk = k * n;
    for (let i = 0; i <= k; i++) {
      const kki = K[pk + i];
      if (kki === 0) continue;
      const ai = i * n;
      for (let l = 0; l < n; l++) work[pk + l] += kki * (cDelta[ai + l] + s2);
    }
  }
  // C_r[k, l] = Σ_{j ≤ l} P[k, j] K[l, j], for l ≤ k; mirrored.
  for (let k = 0; k < n; k++) {
    const pk = k * n;
    for (let l = 0; l <= k; l++) {
      const kl = l * n;
      let s = 0;
      for (let j = 0; j <= l; j++) s += work[pk + j] * K[kl + j];
      out[pk + l] = s;
      out[kl + k] = s;
    }
  }
  return out;
}
