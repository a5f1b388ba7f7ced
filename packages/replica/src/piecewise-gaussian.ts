import { gaussLegendre, normalPdf } from "@meanfield/linalg";
import { normalizedHermite } from "./hermite.js";

/**
 * Gaussian moments of a piecewise-smooth activation
 * (theory/replica.md, "Hermite coefficients of a user activation"): composite Gauss–Legendre on
 * Gaussian-weighted panels of [−R, R] whose edges include every break point, with panels graded geometrically
 * towards each break point (widths w/2, w/4, … on both sides), so that g is smooth (analytic, for the
 * whitelisted formulas) on every panel and the rule converges spectrally instead of the O(1/order) of
 * Gauss–Hermite across a kink. Adaptive: the rule is refined (half the panel width, twice the grading levels)
 * until two successive rules agree to `tol`.
 */

const R = 38;
const ORDER = 20;

interface Rule {
  x: Float64Array;
  /** Gauss–Legendre weight × φ(x). */
  w: Float64Array;
  /** Distance from each node to the nearer edge of its panel (for one-sided-safe differences). */
  room: Float64Array;
}

function buildRule(breaks: readonly number[], width: number, levels: number): Rule {
  const edges: number[] = [];
  const n = Math.ceil((2 * R) / width);
  for (let i = 0; i <= n; i++) edges.push(-R + (2 * R * i) / n);
  for (const b of breaks) {
    edges.push(b);
    for (let k = 1; k <= levels; k++) {
      const d = width * 2 ** -k;
      edges.push(b - d, b + d);
    }
  }
  edges.sort((a, b) => a - b);
  const e: number[] = [];
  for (const x of edges) if (x >= -R && x <= R && (e.length === 0 || x > e[e.length - 1])) e.push(x);
  const { nodes, weights } = gaussLegendre(ORDER);
  const xs: number[] = [];
  const ws: number[] = [];
  const rs: number[] = [];
  for (let p = 0; p + 1 < e.length; p++) {
    const c = 0.5 * (e[p] + e[p + 1]);
    const hw = 0.5 * (e[p + 1] - e[p]);
    for (let i = 0; i < ORDER; i++) {
      const x = c + hw * nodes[i];
      const w = hw * weights[i] * normalPdf(x);
      if (w === 0) continue;
      xs.push(x);
      ws.push(w);
      rs.push(hw * (1 - Math.abs(nodes[i])));
    }
  }
  return { x: Float64Array.from(xs), w: Float64Array.from(ws), room: Float64Array.from(rs) };
}

/** g′ by a Richardson-extrapolated central difference whose step stays inside the node's panel. */
function panelDerivative(g: (z: number) => number, x: number, room: number): number {
  const h = Math.min(1e-3, 0.5 * room);
  const d1 = (g(x + h) - g(x - h)) / (2 * h);
  const d2 = (g(x + h / 2) - g(x - h / 2)) / h;
  return (4 * d2 - d1) / 3;
}

export interface PiecewiseMoments {
  /** c[n] = E[g ĥe_n], n = 0 … nMax. */
  c: Float64Array;
  secondMoment: number;
  /** E g′² (Infinity when `jump`, or when it does not converge: a derivative singularity). */
  gPrime2: number;
  /** Largest change between the last two rules, relative to √E g² (for c and E g²) and to E g′². */
  error: number;
  converged: boolean;
  /** Refinements used (0: the first comparison already agreed). */
  refinements: number;
}

function momentsOn(
  rule: Rule,
  g: (z: number) => number,
  gPrime: ((z: number) => number) | undefined,
  nMax: number,
  withDerivative: boolean,
) {
  const c = new Float64Array(nMax + 1);
  const he = new Float64Array(nMax + 1);
  let second = 0;
  let gp2 = 0;
  for (let i = 0; i < rule.x.length; i++) {
    const x = rule.x[i];
    const w = rule.w[i];
    const gx = g(x);
    normalizedHermite(x, nMax, he);
    second += w * gx * gx;
    const wg = w * gx;
    for (let k = 0; k <= nMax; k++) c[k] += wg * he[k];
    if (withDerivative) {
      const d = gPrime ? gPrime(x) : panelDerivative(g, x, rule.room[i]);
      gp2 += w * d * d;
    }
  }
  return { c, second, gp2 };
}

/**
 * m₀ = c[0], b_n = c[n], E g², and (unless g jumps) E g′², by the adaptive piecewise rule. `gPrime` is
 * the exact derivative where known; otherwise a difference inside each panel (never across a break).
 */
export function piecewiseMoments(
  g: (z: number) => number,
  gPrime: ((z: number) => number) | undefined,
  breaks: readonly number[],
  nMax: number,
  options: { jump: boolean; tol?: number; maxRefinements?: number },
): PiecewiseMoments {
  const tol = options.tol ?? 1e-12;
  const maxRef = options.maxRefinements ?? 3;
  const withD = !options.jump;
  let width = 0.5;
  let levels = 24;
  let prev = momentsOn(buildRule(breaks, width, levels), g, gPrime, nMax, withD);
  let err = Number.POSITIVE_INFINITY;
  let errD = Number.POSITIVE_INFINITY;
  let refinements = 0;
  for (; refinements < maxRef; ) {
    width /= 2;
    levels *= 2;
    const cur = momentsOn(buildRule(breaks, width, levels), g, gPrime, nMax, withD);
    const s = Math.sqrt(Math.max(cur.second, 1e-300));
    err = Math.abs(cur.second - prev.second) / (s * s);
    for (let k = 0; k <= nMax; k++) err = Math.max(err, Math.abs(cur.c[k] - prev.c[k]) / s);
    errD = withD ? Math.abs(cur.gp2 - prev.gp2) / Math.max(cur.gp2, 1e-300) : 0;
    prev = cur;
    if (err <= tol && errD <= 1e-9) break;
    refinements++;
  }
  // A derivative that keeps changing under refinement (g′² not integrable at a break, e.g. √|x|) is infinite.
  const gPrime2 = !withD ? Number.POSITIVE_INFINITY : errD <= 1e-6 ? prev.gp2 : Number.POSITIVE_INFINITY;
  return {
    c: prev.c,
    secondMoment: prev.second,
    gPrime2,
    error: Math.max(err, withD && Number.isFinite(gPrime2) ? errD : 0),
    converged: err <= Math.max(tol, 1e-10),
    refinements,
  };
}
