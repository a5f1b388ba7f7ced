import { assertInteger, invalidArgument } from "./validate.js";

/*
 * Gauss–Hermite rules for the probabilists' weight: Σ_i w_i f(x_i) ≈ E_{z~N(0,1)} f(z), exact for
 * polynomials of degree ≤ 2n − 1, with Σ w_i = 1.
 *
 * Algorithm: the nodes are the eigenvalues of the symmetric tridiagonal Jacobi matrix of the
 * probabilists' Hermite recurrence (diagonal 0, off-diagonal √k; Golub & Welsch 1969), located one by
 * one by bisection on Sturm sequence counts (robust: every root is bracketed, none can be missed or
 * found twice, O(n²·50) work), then polished by Newton steps on the three-term recurrence of the
 * orthonormal Hermite *functions* h_j(t) = ψ_j(t) e^{−t²/2} (physicists' variable t = x/√2, ψ_j
 * orthonormal w.r.t. e^{−t²}). Carrying the factor e^{−t²/2} inside the recurrence keeps every h_j of order one, so nothing
 * overflows for orders in the hundreds; the weights
 *   w_phys = 2/ψ_n'(t)² = e^{−t²}/(n h_{n−1}(t)²)
 * are then formed in log space and underflow gracefully to 0 for the outermost nodes of large
 * rules (those nodes contribute below double precision anyway). Finally x = √2 t, w = w_phys/√π.
 */

export const GAUSS_HERMITE_MAX_ORDER = 600;

const cache = new Map<number, { nodes: Float64Array; weights: Float64Array }>();

const PIM4 = 0.7511255444649425; // π^{−1/4}

/** h_n(t) and h_{n−1}(t) for the orthonormal Hermite functions. */
function hermiteFunctions(n: number, t: number): [number, number] {
  let p1 = PIM4 * Math.exp(-0.5 * t * t);
  let p2 = 0;
  for (let j = 1; j <= n; j++) {
    const p3 = p2;
    p2 = p1;
    p1 = t * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
  }
  return [p1, p2];
}

/** Number of eigenvalues < x of the probabilists' Jacobi matrix (diagonal 0, off-diagonal √k), by Sturm counts. */
function countBelow(n: number, x: number): number {
  let count = 0;
  let d = -x;
  if (d < 0) count++;
  for (let k = 1; k < n; k++) {
    // LDLᵀ pivot recurrence d_k = (a_k − x) − b_k²/d_{k−1}, guarded against an exact zero pivot.
    d = -x - k / (d === 0 ? 1e-300 : d);
    if (d < 0) count++;
  }
  return count;
}

function computeRule(n: number): { nodes: Float64Array; weights: Float64Array } {
  const tNodes = new Float64Array(n);
  const m = (n + 1) >> 1;
  const bound = 2 * Math.sqrt(n) + 1; // Gershgorin: |λ| ≤ 2 max_k √k
  for (let i = 0; i < m; i++) {
    // The (n−1−i)-th eigenvalue (0-based, ascending) = i-th largest root, by bisection on Sturm counts …
    const k = n - 1 - i;
    let lo = 0;
    let hi = i === 0 ? bound : Math.SQRT2 * tNodes[i - 1];
    for (let it = 0; it < 200; it++) {
      const mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) break;
      if (countBelow(n, mid) <= k) lo = mid;
      else hi = mid;
      if (hi - lo <= 1e-13 * Math.max(1, hi)) break;
    }
    // … then polished by Newton on ψ_n in the physicists' variable t = x/√2 (ψ_n/ψ_n' = h_n/(√(2n) h_{n−1})).
    let z = (0.5 * (lo + hi)) / Math.SQRT2;
    for (let it = 0; it < 3; it++) {
      const [pn, pn1] = hermiteFunctions(n, z);
      if (pn1 === 0) break;
      const dz = pn / (Math.sqrt(2 * n) * pn1);
      z -= dz;
      if (Math.abs(dz) <= 1e-16 * Math.max(1, Math.abs(z))) break;
    }
    tNodes[i] = z;
  }
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const logSqrtPi = 0.5 * Math.log(Math.PI);
  for (let i = 0; i < m; i++) {
    const t = tNodes[i];
    const [, pn1] = hermiteFunctions(n, t);
    // log w = −t² − log n − 2 log|h_{n−1}| − log √π   (probabilists' normalisation)
    const logW = -t * t - Math.log(n) - 2 * Math.log(Math.abs(pn1)) - logSqrtPi;
    const w = Math.exp(logW);
    const x = Math.SQRT2 * t;
    // Ascending order: node n−1−i is +x, node i is −x.
    nodes[n - 1 - i] = x;
    nodes[i] = -x;
    weights[n - 1 - i] = w;
    weights[i] = w;
  }
  if (n % 2 === 1) nodes[m - 1] = 0; // exact centre (−0 → 0)
  return { nodes, weights };
}

/** Cached rule (internal: callers must not mutate it). */
export function gaussHermiteRule(order: number): { nodes: Float64Array; weights: Float64Array } {
  assertInteger(order, "order", 1);
  if (order > GAUSS_HERMITE_MAX_ORDER) {
    throw invalidArgument("order", `an integer in [1, ${GAUSS_HERMITE_MAX_ORDER}]`, order);
  }
  let rule = cache.get(order);
  if (rule === undefined) {
    rule = computeRule(order);
    cache.set(order, rule);
  }
  return rule;
}

/**
 * The n-point probabilists' Gauss–Hermite rule: nodes ascending and weights with
 * Σ_i weights[i] f(nodes[i]) ≈ E_{z~N(0,1)} f(z), exact for polynomials of degree ≤ 2n − 1.
 * Orders 1..600 (beyond ≈ 740 the starting value e^{−t²/2} of the recurrence would underflow); rules are cached, and fresh copies are returned.
 */
export function gaussHermite(order: number): { nodes: Float64Array; weights: Float64Array } {
  const rule = gaussHermiteRule(order);
  return { nodes: rule.nodes.slice(), weights: rule.weights.slice() };
}
