import { minimizeScalar, normalCdf, normalPdf } from "@meanfield/linalg";
import type { Activation } from "./activations.js";

/**
 * K = 1 exactly (theory/replica-finite-k.md, "The perceptron at K = 1"): α_c = 1/E_y E_t[d(t, S_y)²] with S_y
 * = {h : y(g(h) − m₀) ≥ κ}, found by scanning g on [−L, L] and refining the crossings with Brent; beyond ±L
 * the membership of the end points is extended to ±∞.
 */
const L = 12;
const GRID = 4801;

/** Bisection of the membership f ≥ 0 between an outside point and an inside one (crossings and jumps alike). */
function boundary(f: (h: number) => number, outside: number, inside: number): number {
  let o = outside;
  let i = inside;
  for (let it = 0; it < 200 && Math.abs(i - o) > 1e-15 * Math.max(1, Math.abs(i)); it++) {
    const m = 0.5 * (o + i);
    if (m === o || m === i) break;
    if (f(m) >= 0) i = m;
    else o = m;
  }
  return i;
}

/**
 * Intervals [a, b] (a may be −∞, b may be +∞) where the margin function f = y(g − m₀) − κ is ≥ −slack. The boundaries are found by bisection of
 * the membership (not by a root finder on f, which stops at a grid point when f jumps onto 0 exactly,
 * e.g. sign(h) − 1 at κ = 1). `slack` is the rounding level of f: an interval where f never exceeds it
 * meets the margin only with equality, and is kept only where g really attains that value (see
 * `attainsPlateau`).
 */
function acceptanceIntervals(
  margin: (h: number) => number,
  g: (h: number) => number,
  slack: number,
): Array<[number, number]> {
  const step = (2 * L) / (GRID - 1);
  const out: Array<[number, number]> = [];
  let prevH = -L;
  // membership to rounding (m₀ of a user activation comes from quadrature)
  const f = (h: number) => margin(h) + slack;
  let prevIn = f(prevH) >= 0;
  let start = prevIn ? Number.NEGATIVE_INFINITY : Number.NaN;
  let peak = prevIn ? f(prevH) : Number.NEGATIVE_INFINITY;
  const close = (end: number) => {
    if (peak > 2 * slack || attainsPlateau(g, start, end)) out.push([start, end]);
  };
  for (let i = 1; i < GRID; i++) {
    const h = -L + i * step;
    const fh = f(h);
    const inside = fh >= 0;
    if (inside !== prevIn) {
      const x = inside ? boundary(f, prevH, h) : boundary(f, h, prevH);
      if (inside) {
        start = x;
        peak = Math.max(f(x), fh);
      } else close(x);
      prevIn = inside;
    } else if (inside) peak = Math.max(peak, fh);
    prevH = h;
  }
  if (prevIn) close(Number.POSITIVE_INFINITY);
  return out;
}

/**
 * An interval where y(g − m₀) equals the margin to rounding: a genuine plateau of g (sign at κ = 1, a
 * clipped activation at its clip value) is entered through a jump or with a visible slope, while an
 * asymptote that g only approaches (erf → 1, which rounds to 1 from z ≈ 5.9 on) is entered with a slope
 * at rounding level. Without a finite end (g constant on ℝ) the plateau is kept.
 */
function attainsPlateau(g: (h: number) => number, a: number, b: number): boolean {
  const w = 1e-4;
  const ends: Array<[number, number]> = [];
  if (Number.isFinite(a)) ends.push([a, a - w]);
  if (Number.isFinite(b)) ends.push([b, b + w]);
  if (ends.length === 0) return true;
  for (const [x, outside] of ends) {
    const gx = g(x);
    if (Math.abs(gx - g(outside)) > 1e-10 * Math.max(1, Math.abs(gx))) return true;
  }
  return false;
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

/**
 * `theta` is an output threshold: the pattern is stored when y(g(h) − m₀ − θ) ≥ κ (0: the centred output; a
 * learned threshold is the θ that maximises the capacity, `learnedThresholdCapacity`).
 */
export function gardnerCapacity(activation: Activation, kappa: number, theta = 0): GardnerSetsResult {
  const { g } = activation;
  const m0 = activation.m0 + theta;
  const slack = 64 * Number.EPSILON * Math.max(1, Math.abs(m0), kappa);
  const plus = acceptanceIntervals((h) => g(h) - m0 - kappa, g, slack);
  const minus = acceptanceIntervals((h) => -(g(h) - m0) - kappa, g, slack);
  const msd = 0.5 * (meanSquaredDistance(plus) + meanSquaredDistance(minus));
  return { alphaC: 1 / msd, meanSquaredDistance: msd, sets: { plus, minus } };
}

/**
 * K = 1 with a learned output threshold: max over θ of the capacity at threshold θ, θ inside the output range
 * (inf(g − m₀) + κ, sup(g − m₀) − κ) (capped at ±10), by scan and golden section. The supremum may be a limit at
 * an end (ReLU: θ → −m₀⁺, a perceptron with threshold → 0⁺, α_c → 2).
 */
export function learnedThresholdCapacity(
  activation: Activation,
  kappa: number,
  range: { low: number; high: number },
): GardnerSetsResult & { theta: number } {
  // the ends are excluded: there a plateau of g (ReLU's 0, sign's ±1) sits exactly on the threshold, the output
  // ties with it on a set of positive measure and every such pattern would count as stored for either label
  const lo0 = Math.max(range.low + kappa, -10);
  const hi0 = Math.min(range.high - kappa, 10);
  const lo = lo0 + 1e-9 * (1 + Math.abs(lo0));
  const hi = hi0 - 1e-9 * (1 + Math.abs(hi0));
  if (!(hi > lo)) return { ...gardnerCapacity(activation, kappa, 0.5 * (lo + hi)), theta: 0.5 * (lo + hi) };
  const best = minimizeScalar((t) => gardnerCapacity(activation, kappa, t).meanSquaredDistance, lo, hi, {
    scan: 40,
    xtol: 1e-10 * (hi - lo),
  });
  return { ...gardnerCapacity(activation, kappa, best.x), theta: best.x };
}
