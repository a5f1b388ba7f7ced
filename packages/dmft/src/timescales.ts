import {
  assertFiniteArray,
  assertInRange,
  assertNonNegative,
  assertPositive,
  invalidArgument,
} from "@meanfield/linalg";

export interface PredictedTimescales {
  /**
   * Lazy (kernel) phase: at w ≈ 0 the mobility is F(0) = 8 alpha², so the linearised flow fits
   * the data on 1/(8 alpha² λ) for λ in the Marchenko–Pastur bulk; `lazyFitTime` uses the
   * fastest edge (1 + √delta)², `lazyTime` the slowest non-zero edge (1 − √delta)² (delta ≠ 1).
   */
  lazyFitTime: number;
  lazyTime: number;
  /**
   * Search (plateau) phase at small alpha: a coordinate with initial gradient g grows as
   * w ≈ alpha² e^{4|g| t} (φ grows linearly; theory/dmft.md, "Parameter process"), reaching its O(|w*|) size after
   * t ≈ ln(|w*|/alpha²)/(4|g|); with the signal part g = delta·w* of the initial gradient and the
   * typical support magnitude |w*| = 1/√rho this is ln(1/(alpha² √rho))·√rho/(4 delta). It grows
   * like log(1/alpha), the plateau length of theory/dmft.md, "Timescales and incremental learning".
   */
  searchTime: number;
  /** searchTime / ln(1/alpha): the rescaled time of the saddle-to-saddle limit (alpha < 1). */
  rescaledSearchTime: number;
}

/**
 * Predicted learning timescales as functions of (alpha, delta, rho) (theory/dmft.md, "Timescales and incremental learning"), from the two
 * linearisations above. These are order-of-magnitude predictions (no O(1) constants fitted);
 * compare with the phases `detectPhases` reads off computed curves.
 */
export function predictedTimescales(p: { alpha: number; delta: number; rho: number }): PredictedTimescales {
  const alpha = assertPositive(p.alpha, "alpha");
  const delta = assertPositive(p.delta, "delta");
  const rho = assertInRange(p.rho, "rho", 0, 1, { lowerOpen: true });
  const F0 = 8 * alpha * alpha;
  const sd = Math.sqrt(delta);
  const lazyFitTime = 1 / (F0 * (1 + sd) ** 2);
  const lazyTime = delta === 1 ? Number.POSITIVE_INFINITY : 1 / (F0 * (1 - sd) ** 2);
  const amp = 1 / Math.sqrt(rho);
  const searchTime = Math.max(Math.log(amp / (alpha * alpha)), 0) / (4 * delta * amp);
  return {
    lazyFitTime,
    lazyTime,
    searchTime,
    rescaledSearchTime: alpha < 1 ? searchTime / Math.log(1 / alpha) : Number.NaN,
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
