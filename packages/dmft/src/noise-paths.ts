import { cholesky, createMatrix, type Rng } from "@meanfield/linalg";

/**
 * The fixed standard-normal inputs z (M × N, row m = step m+1) of the Gaussian field η = L z,
 * drawn once per solve so that every iteration sees the same samples (common random numbers: the
 * Monte Carlo fixed-point map is then deterministic and its fixed point well defined).
 *
 * Moment matching (variance reduction): the rows are made orthogonal to the constant vector and
 * to the teacher values, then whitened with the Cholesky factor of their empirical Gram matrix,
 * so that the sample second moments of (z, w*) equal their population values exactly. In the
 * linear case (F ≡ 1) the effective process is linear in (η, w*), so the Monte Carlo averages of
 * C_Δ are then exact; for the DLN it removes the Gaussian part of the sampling error of second
 * moments.
 *
 * It is done within each stratum of the sample design (sample-design.ts), with the stratum's
 * equal weights: Σ_{s∈h} z_ms z_m's = n_h δ_mm', Σ_{s∈h} z_ms = 0, Σ_{s∈h} z_ms w*_s = 0 for every
 * stratum h, hence also for the weighted averages over all samples. Whitening all samples at once
 * with the weights π_s instead lets the heavy stratum (the prior's zero component) set the
 * whitening matrix of the light one: applied to samples it was not estimated from, the inverse
 * of an M × M sample covariance of n_eff = 1/Σπ² effective samples inflates their variance by
 * ≈ 1/(1 − M/n_eff) — the finite-sample bias of theory/dmft-numerics.md, "Finite-sample bias".
 * When a stratum has n_h ≤ M + 2 samples (its Gram matrix would be singular), all samples are
 * matched together with their weights instead.
 */
export function noisePaths(
  M: number,
  N: number,
  wStar: Float64Array,
  weight: Float64Array,
  rng: Rng,
  momentMatch = true,
  stratum?: Uint8Array,
): Float64Array {
  const z = new Float64Array(M * N);
  rng.fillNormal(z);
  if (!momentMatch) return z;
  const groups = new Map<number, number[]>();
  for (let s = 0; s < N; s++) {
    const h = stratum ? stratum[s] : 0;
    let g = groups.get(h);
    if (!g) groups.set(h, (g = []));
    g.push(s);
  }
  const all = [...groups.values()];
  if (all.every((idx) => idx.length > M + 2)) for (const idx of all) matchGroup(z, M, N, idx, wStar, weight);
  else if (N > M + 2)
    matchGroup(
      z,
      M,
      N,
      Array.from({ length: N }, (_, s) => s),
      wStar,
      weight,
    );
  return z;
}

/** Moment matching of the columns `idx` of z (M × N), with the weights π restricted to them. */
function matchGroup(
  z: Float64Array,
  M: number,
  N: number,
  idx: number[],
  wStar: Float64Array,
  weight: Float64Array,
): void {
  const n = idx.length;
  // gather the group: rows of length n
  const zg = new Float64Array(M * n);
  for (let m = 0; m < M; m++) for (let k = 0; k < n; k++) zg[m * n + k] = z[m * N + idx[k]];
  const w = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    w[k] = weight[idx[k]];
    total += w[k];
  }
  // π-orthonormal basis of span{1, w*} within the group.
  const e1 = new Float64Array(n);
  let d = 0;
  for (let k = 0; k < n; k++) {
    e1[k] = wStar[idx[k]];
    d += w[k] * e1[k];
  }
  d /= total;
  let norm2 = 0;
  for (let k = 0; k < n; k++) {
    e1[k] -= d;
    norm2 += w[k] * e1[k] * e1[k];
  }
  const useE1 = norm2 > 1e-20 * total;
  if (useE1) for (let k = 0; k < n; k++) e1[k] /= Math.sqrt(norm2 / total);
  for (let m = 0; m < M; m++) {
    const r = m * n;
    let p0 = 0;
    let p1 = 0;
    for (let k = 0; k < n; k++) {
      const pz = w[k] * zg[r + k];
      p0 += pz;
      p1 += pz * e1[k];
    }
    p0 /= total;
    p1 /= total;
    if (!useE1) p1 = 0;
    for (let k = 0; k < n; k++) zg[r + k] -= p0 + p1 * e1[k];
  }
  // Weighted Gram G = Σ π z zᵀ / Σ π, then z ← L⁻¹ z row by row (forward substitution on rows).
  const G = new Float64Array(M * M);
  const zw = new Float64Array(n);
  for (let a = 0; a < M; a++) {
    const ra = a * n;
    for (let k = 0; k < n; k++) zw[k] = w[k] * zg[ra + k];
    for (let b = 0; b <= a; b++) {
      const rb = b * n;
      let s1 = 0;
      for (let k = 0; k < n; k++) s1 += zw[k] * zg[rb + k];
      G[a * M + b] = s1 / total;
      G[b * M + a] = s1 / total;
    }
  }
  const L = cholesky(createMatrix(M, M, G)).data;
  for (let m = 0; m < M; m++) {
    const r = m * n;
    for (let i = 0; i < m; i++) {
      const c = L[m * M + i];
      if (c === 0) continue;
      const ri = i * n;
      for (let k = 0; k < n; k++) zg[r + k] -= c * zg[ri + k];
    }
    const inv = 1 / L[m * M + m];
    for (let k = 0; k < n; k++) zg[r + k] *= inv;
  }
  for (let m = 0; m < M; m++) for (let k = 0; k < n; k++) z[m * N + idx[k]] = zg[m * n + k];
}
