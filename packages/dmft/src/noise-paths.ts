import { cholesky, createMatrix, type Rng } from "@meanfield/linalg";

/**
 * The fixed standard-normal inputs z (M × N, row m = step m+1) of the Gaussian field η = L z,
 * drawn once per solve so that every iteration sees the same samples (common random numbers: the
 * Monte Carlo fixed-point map is then deterministic and its fixed point well defined).
 *
 * Moment matching (variance reduction, used when N > M + 2): the rows are made orthogonal to the
 * constant vector and to the teacher values, then whitened with the Cholesky factor of their
 * empirical Gram matrix, so that the sample second moments of (z, w*) equal their population
 * values exactly. In the linear case (F ≡ 1) the effective process is linear in (η, w*), so
 * the Monte Carlo averages of C_Δ are then exact; for the DLN it removes the Gaussian part of
 * the sampling error of second moments. Moments are taken with the samples' weights π_s
 * (sample-design.ts): Σ π_s z_ms z_m's = δ_mm', Σ π_s z_ms = 0, Σ π_s z_ms w*_s = 0.
 */
export function noisePaths(
  M: number,
  N: number,
  wStar: Float64Array,
  weight: Float64Array,
  rng: Rng,
  momentMatch = true,
): Float64Array {
  const z = new Float64Array(M * N);
  rng.fillNormal(z);
  if (!momentMatch || N <= M + 2) return z;
  // π-orthonormal basis of span{1, w*} (Σ π = 1, so the constant vector is already unit).
  let total = 0;
  for (let s = 0; s < N; s++) total += weight[s];
  const e1 = Float64Array.from(wStar);
  let d = 0;
  for (let s = 0; s < N; s++) d += weight[s] * e1[s];
  d /= total;
  let norm2 = 0;
  for (let s = 0; s < N; s++) {
    e1[s] -= d;
    norm2 += weight[s] * e1[s] * e1[s];
  }
  const useE1 = norm2 > 1e-20 * total;
  if (useE1) for (let s = 0; s < N; s++) e1[s] /= Math.sqrt(norm2 / total);
  for (let m = 0; m < M; m++) {
    const r = m * N;
    let p0 = 0;
    let p1 = 0;
    for (let s = 0; s < N; s++) {
      const pz = weight[s] * z[r + s];
      p0 += pz;
      p1 += pz * e1[s];
    }
    p0 /= total;
    p1 /= total;
    if (!useE1) p1 = 0;
    for (let s = 0; s < N; s++) z[r + s] -= p0 + p1 * e1[s];
  }
  // Weighted Gram G = Σ π z zᵀ / Σ π, then z ← L⁻¹ z row by row (forward substitution on rows).
  const G = new Float64Array(M * M);
  const zw = new Float64Array(N);
  for (let a = 0; a < M; a++) {
    const ra = a * N;
    for (let s = 0; s < N; s++) zw[s] = weight[s] * z[ra + s];
    for (let b = 0; b <= a; b++) {
      const rb = b * N;
      let s1 = 0;
      for (let s = 0; s < N; s++) s1 += zw[s] * z[rb + s];
      G[a * M + b] = s1 / total;
      G[b * M + a] = s1 / total;
    }
  }
  const L = cholesky(createMatrix(M, M, G)).data;
  for (let m = 0; m < M; m++) {
    const r = m * N;
    for (let i = 0; i < m; i++) {
      const c = L[m * M + i];
      if (c === 0) continue;
      const ri = i * N;
      for (let s = 0; s < N; s++) z[r + s] -= c * z[ri + s];
    }
    const inv = 1 / L[m * M + m];
    for (let s = 0; s < N; s++) z[r + s] *= inv;
  }
  return z;
}
