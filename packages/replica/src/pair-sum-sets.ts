import { invalidArgument } from "@meanfield/linalg";
import type { Activation } from "./activations.js";

/**
 * The acceptance sets of a K = 2 committee whose g is not monotone (theory/replica-finite-k.md, "Non-monotone
 * activations at K = 2"). In the coordinates s (uniform) and d (⊥) the units' fields are (s ± d)/√2 and the output
 * depends on F(s; d) = g((s + d)/√2) + g((s − d)/√2). When F is quasi-convex in s at every d (falls, then rises: the
 * quadratic, where F = s² + d², and GELU), the label +1 set {F ≥ C₊} is the complement of an interval in s and the
 * label −1 set {F ≤ C₋} an interval, C_y = 2m₀ + yκ√2. Their ends are found by bisection on each side of the
 * minimiser of F at every point where they are needed (no tables: an end moves like a square root where the
 * interval closes, which a linear table would misrepresent), and the values of d where an interval closes (the
 * folds, where the minimum of F crosses C_y) split the inner quadrature rule.
 *
 * Conventions for the ends (lo, hi) handed to `acceptedLogWeights`: label +1 accepts s ≤ lo or s ≥ hi, label −1
 * accepts lo ≤ s ≤ hi; lo = −∞ when the set has no lower piece, so that a half-line is the monotone case.
 */
export interface PairSumSets {
  g: (u: number) => number;
  /** C₊, C₋. */
  C: [number, number];
  /** The folds of either label: the values of d where min_s F(s; d) = C_y. */
  folds: number[];
}

/** Half-range of s searched (as for the monotone tables). */
const S = 60;
/** Grid of the quasi-convexity check: s and d in steps of 0.05 over |s| ≤ 30, |d| ≤ 20. */
const CHECK_S = 30;
const CHECK_D = 20;
const CHECK_STEP = 0.05;
const INV_SQRT2 = Math.SQRT1_2;

function pairSum(g: (u: number) => number, s: number, d: number): number {
  return g((s + d) * INV_SQRT2) + g((s - d) * INV_SQRT2);
}

/**
 * The minimiser of F(·; d) on [−S, S] by golden section (F quasi-convex): bracketed first by a scan in steps of 0.5
 * on |s| ≤ 30 (beyond it F of the built-ins is monotone), then narrowed to 1e-12.
 */
export function pairSumMinimiser(g: (u: number) => number, d: number): { s: number; value: number } {
  let best = -CHECK_S;
  let bestV = pairSum(g, best, d);
  for (let s = -CHECK_S + 0.5; s <= CHECK_S + 1e-9; s += 0.5) {
    const v = pairSum(g, s, d);
    if (v < bestV) {
      bestV = v;
      best = s;
    }
  }
  let lo = best === -CHECK_S ? -S : best - 0.5;
  let hi = best >= CHECK_S - 1e-9 ? S : best + 0.5;
  const r = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - r * (hi - lo);
  let x2 = lo + r * (hi - lo);
  let f1 = pairSum(g, x1, d);
  let f2 = pairSum(g, x2, d);
  for (let i = 0; i < 200 && hi - lo > 1e-12 * (1 + Math.abs(lo)); i++) {
    if (f1 <= f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - r * (hi - lo);
      f1 = pairSum(g, x1, d);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + r * (hi - lo);
      f2 = pairSum(g, x2, d);
    }
  }
  const s = 0.5 * (lo + hi);
  const value = pairSum(g, s, d);
  return bestV < value ? { s: best, value: bestV } : { s, value };
}

/** The root of F(·; d) − C between a point below C (inside) and the end `end` (F(end) ≥ C), by bisection. */
function crossing(g: (u: number) => number, d: number, C: number, inside: number, end: number): number {
  let a = inside;
  let b = end;
  for (let i = 0; i < 200 && Math.abs(b - a) > 1e-13 * (1 + Math.abs(a)); i++) {
    const m = 0.5 * (a + b);
    if (pairSum(g, m, d) >= C) b = m;
    else a = m;
  }
  return 0.5 * (a + b);
}

/**
 * The ends of both labels' sets at d into out = [lo₊, hi₊, lo₋, hi₋] (conventions above): label +1 all accepted is
 * (−∞, −∞), none (−∞, +∞); label −1 none is (−∞, −∞), all (−∞, +∞).
 */
export function pairSumEnds(sets: PairSumSets, d: number, out: Float64Array): void {
  const { g, C } = sets;
  const m = pairSumMinimiser(g, d);
  const fLo = pairSum(g, -S, d);
  const fHi = pairSum(g, S, d);
  for (let y = 0; y < 2; y++) {
    const c = C[y];
    let lo = Number.NEGATIVE_INFINITY;
    let hi: number;
    if (y === 0) {
      // accepted where F ≥ C₊
      if (m.value >= c) hi = Number.NEGATIVE_INFINITY;
      else {
        if (fLo >= c) lo = crossing(g, d, c, m.s, -S);
        hi = fHi >= c ? crossing(g, d, c, m.s, S) : Number.POSITIVE_INFINITY;
      }
    } else if (m.value > c) hi = Number.NEGATIVE_INFINITY;
    else {
      // accepted where F ≤ C₋: [lo, hi] around the minimiser
      if (fLo > c) lo = crossing(g, d, c, m.s, -S);
      hi = fHi > c ? crossing(g, d, c, m.s, S) : Number.POSITIVE_INFINITY;
    }
    out[2 * y] = lo;
    out[2 * y + 1] = hi;
  }
}

/**
 * The sets of a non-monotone g at margin κ: checks that F(·; d) is quasi-convex on a grid (|s| ≤ 30, |d| ≤ 20, steps
 * of 0.05; else INVALID_ARGUMENT naming `activation`: the sets would not be intervals) and locates the folds (a
 * scan of min F in steps of 0.05 in d, then bisection).
 */
export function pairSumSets(act: Activation, kappa: number): PairSumSets {
  const g = act.g;
  const n = Math.round((2 * CHECK_S) / CHECK_STEP) + 1;
  const v = new Float64Array(n);
  for (let j = 0; j <= Math.round((2 * CHECK_D) / CHECK_STEP); j++) {
    const d = -CHECK_D + j * CHECK_STEP;
    let arg = 0;
    for (let i = 0; i < n; i++) {
      v[i] = pairSum(g, -CHECK_S + i * CHECK_STEP, d);
      if (v[i] < v[arg]) arg = i;
    }
    const tol = (x: number) => 1e-12 * (1 + Math.abs(x));
    let ok = true;
    for (let i = 1; i <= arg && ok; i++) ok = v[i] <= v[i - 1] + tol(v[i - 1]);
    for (let i = arg + 1; i < n && ok; i++) ok = v[i] >= v[i - 1] - tol(v[i - 1]);
    if (!ok)
      throw invalidArgument(
        "activation",
        "an activation whose pair sums g((s + d)/√2) + g((s − d)/√2) are non-decreasing, or fall then rise, in s (the exact K = 2 free entropy needs its acceptance sets to be intervals or their complements)",
        act.name,
      );
  }
  const C: [number, number] = [2 * act.m0 + kappa * Math.SQRT2, 2 * act.m0 - kappa * Math.SQRT2];
  const folds: number[] = [];
  const minAt = (d: number) => pairSumMinimiser(g, d).value;
  // min F on the scan's grid once, for both labels' levels
  const steps = Math.round((2 * CHECK_D) / CHECK_STEP);
  const mins = new Float64Array(steps + 1);
  for (let j = 0; j <= steps; j++) mins[j] = minAt(-CHECK_D + j * CHECK_STEP);
  for (const c of C) {
    let prevD = -CHECK_D;
    let prev = mins[0] - c;
    for (let j = 1; j <= steps; j++) {
      const d = -CHECK_D + j * CHECK_STEP;
      const cur = mins[j] - c;
      if (prev < 0 !== cur < 0) {
        let a = prevD;
        let b = d;
        const below = prev < 0;
        for (let i = 0; i < 100 && b - a > 1e-13; i++) {
          const mid = 0.5 * (a + b);
          if (minAt(mid) - c < 0 === below) a = mid;
          else b = mid;
        }
        folds.push(0.5 * (a + b));
      }
      prevD = d;
      prev = cur;
    }
  }
  folds.sort((a, b) => a - b);
  return { g, C, folds };
}
