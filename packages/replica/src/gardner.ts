import { brent, normalCdf, normalPdf } from "@meanfield/linalg";
import type { Activation } from "./activations.js";

/**
 * K = 1 exactly (THEORY.md §5): α_c = 1/E_y E_t[d(t, S_y)²] with S_y = {h : y(g(h) − m₀) ≥ κ}, found by
 * scanning g on [−L, L] and refining the crossings with Brent; beyond ±L the membership of the end
 * points is extended to ±∞.
 */
const L = 12;
const GRID = 4801;

/** Intervals [a, b] (a may be −∞, b may be +∞) where f ≥ 0. */
function acceptanceIntervals(f: (h: number) => number): Array<[number, number]> {
  const step = (2 * L) / (GRID - 1);
  const out: Array<[number, number]> = [];
  let prevH = -L;
  let prevIn = f(prevH) >= 0;
  let start = prevIn ? Number.NEGATIVE_INFINITY : Number.NaN;
  for (let i = 1; i < GRID; i++) {
    const h = -L + i * step;
    const inside = f(h) >= 0;
    if (inside !== prevIn) {
      // Brent on f between a point outside and one inside; the root is the boundary (jump or crossing).
      const x = brent(f, prevH, h, { xtol: 1e-14 }).root;
      if (inside) start = x;
      else out.push([start, x]);
      prevIn = inside;
    }
    prevH = h;
  }
  if (prevIn) out.push([start, Number.POSITIVE_INFINITY]);
  return out;
}

/** ∫_lo^hi (t − a)² φ(t) dt by the antiderivative (1 + a²)Φ(t) + (2a − t)φ(t). */
function sqDistMass(a: number, lo: number, hi: number): number {
  const F = (t: number): number => {
    if (t === Number.POSITIVE_INFINITY) return 1 + a * a;
    if (t === Number.NEGATIVE_INFINITY) return 0;
    return (1 + a * a) * normalCdf(t) + (2 * a - t) * normalPdf(t);
  };
  return F(hi) - F(lo);
}

/** E_t[d(t, S)²] for S a union of intervals (empty S → ∞). */
function meanSquaredDistance(S: Array<[number, number]>): number {
  if (S.length === 0) return Number.POSITIVE_INFINITY;
  let total = 0;
  // gap before the first interval: d = a₀ − t
  if (S[0][0] > Number.NEGATIVE_INFINITY) total += sqDistMass(S[0][0], Number.NEGATIVE_INFINITY, S[0][0]);
  for (let i = 0; i + 1 < S.length; i++) {
    const b = S[i][1];
    const a = S[i + 1][0];
    const mid = 0.5 * (a + b);
    total += sqDistMass(b, b, mid) + sqDistMass(a, mid, a);
  }
  const last = S[S.length - 1][1];
  if (last < Number.POSITIVE_INFINITY) total += sqDistMass(last, last, Number.POSITIVE_INFINITY);
  return total;
}

export interface GardnerSetsResult {
  alphaC: number;
  /** E_y E_t[d²]. */
  meanSquaredDistance: number;
  /** The acceptance sets S₊, S₋ on the field h. */
  sets: { plus: Array<[number, number]>; minus: Array<[number, number]> };
}

export function gardnerCapacity(activation: Activation, kappa: number): GardnerSetsResult {
  const { g, m0 } = activation;
  const plus = acceptanceIntervals((h) => g(h) - m0 - kappa);
  const minus = acceptanceIntervals((h) => -(g(h) - m0) - kappa);
  const msd = 0.5 * (meanSquaredDistance(plus) + meanSquaredDistance(minus));
  return { alphaC: 1 / msd, meanSquaredDistance: msd, sets: { plus, minus } };
}
