import {
  brent,
  cholesky,
  choleskyWithJitter,
  createRng,
  gammaQ,
  invalidArgument,
  minimizeScalar,
  solveWithCholeskyFactor,
} from "@meanfield/linalg";
import {
  type BudgetRun,
  budgetRows,
  cumulativeRuns,
  recordedRestarts,
  resampleBudgetRuns,
} from "./sat-threshold.js";

/**
 * The finite-size extrapolation of the SAT threshold with one limit for every restart budget
 * (theory/replica-finite-k.md, "One limit for every budget"): α₅₀(N, r) = α∞ + b_r N^{−ν}. If the solver's
 * transition sharpens as N grows, the restarts stop mattering and every budget r has the same limit α∞; the
 * budgets differ only in how they approach it (b_r). The thresholds of one size share its instances, so they are
 * fitted by generalised least squares with their covariance (from resampling instances); the exponent ν is
 * fitted within a stated range or held fixed; the error of α∞ is its profile-χ² interval (ν and the slopes
 * re-optimised at every α∞), and χ² with its p-value tests whether one limit fits all budgets.
 */
export interface SizeThresholds {
  N: number;
  /** α₅₀ at each budget, in the order of the budgets. */
  alpha50: readonly number[];
  /** Their covariance, budgets × budgets, row-major (independent budgets: the squared errors on the diagonal). */
  covariance: readonly number[];
}

export interface CommonLimitFit {
  alphaInfinity: number;
  /** Generalised-least-squares standard error of α∞ with the exponent held at its value. */
  standardError: number;
  /** The budgets, increasing, and their slopes b_r in the same order. */
  budgets: number[];
  slopes: number[];
  exponent: number;
  /** Σ_N rᵀ C⁻¹ r over the sizes, r the residuals of one size, C their covariance. */
  chi2: number;
  /** Thresholds − parameters (α∞, one slope per budget, and the exponent when it was fitted). */
  dof: number;
  /** P(χ²_dof ≥ chi2): small when one limit does not fit every budget (NaN when dof = 0). */
  pValue: number;
}

interface Prepared {
  N: number;
  y: Float64Array;
  /** Inverse covariance, row-major. */
  inverse: Float64Array;
}

function prepare(sizes: readonly SizeThresholds[], budgets: readonly number[]): Prepared[] {
  if (!Array.isArray(sizes)) throw invalidArgument("sizes", "an array of { N, alpha50, covariance }", sizes);
  const B = budgets.length;
  if (!(B >= 1 && budgets.every((b, i) => Number.isInteger(b) && b >= 1 && (i === 0 || b > budgets[i - 1]))))
    throw invalidArgument("budgets", "increasing integers ≥ 1", budgets);
  return sizes.map((s) => {
    if (
      !(
        s.N > 0 &&
        s.alpha50?.length === B &&
        s.alpha50.every(Number.isFinite) &&
        s.covariance?.length === B * B &&
        s.covariance.every(Number.isFinite)
      )
    )
      throw invalidArgument("sizes", `{ N > 0, alpha50: ${B} numbers, covariance: ${B * B} numbers }`, s);
    let L: ReturnType<typeof cholesky>;
    try {
      L = cholesky({ rows: B, cols: B, data: Float64Array.from(s.covariance) });
    } catch {
      throw invalidArgument("sizes", "a symmetric positive-definite covariance", s);
    }
    // the inverse column by column from the one factor
    const inverse = new Float64Array(B * B);
    const e = new Float64Array(B);
    for (let j = 0; j < B; j++) {
      e.fill(0);
      e[j] = 1;
      const col = solveWithCholeskyFactor(L, e);
      for (let i = 0; i < B; i++) inverse[i * B + j] = col[i];
    }
    return { N: s.N, y: Float64Array.from(s.alpha50), inverse };
  });
}

/** GLS at a fixed exponent; α∞ fitted, or held at `alpha` (then only the slopes are fitted). */
function gls(data: readonly Prepared[], B: number, nu: number, alpha?: number) {
  const free = alpha === undefined;
  const off = free ? 1 : 0;
  const p = off + B;
  const G = { rows: p, cols: p, data: new Float64Array(p * p) };
  const rhs = new Float64Array(p);
  for (const s of data) {
    const x = s.N ** -nu;
    for (let i = 0; i < B; i++)
      for (let j = 0; j < B; j++) {
        const c = s.inverse[i * B + j];
        const z = s.y[j] - (alpha ?? 0);
        if (free) {
          G.data[0] += c;
          G.data[off + j] += c * x;
          G.data[(off + i) * p] += x * c;
          rhs[0] += c * z;
        }
        G.data[(off + i) * p + off + j] += x * c * x;
        rhs[off + i] += x * c * z;
      }
  }
  // one factor serves the solution and, when α∞ is free, its variance
  const { L } = choleskyWithJitter(G, { fallback: "throw" });
  const theta = solveWithCholeskyFactor(L, rhs);
  const a = free ? theta[0] : (alpha as number);
  let chi2 = 0;
  const r = new Float64Array(B);
  for (const s of data) {
    const x = s.N ** -nu;
    for (let i = 0; i < B; i++) r[i] = s.y[i] - a - theta[off + i] * x;
    for (let i = 0; i < B; i++) for (let j = 0; j < B; j++) chi2 += r[i] * s.inverse[i * B + j] * r[j];
  }
  let variance = Number.NaN;
  if (free) {
    const e0 = new Float64Array(p);
    e0[0] = 1;
    variance = solveWithCholeskyFactor(L, e0)[0];
  }
  return { alpha: a, slopes: Array.from(theta.subarray(off)), chi2, variance };
}

function checkRange(range: readonly [number, number]): void {
  if (
    !(
      Array.isArray(range) &&
      range.length === 2 &&
      range[0] > 0 &&
      range[1] > range[0] &&
      Number.isFinite(range[1])
    )
  )
    throw invalidArgument("exponentRange", "[lo, hi] with 0 < lo < hi", range);
}

/** χ² minimised over the exponent in `range` (α∞ fitted, or held at `alpha`). */
function bestExponent(
  data: readonly Prepared[],
  B: number,
  range: readonly [number, number],
  alpha?: number,
) {
  const m = minimizeScalar((nu) => gls(data, B, nu, alpha).chi2, range[0], range[1], {
    scan: 32,
    xtol: 1e-7 * (range[1] - range[0]),
  });
  const edge = 1e-4 * (range[1] - range[0]);
  return { nu: m.x, chi2: m.value, atBound: m.x - range[0] < edge || range[1] - m.x < edge };
}

function result(
  data: readonly Prepared[],
  budgets: readonly number[],
  nu: number,
  fitted: boolean,
): CommonLimitFit {
  const B = budgets.length;
  const parameters = 1 + B + (fitted ? 1 : 0);
  const n = data.length * B;
  if (n < parameters || new Set(data.map((s) => s.N)).size < 2)
    throw invalidArgument(
      "sizes",
      `at least two sizes and ${parameters} thresholds for α∞, ${B} slope(s)${fitted ? " and the exponent" : ""}`,
      data.map((s) => s.N),
    );
  const g = gls(data, B, nu);
  const dof = n - parameters;
  return {
    alphaInfinity: g.alpha,
    standardError: Math.sqrt(g.variance),
    budgets: [...budgets],
    slopes: g.slopes,
    exponent: nu,
    chi2: g.chi2,
    dof,
    pValue: dof > 0 ? gammaQ(dof / 2, g.chi2 / 2) : Number.NaN,
  };
}

/** The fit on prepared data: at a fixed exponent, or with the exponent fitted within a range. */
function fitPrepared(
  data: readonly Prepared[],
  budgets: readonly number[],
  exponent: number | readonly [number, number],
): CommonLimitFit & { atBound: boolean } {
  if (typeof exponent === "number") return { ...result(data, budgets, exponent, false), atBound: false };
  const best = bestExponent(data, budgets.length, exponent);
  return { ...result(data, budgets, best.nu, true), atBound: best.atBound };
}

/**
 * The profile-χ² intervals of α∞ around the fit `best`, one per Δχ² (see `commonLimitInterval`): the overall
 * minimum is found once and serves every level.
 */
function profileIntervals(
  data: readonly Prepared[],
  budgets: readonly number[],
  exponent: number | readonly [number, number],
  best: CommonLimitFit,
  deltas: readonly number[],
): [number, number][] {
  const B = budgets.length;
  const profile = (alpha?: number) =>
    typeof exponent === "number"
      ? gls(data, B, exponent, alpha).chi2
      : bestExponent(data, B, exponent, alpha).chi2;
  const floor = Math.min(best.chi2, profile(best.alphaInfinity));
  return deltas.map((deltaChi2) => {
    const excess = (a: number) => profile(a) - floor - deltaChi2;
    const end = (sign: number) => {
      let inner = best.alphaInfinity;
      let h = Math.max(1e-3, Number.isFinite(best.standardError) ? best.standardError : 1e-2);
      for (;;) {
        const outer = best.alphaInfinity + sign * h;
        if (excess(outer) >= 0) {
          const root = brent(excess, Math.min(inner, outer), Math.max(inner, outer), { xtol: 1e-7 });
          return root.root;
        }
        if (h > 10) return sign * Number.POSITIVE_INFINITY;
        inner = outer;
        h *= 2;
      }
    };
    return [end(-1), end(1)];
  });
}

function checkExponent(exponent: number | readonly [number, number]): void {
  if (typeof exponent !== "number") checkRange(exponent);
  else if (!(Number.isFinite(exponent) && exponent > 0))
    throw invalidArgument("exponent", "a number > 0", exponent);
}

/** Generalised least squares of α₅₀(N, r) = α∞ + b_r N^{−exponent} at a fixed exponent. */
export function fitCommonLimit(
  sizes: readonly SizeThresholds[],
  budgets: readonly number[],
  exponent: number,
): CommonLimitFit {
  checkExponent(exponent);
  const { atBound: _, ...fit } = fitPrepared(prepare(sizes, budgets), budgets, exponent);
  return fit;
}

/**
 * `fitCommonLimit` with the exponent that minimises χ² on [lo, hi] (a scan, then golden section); `dof` counts the
 * exponent, and `atBound` says the minimum lies at an end of the range.
 */
export function fitCommonLimitExponent(
  sizes: readonly SizeThresholds[],
  budgets: readonly number[],
  range: readonly [number, number],
): CommonLimitFit & { atBound: boolean } {
  checkRange(range);
  return fitPrepared(prepare(sizes, budgets), budgets, range);
}

/**
 * The profile-χ² interval of α∞: the loads α at which χ² minimised over the slopes (and over the exponent in
 * `exponent` when it is a range) exceeds its overall minimum by `deltaChi2` (1 for ±1 standard error, 3.84 for
 * 95 %). An end that is not reached within 10 of the estimate is ±Infinity.
 */
export function commonLimitInterval(
  sizes: readonly SizeThresholds[],
  budgets: readonly number[],
  exponent: number | readonly [number, number],
  deltaChi2 = 1,
): [number, number] {
  if (!(deltaChi2 > 0)) throw invalidArgument("deltaChi2", "a number > 0", deltaChi2);
  checkExponent(exponent);
  const data = prepare(sizes, budgets);
  return profileIntervals(data, budgets, exponent, fitPrepared(data, budgets, exponent), [deltaChi2])[0];
}

export interface CommonLimitOptions {
  /** A fixed exponent ν, or "fit" (default) to fit it within `exponentRange`. */
  exponent?: number | "fit";
  /** Range of a fitted exponent (default [0.25, 2]: the leading correction decays at least as N^{−1/4}). */
  exponentRange?: readonly [number, number];
  /** Resamples of the instances for the covariance of each size's thresholds (default 400). */
  resamples?: number;
  seed?: number | string;
}

export interface CommonLimitExtrapolation extends CommonLimitFit {
  /** Half the width of the ±1 standard-error profile interval (replaces the fixed-exponent error of the fit). */
  standardError: number;
  /** Profile-χ² intervals of α∞: Δχ² = 1 (±1 standard error) and 3.84 (95 %). */
  interval68: [number, number];
  interval95: [number, number];
  exponentFitted: boolean;
  exponentRange: [number, number];
  /** The fitted exponent lies at an end of its range (then the range, not the data, bounds it). */
  exponentAtBound: boolean;
  /** Each size's thresholds and their covariance (from the resamples); only sizes that fit at every budget. */
  sizes: SizeThresholds[];
  resamples: number;
  /** Per size, the resamples in which every budget's fit converged. */
  used: number[];
  message: string;
}

/**
 * One extrapolated SAT threshold for several restart budgets, from the runs' SAT counts: each size's logistic
 * thresholds at every budget (`budgetRows`), their covariance from resampling instances (`resampleBudgetRuns`:
 * one resample serves every budget), `fitCommonLimit` (or `fitCommonLimitExponent`) on them, and the
 * profile-χ² intervals of α∞ (`commonLimitInterval`). Sizes whose thresholds do not fit at every budget, or
 * whose resamples fit fewer than max(20, half) times, are left out.
 */
export function extrapolateCommonLimit(
  runs: readonly BudgetRun[],
  budgets: readonly number[],
  options: CommonLimitOptions = {},
): CommonLimitExtrapolation {
  if (!Array.isArray(runs as unknown) || runs.length < 2)
    throw invalidArgument("runs", "at least two sizes N, each with its points' satByRestarts", runs);
  const restarts = recordedRestarts(runs);
  const list = Array.isArray(budgets) ? [...new Set(budgets)].sort((a, b) => a - b) : [];
  if (list.length < 1 || list.some((b) => !(Number.isInteger(b) && b >= 1 && b <= restarts)))
    throw invalidArgument("budgets", `restart budgets, integers 1 … ${restarts}`, budgets);
  const fitted = (options.exponent ?? "fit") === "fit";
  const fixed = fitted ? Number.NaN : (options.exponent as number);
  if (!fitted && !(Number.isFinite(fixed) && fixed > 0))
    throw invalidArgument("exponent", 'a number > 0 or "fit"', options.exponent);
  const range: [number, number] = [...(options.exponentRange ?? [0.25, 2])] as [number, number];
  checkRange(range);
  const resamples = options.resamples ?? 400;
  if (!(Number.isInteger(resamples) && resamples >= 20))
    throw invalidArgument("resamples", "an integer ≥ 20", options.resamples);
  const B = list.length;
  const rng = createRng(options.seed ?? "common-limit");
  const sizes: SizeThresholds[] = [];
  const used: number[] = [];
  for (const run of runs) {
    const cumulative = cumulativeRuns([run]);
    const observed = list.map((b) => budgetRows(cumulative, b)[0]);
    // the resamples are drawn for every size, used or not, so that a size's draws do not depend on the others'
    const draws: number[][] = [];
    for (let k = 0; k < resamples; k++) {
      const data = resampleBudgetRuns([run], restarts, rng);
      const cells = list.map((b) => budgetRows(data, b)[0]);
      if (cells.every((c) => c !== null)) draws.push(cells.map((c) => (c as { alpha50: number }).alpha50));
    }
    if (observed.some((c) => c === null) || draws.length < Math.max(20, resamples / 2)) continue;
    const mean = list.map((_, i) => draws.reduce((a, d) => a + d[i], 0) / draws.length);
    const covariance = new Array<number>(B * B).fill(0);
    for (const d of draws)
      for (let i = 0; i < B; i++)
        for (let j = 0; j < B; j++)
          covariance[i * B + j] += ((d[i] - mean[i]) * (d[j] - mean[j])) / (draws.length - 1);
    sizes.push({
      N: run.N,
      alpha50: observed.map((c) => (c as { alpha50: number }).alpha50),
      covariance,
    });
    used.push(draws.length);
  }
  if (sizes.length < (fitted ? 3 : 2))
    throw invalidArgument(
      "runs",
      `at least ${fitted ? 3 : 2} sizes whose thresholds fit at every budget${fitted ? " (the exponent is fitted)" : ""}`,
      runs.map((r) => r.N),
    );
  const exponent = fitted ? range : fixed;
  const data = prepare(sizes, list);
  const fit = fitPrepared(data, list, exponent);
  const [interval68, interval95] = profileIntervals(data, list, exponent, fit, [1, 3.841458820694124]);
  const { atBound, ...core } = fit;
  const consistent = !(core.pValue < 0.05);
  return {
    ...core,
    standardError: 0.5 * (interval68[1] - interval68[0]),
    interval68,
    interval95,
    exponentFitted: fitted,
    exponentRange: range,
    exponentAtBound: atBound,
    sizes,
    resamples,
    used,
    message: [
      consistent
        ? `one limit fits every budget (χ² ${core.chi2.toFixed(1)} for ${core.dof} dof${Number.isFinite(core.pValue) ? `, p = ${core.pValue.toFixed(2)}` : ""})`
        : `one limit does not fit every budget (χ² ${core.chi2.toFixed(1)} for ${core.dof} dof, p = ${core.pValue.toPrecision(2)}): the extrapolated threshold still depends on the budget`,
      atBound
        ? `the fitted exponent lies at the end of its range [${range[0]}, ${range[1]}]: the range, not the data, bounds it`
        : "",
    ]
      .filter(Boolean)
      .join("; "),
  };
}
