import { assertInteger, invalidArgument } from "./validate.js";

/*
 * Gauss–Legendre rules on [−1, 1]: Σ_i w_i f(x_i) ≈ ∫_{−1}^{1} f(x) dx, exact for polynomials of degree
 * ≤ 2n − 1. Nodes by Newton's method on the three-term Legendre recurrence from the asymptotic guess
 * cos(π(i + 3/4)/(n + 1/2)) (as in Numerical Recipes' gauleg), weights 2/((1 − x²) P_n'(x)²). Cached per order.
 */

export const GAUSS_LEGENDRE_MAX_ORDER = 1000;

const cache = new Map<number, { nodes: Float64Array; weights: Float64Array }>();

/** The n-point Gauss–Legendre rule on [−1, 1], nodes ascending. */
export function gaussLegendre(order: number): { nodes: Float64Array; weights: Float64Array } {
  const n = assertInteger(order, "order", 1);
  if (n > GAUSS_LEGENDRE_MAX_ORDER)
    throw invalidArgument("order", `an integer in [1, ${GAUSS_LEGENDRE_MAX_ORDER}]`, order);
  const hit = cache.get(n);
  if (hit) return hit;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const m = Math.floor((n + 1) / 2);
  for (let i = 0; i < m; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      pp = (n * (z * p1 - p2)) / (z * z - 1);
      const dz = p1 / pp;
      z -= dz;
      if (Math.abs(dz) < 1e-15) break;
    }
    nodes[i] = -z;
    nodes[n - 1 - i] = z;
    weights[i] = 2 / ((1 - z * z) * pp * pp);
    weights[n - 1 - i] = weights[i];
  }
  if (n % 2 === 1) nodes[m - 1] = 0;
  const rule = { nodes, weights };
  cache.set(n, rule);
  return rule;
}
