import {
  assertFiniteArray,
  assertInRange,
  assertNonNegative,
  assertPositive,
  brent,
  invalidArgument,
} from "@meanfield/linalg";
import { diluteActivation } from "./dilute-activation.js";
import type { TeacherPriorSpec } from "./prior.js";

export interface PredictedTimescales {
  /**
   * Lazy (kernel) phase: at w ≈ 0 the mobility is F(0) = 8 alpha², so the linearised flow fits
   * the data on 1/(8 alpha² λ) for λ in the Marchenko–Pastur bulk; `lazyFitTime` uses the
   * fastest edge (1 + √delta)², `lazyTime` the slowest non-zero edge (1 − √delta)² (delta ≠ 1).
   * Exact for the linearised flow; the rich phase starts once |w| = O(alpha²) no longer holds.
   */
  lazyFitTime: number;
  lazyTime: number;
  /**
   * End of the search plateau at small alpha: the time at which ε_gen has fallen by `searchDrop` (default
   * 10 %) of its initial value, at leading order, t = rescaledSearchTime·ln(1/alpha) + O(1), with
   * rescaledSearchTime from the dilute-activation closed form (`diluteActivation`; theory/dmft.md, "The
   * small-alpha limit"). Neglected: the O(1) term in t (O(1/ln(1/alpha)) relative) and the coupling of the
   * few active coordinates (O(active fraction), 0.2 % at the 10 % drop for delta 0.5, rho 0.1). NaN when
   * the dilute curve turns up before falling by searchDrop (a weak signal: no plateau to end).
   */
  searchTime: number;
  /** The leading coefficient: τ at which the alpha → 0 limit has fallen by `searchDrop` (alpha-independent). */
  rescaledSearchTime: number;
  /**
   * The older single-coordinate estimate: a support coordinate of typical size 1/√rho with gradient
   * delta·w* activates after ln(1/(alpha² √rho))·√rho/(4 delta). It ignores the noise part of the
   * gradient and the spread of |w*|, and overstates the plateau (0.316 against 0.12 per ln(1/alpha) at
   * delta 0.5, rho 0.1); kept for comparison.
   */
  typicalActivationTime: number;
}

/**
 * Predicted learning timescales as functions of (alpha, delta, rho, sigma) (theory/dmft.md, "Timescales and
 * incremental learning"): the lazy phase from the linearised flow, the search plateau from the
 * dilute-activation limit. Compare with the times `crossingTimes` / `timescaleScaling` read off computed
 * curves (DMFT or simulation) with their error bars.
 */
export function predictedTimescales(p: {
  alpha: number;
  delta: number;
  rho: number;
  sigma?: number;
  prior?: TeacherPriorSpec;
  searchDrop?: number;
}): PredictedTimescales {
  const alpha = assertPositive(p.alpha, "alpha");
  const delta = assertPositive(p.delta, "delta");
  const rho = assertInRange(p.rho, "rho", 0, 1, { lowerOpen: true });
  const sigma = assertNonNegative(p.sigma ?? 0, "sigma");
  const drop = assertInRange(p.searchDrop ?? 0.1, "searchDrop", 0, 0.5, { lowerOpen: true });
  const F0 = 8 * alpha * alpha;
  const sd = Math.sqrt(delta);
  const lazyFitTime = 1 / (F0 * (1 + sd) ** 2);
  const lazyTime = delta === 1 ? Number.POSITIVE_INFINITY : 1 / (F0 * (1 - sd) ** 2);
  const amp = 1 / Math.sqrt(rho);
  const typicalActivationTime = Math.max(Math.log(amp / (alpha * alpha)), 0) / (4 * delta * amp);
  const model = { delta, rho, sigma, prior: p.prior };
  const eps = (tau: number) => diluteActivation(model, [tau]).genError[0] - (1 - drop);
  // ε first falls (support coordinates activate), then rises (noise coordinates): scan τ up to its minimum
  let lo = 1e-3;
  let prev = eps(lo);
  let rescaledSearchTime = Number.NaN;
  for (let hi = lo * 1.25; hi < 1e3; lo = hi, hi *= 1.25) {
    const e = eps(hi);
    if (e <= 0) {
      rescaledSearchTime = brent(eps, lo, hi, { xtol: 1e-10 }).root;
      break;
    }
    if (e > prev + 1e-9) break; // the dilute curve turned up before falling by searchDrop: no search plateau to end
    prev = e;
  }
  return {
    lazyFitTime,
    lazyTime,
    searchTime: alpha < 1 ? rescaledSearchTime * Math.log(1 / alpha) : Number.NaN,
    rescaledSearchTime,
    typicalActivationTime,
  };
}

export interface DetectedPhases {
  /** First time where 2ℓ_train/(ε_gen + sigma²) < 1/2: fitting and generalising separate. */
  separationTime: number;
  /** Time at which ε_gen has completed 10% of its total drop (start of descent). */
  descentStart: number;
  /** Time at which ε_gen has completed 90% of its total drop. */
  descentEnd: number;
  /**
   * Plateaus: maximal intervals (length ≥ minDecades in log t) on which |d ln ε_gen / d ln t|
   * < slopeTolerance, after the initial transient (t ≥ tMin) and before the final value is reached.
   */
  plateaus: { start: number; end: number; genError: number }[];
}

/**
 * Reads phase boundaries off computed curves (theory/dmft.md, "Timescales and incremental learning"): where train loss and generalisation error
 * separate, where ε_gen descends, and its plateaus (search phases at small alpha). Works on any
 * (times, trainLoss, genError) curves, e.g. a DmftResult, a flow result or a simulation mean (`t` is
 * accepted for `times`, the former name). The times must be increasing.
 */
export function detectPhases(
  curves: {
    times?: ArrayLike<number>;
    t?: ArrayLike<number>;
    trainLoss: ArrayLike<number>;
    genError: ArrayLike<number>;
  },
  options: { sigma?: number; slopeTolerance?: number; minDecades?: number; tMin?: number } = {},
): DetectedPhases {
  const times = curves.times ?? curves.t;
  if (times === undefined) throw invalidArgument("times", "the curves' time grid", times);
  const t = assertFiniteArray(Array.from(times), "times");
  const tl = assertFiniteArray(Array.from(curves.trainLoss), "trainLoss", t.length);
  const eg = assertFiniteArray(Array.from(curves.genError), "genError", t.length);
  if (t.length < 3) throw invalidArgument("times", "at least 3 times", t);
  const sigma = assertNonNegative(options.sigma ?? 0, "sigma");
  const slopeTol = assertPositive(options.slopeTolerance ?? 0.05, "slopeTolerance");
  const minDecades = assertPositive(options.minDecades ?? 0.3, "minDecades");
  const n = t.length;
  const tMin = options.tMin ?? t[Math.min(1, n - 1)];
  let separationTime = Number.NaN;
  for (let k = 0; k < n; k++) {
    if ((2 * tl[k]) / (eg[k] + sigma * sigma) < 0.5) {
      separationTime = t[k];
      break;
    }
  }
  const e0 = eg[0];
  const eEnd = eg[n - 1];
  const drop = e0 - eEnd;
  const crossing = (frac: number) => {
    const level = e0 - frac * drop;
    for (let k = 1; k < n; k++) {
      if ((eg[k - 1] - level) * (eg[k] - level) <= 0 && eg[k] !== eg[k - 1]) {
        const w = (eg[k - 1] - level) / (eg[k - 1] - eg[k]);
        return t[k - 1] + w * (t[k] - t[k - 1]);
      }
    }
    return Number.NaN;
  };
  const plateaus: DetectedPhases["plateaus"] = [];
  let startIdx = -1;
  const flush = (endIdx: number) => {
    if (startIdx >= 0 && Math.log10(t[endIdx] / t[startIdx]) >= minDecades) {
      plateaus.push({ start: t[startIdx], end: t[endIdx], genError: eg[startIdx] });
    }
    startIdx = -1;
  };
  for (let k = 1; k < n - 1; k++) {
    if (t[k - 1] <= 0 || t[k] < tMin) continue;
    const slope = Math.log(eg[k + 1] / eg[k - 1]) / Math.log(t[k + 1] / t[k - 1]);
    // a plateau sits away from the final value (the last 5% of the drop is convergence, not a plateau)
    const flat = Math.abs(slope) < slopeTol && Math.abs(eg[k] - eEnd) > 0.05 * Math.abs(drop);
    if (flat && startIdx < 0) startIdx = k;
    if (!flat && startIdx >= 0) flush(k);
  }
  if (startIdx >= 0) flush(n - 2);
  return { separationTime, descentStart: crossing(0.1), descentEnd: crossing(0.9), plateaus };
}
