import { createRng } from "@meanfield/linalg";

/**
 * The sign committee at finite K, exact RS with uncorrelated units
 * (theory/replica-finite-k.md, "The sign committee at finite K"): α_c(K) = 1/E_{y,t}[d(t, S_y)²], t ∈ ℝ^K
 * standard Gaussian, S₊ = {h : Σ_k sign h_k ≥ m}, m the smallest admissible sum (> 0 and ≥ κ√K). By the y ↔
 * −y symmetry only y = +1 is sampled; d² is the sum of the j smallest t_k² among the negative t_k, j the
 * number of flips needed. Seeded Monte Carlo.
 */
export interface CommitteeCapacityResult {
  alphaC: number;
  standardError: number;
  samples: number;
  seed: string;
}

export function signCommitteeCapacity(
  K: number,
  kappa: number,
  samples: number,
  seed: number | string,
): CommitteeCapacityResult {
  const rng = createRng(seed);
  // smallest sum Σ sign ≥ max(1, κ√K) with the parity of K
  let m = Math.max(1, Math.ceil(kappa * Math.sqrt(K) - 1e-12));
  if ((m - K) % 2 !== 0) m += 1;
  if (m > K) return { alphaC: 0, standardError: 0, samples: 0, seed: rng.seed };
  const t = new Float64Array(K);
  const neg = new Float64Array(K);
  let s1 = 0;
  let s2 = 0;
  for (let it = 0; it < samples; it++) {
    rng.fillNormal(t);
    let nNeg = 0;
    for (let k = 0; k < K; k++) if (t[k] < 0) neg[nNeg++] = t[k] * t[k];
    const sum = K - 2 * nNeg;
    let d2 = 0;
    if (sum < m) {
      const j = Math.ceil((m - sum) / 2);
      const sq = neg.subarray(0, nNeg).sort();
      for (let i = 0; i < j; i++) d2 += sq[i];
    }
    s1 += d2;
    s2 += d2 * d2;
  }
  const mean = s1 / samples;
  const varMean = Math.max(0, s2 / samples - mean * mean) / samples;
  return { alphaC: 1 / mean, standardError: Math.sqrt(varMean) / (mean * mean), samples, seed: rng.seed };
}

/**
 * c when g is a step d ± c·sign(h) at h = 0 (constant on each half-line, sampled on [−12, 12] and at ±30),
 * else null: such a g is the sign committee with the margin scaled by 1/c (m₀ = d since P(h > 0) = ½).
 */
export function signEquivalentScale(g: (h: number) => number): number | null {
  const lo = g(-1);
  const hi = g(1);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) return null;
  const tol = 1e-12 * Math.max(Math.abs(lo), Math.abs(hi));
  for (let i = 1; i <= 1200; i++) {
    const h = (12 * i) / 1200;
    if (Math.abs(g(h) - hi) > tol || Math.abs(g(-h) - lo) > tol) return null;
  }
  for (const h of [1e-12, 1e-6, 30]) if (Math.abs(g(h) - hi) > tol || Math.abs(g(-h) - lo) > tol) return null;
  return 0.5 * Math.abs(hi - lo);
}
