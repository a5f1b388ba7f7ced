/**
 * Squared distances to the acceptance set of a committee of K units in the permutation-symmetric metric
 * (theory/replica-finite-k.md, "Exact replica symmetry at finite K"):
 *
 *   D_y(t) = min { vᵀPv : u = t + v, y·Σ_k (g(u_k) − m₀) ≥ C },   P = Π_⊥ + Π_U/ρ,
 *
 * Π_U = 11ᵀ/K the uniform mode, Π_⊥ = I − Π_U, ρ = r_U/r_⊥ the ratio of the uniform mode's freezing rate
 * to the other modes'. P⁻¹ = Π_⊥ + ρΠ_U, and vᵀPv = |v|² − (1 − 1/ρ)K·v̄². Each function takes the field
 * sorted in decreasing order (`sorted`, its prefix sums in `prefix`, prefix[s] = Σ_{i<s} sorted[i]):
 * the sets below are permutation invariant, and so is the metric. Exact (closed forms and finite
 * enumerations of the KKT conditions), no iteration.
 */

/**
 * The KKT candidates of an enumeration: the first consistent one, or, when rounding at a classification
 * boundary leaves none consistent, the least inconsistent.
 */
class Candidates {
  private leastBad = Number.POSITIVE_INFINITY;
  value = Number.POSITIVE_INFINITY;
  /** Offers a candidate value with its inconsistency (≤ 0: consistent); true when it is the answer. */
  offer(d: number, bad: number): boolean {
    if (bad <= 0) {
      this.value = d;
      return true;
    }
    if (bad < this.leastBad) {
      this.leastBad = bad;
      this.value = d;
    }
    return false;
  }
}

/** vᵀPv for v = a·1 + w: |v|² − (1 − 1/ρ)K·v̄². */
function metric(sumSq: number, sum: number, K: number, rho: number): number {
  const mean = sum / K;
  return sumSq - (1 - 1 / rho) * K * mean * mean;
}

/**
 * ReLU, y = +1: Σ_k relu(u_k) ≥ C (C > 0) is the union over subsets S of the half-spaces 1_Sᵀu ≥ C
 * (Σ relu u = max_S 1_Sᵀu); the P-distance to a half-space is (C − 1_Sᵀt)₊²/(1_SᵀP⁻¹1_S), and for a given
 * size s the best S holds the s largest t_k. 1_SᵀP⁻¹1_S = s + (ρ − 1)s²/K.
 */
export function reluDistanceAbove(prefix: Float64Array, K: number, C: number, rho: number): number {
  if (C <= 0) return 0; // Σ relu ≥ 0 ≥ C always (a learned threshold can make C negative)
  let best = Number.POSITIVE_INFINITY;
  for (let s = 1; s <= K; s++) {
    const gap = C - prefix[s];
    if (gap <= 0) return 0;
    const d = (gap * gap) / (s + ((rho - 1) * s * s) / K);
    if (d < best) best = d;
  }
  return best;
}

/**
 * ReLU, y = −1: Σ_k relu(u_k) ≤ C (C ≥ 0; convex). KKT: Pv = −μ s with s_k ∈ ∂relu(u_k), so
 * v = −μ s + a·1 with a = −μ(ρ − 1)s̄: with x_k = t_k + a, a unit is "above" (x_k > μ, u_k = x_k − μ),
 * on the "ramp" (0 < x_k ≤ μ, u_k = 0) or "below" (x_k ≤ 0, u_k = x_k). Given how many are above (n₁) and
 * on the ramp (n₂) (the largest t_k first), the constraint and the definition of a are linear in (a, μ):
 *   n₁a − n₁μ = C − T₁,   (K + (ρ − 1)n₂)a + (ρ − 1)n₁μ = −(ρ − 1)T₂;
 * the convex problem has one KKT point, the enumeration returns the consistent one.
 */
export function reluDistanceBelow(
  sorted: Float64Array,
  prefix: Float64Array,
  sumSqPrefix: Float64Array,
  K: number,
  C: number,
  rho: number,
): number {
  let excess = -C;
  for (let k = 0; k < K && sorted[k] > 0; k++) excess += sorted[k];
  if (excess <= 0) return 0;
  if (C < 0) return Number.POSITIVE_INFINITY;
  const r1 = rho - 1;
  const pick = new Candidates();
  for (let n1 = 1; n1 <= K; n1++) {
    const T1 = prefix[n1];
    for (let n2 = 0; n1 + n2 <= K; n2++) {
      const T2 = prefix[n1 + n2] - T1;
      // [n1, −n1; K + r1 n2, r1 n1] (a, μ) = (C − T1, −r1 T2)
      const a11 = n1;
      const a12 = -n1;
      const a21 = K + r1 * n2;
      const a22 = r1 * n1;
      const det = a11 * a22 - a12 * a21;
      if (det === 0) continue;
      const b1 = C - T1;
      const b2 = -r1 * T2;
      const a = (b1 * a22 - a12 * b2) / det;
      const mu = (a11 * b2 - a21 * b1) / det;
      // consistency of the classification (sorted decreasingly: check the boundaries)
      const scale = 1e-12 * (1 + Math.abs(a) + Math.abs(mu) + Math.abs(sorted[0]));
      let bad = Math.max(0, -mu);
      bad = Math.max(bad, mu - (sorted[n1 - 1] + a) - scale); // last above: x > μ
      if (n1 + n2 < K) bad = Math.max(bad, sorted[n1 + n2] + a - scale); // first below: x ≤ 0
      if (n2 > 0) {
        bad = Math.max(bad, sorted[n1] + a - mu - scale); // first ramp: x ≤ μ
        bad = Math.max(bad, -(sorted[n1 + n2 - 1] + a) - scale); // last ramp: x > 0
      }
      // v: above a − μ, ramp −t_k, below a
      const nBelow = K - n1 - n2;
      const sq2 = sumSqPrefix[n1 + n2] - sumSqPrefix[n1];
      const sumSq = n1 * (a - mu) * (a - mu) + sq2 + nBelow * a * a;
      const sum = n1 * (a - mu) - T2 + nBelow * a;
      if (pick.offer(metric(sumSq, sum, K, rho), bad)) return pick.value;
    }
  }
  return pick.value;
}

/**
 * Sign, y = +1: at least p of the u_k positive. For the p largest t_k (S), the P-projection onto the cone
 * u_S ≥ 0: Pv = λ with λ_S ≥ 0, λ_k u_k = 0, so v = λ + a·1, a = (ρ − 1)λ̄, u_k = max(t_k + a, 0) on S.
 * With the j smallest members of S below zero (sum T'_j): a(1 + (ρ − 1)j/K) = −(ρ − 1)T'_j/K.
 */
export function signDistanceAbove(
  sorted: Float64Array,
  prefix: Float64Array,
  K: number,
  p: number,
  rho: number,
): number {
  if (sorted[p - 1] > 0) return 0;
  const r1 = rho - 1;
  const pick = new Candidates();
  for (let j = 1; j <= p; j++) {
    const Tj = prefix[p] - prefix[p - j];
    const a = (-r1 * Tj) / K / (1 + (r1 * j) / K);
    const scale = 1e-12 * (1 + Math.abs(a) + Math.abs(sorted[0]));
    let bad = Math.max(0, sorted[p - j] + a - scale); // the j lowest of S: t + a ≤ 0
    if (j < p) bad = Math.max(bad, -(sorted[p - j - 1] + a) - scale); // the rest of S: t + a ≥ 0
    // v = a on every unit, plus λ_k = −(t_k + a) on the j lowest of S (there v_k = −t_k)
    let sumSq = (K - j) * a * a;
    let sum = (K - j) * a;
    for (let i = p - j; i < p; i++) {
      sumSq += sorted[i] * sorted[i];
      sum -= sorted[i];
    }
    if (pick.offer(metric(sumSq, sum, K, rho), bad)) return pick.value;
  }
  return pick.value;
}

/** Linear g, y = +1: the half-space Σu ≥ C, 1ᵀP⁻¹1 = ρK. */
export function linearDistanceAbove(prefix: Float64Array, K: number, C: number, rho: number): number {
  const gap = C - prefix[K];
  return gap > 0 ? (gap * gap) / (rho * K) : 0;
}
