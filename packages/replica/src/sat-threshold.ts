import { createRng, invalidArgument, type Rng } from "@meanfield/linalg";

/**
 * The SAT/UNSAT threshold of finite-size experiments with its error (theory/replica-finite-k.md, "Finite-size
 * scaling of the SAT threshold"): a logistic curve P(SAT | α) = 1/(1 + exp((α − α₅₀)/w)) fitted to the
 * instance counts by maximum likelihood (Newton on (α₅₀, log w)), the standard error of α₅₀ from the
 * inverse Fisher information; and the extrapolation of α₅₀(N) to N → ∞ by weighted least squares in
 * N^{−exponent}.
 */
export interface SatThreshold {
  /** α where the fitted SAT probability is ½. */
  alpha50: number;
  standardError: number;
  /** Width w of the logistic (the transition window is about ±2w). */
  width: number;
  /** −log-likelihood at the optimum. */
  negLogLikelihood: number;
  iterations: number;
  converged: boolean;
  message: string;
}

export function fitSatThreshold(
  points: readonly { alpha: number; sat: number; instances: number }[],
): SatThreshold {
  if (!Array.isArray(points) || points.length < 2)
    throw invalidArgument("points", "at least two loads with SAT counts", points);
  for (const p of points)
    if (!(p.instances > 0 && p.sat >= 0 && p.sat <= p.instances && Number.isFinite(p.alpha)))
      throw invalidArgument("points", "{ alpha, sat, instances } with 0 ≤ sat ≤ instances", p);
  const some = points.some((p) => p.sat > 0);
  const notAll = points.some((p) => p.sat < p.instances);
  if (!some || !notAll)
    return {
      alpha50: Number.NaN,
      standardError: Number.NaN,
      width: Number.NaN,
      negLogLikelihood: Number.NaN,
      iterations: 0,
      converged: false,
      message: some
        ? "every instance SAT: the threshold lies above the loads"
        : "no instance SAT: the threshold lies below the loads",
    };
  const sorted = [...points].sort((a, b) => a.alpha - b.alpha);
  // (quasi-)separation: every load all-SAT or all-UNSAT except at most one, in order: the maximum-likelihood
  // width is 0 and the threshold is only bracketed
  const mixed = sorted.filter((p) => p.sat > 0 && p.sat < p.instances);
  const lastSat = Math.max(...sorted.filter((p) => p.sat > 0).map((p) => p.alpha));
  const firstUnsat = Math.min(...sorted.filter((p) => p.sat < p.instances).map((p) => p.alpha));
  if (mixed.length <= 1 && lastSat <= firstUnsat + (mixed.length === 1 ? 0 : -Number.EPSILON))
    return {
      alpha50: mixed.length === 1 ? mixed[0].alpha : 0.5 * (lastSat + firstUnsat),
      standardError: Number.NaN,
      width: 0,
      negLogLikelihood: Number.NaN,
      iterations: 0,
      converged: false,
      message: `the SAT and UNSAT loads do not overlap: the width is not resolved and the threshold is only bracketed by [${lastSat}, ${firstUnsat}] (add loads between them)`,
    };
  // start: the interpolated crossing of ½ of the pooled fractions, width a tenth of the range
  let a50 = 0.5 * (sorted[0].alpha + sorted[sorted.length - 1].alpha);
  for (let i = 1; i < sorted.length; i++) {
    const f0 = sorted[i - 1].sat / sorted[i - 1].instances;
    const f1 = sorted[i].sat / sorted[i].instances;
    if (f0 >= 0.5 && f1 < 0.5) {
      a50 = sorted[i - 1].alpha + ((f0 - 0.5) * (sorted[i].alpha - sorted[i - 1].alpha)) / (f0 - f1);
      break;
    }
  }
  const range = sorted[sorted.length - 1].alpha - sorted[0].alpha || 1;
  let lw = Math.log(range / 10);
  // −log L(α₅₀, ℓ), ℓ = log w; s = (α − α₅₀)/w, P(SAT) = σ(−s)
  const nll = (m: number, l: number) => {
    const w = Math.exp(l);
    let v = 0;
    for (const p of points) {
      const s = (p.alpha - m) / w;
      // log σ(−s) = −log(1 + e^{s}), log(1 − σ(−s)) = −log(1 + e^{−s})
      const l1 = s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
      const l0 = s > 0 ? Math.log1p(Math.exp(-s)) : -s + Math.log1p(Math.exp(s));
      v += p.sat * l1 + (p.instances - p.sat) * l0;
    }
    return v;
  };
  // gradient and Hessian by the closed forms of the binomial logistic model in (m, ℓ)
  const derivs = (m: number, l: number) => {
    const w = Math.exp(l);
    let gm = 0;
    let gl = 0;
    let hmm = 0;
    let hml = 0;
    let hll = 0;
    for (const p of points) {
      const s = (p.alpha - m) / w;
      const q = 1 / (1 + Math.exp(-s)); // P(UNSAT) = σ(s)
      const r = p.instances - p.sat; // UNSAT count
      // d(−log L)/ds = n q − r
      const ds = p.instances * q - r;
      const dss = p.instances * q * (1 - q);
      const sm = -1 / w;
      const sl = -s;
      gm += ds * sm;
      gl += ds * sl;
      hmm += dss * sm * sm;
      hml += dss * sm * sl + ds * (1 / w); // ∂²s/∂m∂ℓ = 1/w
      hll += dss * sl * sl + ds * s; // ∂²s/∂ℓ² = s
    }
    return { gm, gl, hmm, hml, hll };
  };
  let it = 0;
  let converged = false;
  let f = nll(a50, lw);
  for (; it < 100; it++) {
    const d = derivs(a50, lw);
    // Newton step on the 2 × 2 system; gradient descent where the Hessian is not positive definite
    const det2 = d.hmm * d.hll - d.hml * d.hml;
    const step =
      det2 > 0 && d.hmm > 0
        ? [(d.hll * d.gm - d.hml * d.gl) / det2, (d.hmm * d.gl - d.hml * d.gm) / det2]
        : [d.gm / (Math.abs(d.hmm) + 1), d.gl / (Math.abs(d.hll) + 1)];
    let t = 1;
    let next = f;
    let m = a50;
    let l = lw;
    for (let k = 0; k < 40; k++) {
      m = a50 - t * step[0];
      l = Math.max(-20, Math.min(5, lw - t * step[1]));
      next = nll(m, l);
      if (next <= f) break;
      t /= 2;
    }
    const small = Math.abs(m - a50) < 1e-10 * (1 + Math.abs(a50)) && Math.abs(l - lw) < 1e-10;
    a50 = m;
    lw = l;
    f = next;
    if (small) {
      converged = true;
      break;
    }
  }
  const d = derivs(a50, lw);
  const det = d.hmm * d.hll - d.hml * d.hml;
  const varM = det > 0 ? d.hll / det : Number.NaN;
  const separated = lw <= -19.9;
  return {
    alpha50: a50,
    standardError: Math.sqrt(varM),
    width: Math.exp(lw),
    negLogLikelihood: f,
    iterations: it,
    converged: converged && !separated && Number.isFinite(varM),
    message: separated
      ? "the SAT and UNSAT loads do not overlap: the width is not resolved (add loads between them)"
      : converged
        ? "maximum-likelihood logistic fit"
        : "the Newton iteration did not converge",
  };
}

export interface ThresholdExtrapolation {
  /** α₅₀ at N → ∞. */
  alphaInfinity: number;
  standardError: number;
  /** Slope b of α₅₀(N) = α∞ + b N^{−exponent}. */
  slope: number;
  chi2: number;
  dof: number;
  exponent: number;
}

/** Weighted least squares α₅₀(N) = α∞ + b·N^{−exponent} (default exponent 1/2). */
export function extrapolateThreshold(
  rows: readonly { N: number; alpha50: number; standardError: number }[],
  exponent = 0.5,
): ThresholdExtrapolation {
  if (!Array.isArray(rows) || rows.length < 2)
    throw invalidArgument("rows", "at least two sizes N with a threshold and its standard error", rows);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let sy = 0;
  let sxy = 0;
  for (const r of rows) {
    if (!(r.standardError > 0) || !Number.isFinite(r.alpha50) || !(r.N > 0))
      throw invalidArgument("rows", "{ N > 0, alpha50, standardError > 0 }", r);
    const w = 1 / (r.standardError * r.standardError);
    const x = r.N ** -exponent;
    s0 += w;
    s1 += w * x;
    s2 += w * x * x;
    sy += w * r.alpha50;
    sxy += w * x * r.alpha50;
  }
  const det = s0 * s2 - s1 * s1;
  const a = (s2 * sy - s1 * sxy) / det;
  const b = (s0 * sxy - s1 * sy) / det;
  let chi2 = 0;
  for (const r of rows) chi2 += ((r.alpha50 - a - b * r.N ** -exponent) / r.standardError) ** 2;
  return {
    alphaInfinity: a,
    standardError: Math.sqrt(s2 / det),
    slope: b,
    chi2,
    dof: rows.length - 2,
    exponent,
  };
}

/** One experiment per size with its SAT counts per restart budget (`satExperiment`'s points). */
export interface BudgetRun {
  N: number;
  points: readonly { alpha: number; instances: number; satByRestarts: readonly number[] }[];
}

/** A size's loads with the cumulative SAT counts per restart budget (`cum[r − 1]`: SAT within r restarts). */
export interface CumulativeRun {
  N: number;
  points: readonly { alpha: number; instances: number; cum: readonly number[] }[];
}

export function cumulativeRuns(runs: readonly BudgetRun[]): CumulativeRun[] {
  return runs.map(({ N, points }) => ({
    N,
    points: points.map((p) => ({ alpha: p.alpha, instances: p.instances, cum: p.satByRestarts })),
  }));
}

/** The logistic threshold of every size at one restart budget; null where the fit did not converge. */
export function budgetRows(
  data: readonly CumulativeRun[],
  budget: number,
): ({ N: number; alpha50: number; standardError: number } | null)[] {
  return data.map(({ N, points }) => {
    const f = fitSatThreshold(
      points.map((p) => ({ alpha: p.alpha, instances: p.instances, sat: p.cum[budget - 1] })),
    );
    return f.converged && f.standardError > 0
      ? { N, alpha50: f.alpha50, standardError: f.standardError }
      : null;
  });
}

/**
 * One resample of the instances: within a load the instances are exchangeable, and the counts give the
 * distribution of the first successful restart (or none), from which `instances` new ones are drawn. The
 * resample keeps every budget's counts consistent, so it serves all budgets at once.
 */
export function resampleBudgetRuns(runs: readonly BudgetRun[], restarts: number, rng: Rng): CumulativeRun[] {
  return runs.map(({ N, points }) => ({
    N,
    points: points.map((p) => {
      const first = new Array<number>(restarts + 1).fill(0); // first success at restart r (index r − 1), or never
      for (let i = 0; i < p.instances; i++) {
        const u = rng.int(p.instances);
        let r = 0;
        while (r < restarts && !(u < p.satByRestarts[r])) r++;
        first[r]++;
      }
      let c = 0;
      return { alpha: p.alpha, instances: p.instances, cum: first.slice(0, restarts).map((x) => (c += x)) };
    }),
  }));
}

/** The smallest number of restarts recorded at any load of any size. */
export function recordedRestarts(runs: readonly BudgetRun[]): number {
  return Math.min(...runs.flatMap((r) => r.points.map((p) => p.satByRestarts.length)));
}

export interface RestartRule {
  /** The two budgets compared (restarts). */
  low: number;
  high: number;
  exponent: number;
  /** Extrapolations of each budget's α₅₀(N) over the sizes where both fits converged. */
  extrapolationLow: ThresholdExtrapolation;
  extrapolationHigh: ThresholdExtrapolation;
  /** α∞(high) − α∞(low). */
  difference: number;
  /** Its standard error from resampling instances (NaN when too few resamples could be fitted). */
  standardError: number;
  /** The difference a two-sided 5 % test would detect 4 times in 5: 2.8 standard errors. */
  detectable: number;
  resamples: number;
  /** Resamples in which every fit converged again. */
  used: number;
  /** |difference| ≤ 2 standard errors (null when not resolved). */
  met: boolean | null;
  message: string;
}

/**
 * The restart rule of theory/replica-finite-k.md, "The hinge loss, and the epochs as a second budget": whether the
 * extrapolated threshold α∞ of the largest restart budget differs from that of the smallest. Both come from the
 * same instances (a run's `satByRestarts`), so their errors are correlated and the combined error of the two is not
 * that of the difference; it is estimated by resampling instances (`resampleBudgetRuns`); the same resample serves
 * both budgets.
 */
export function restartRule(
  runs: readonly BudgetRun[],
  low: number,
  high: number,
  exponent = 0.5,
  options: { resamples?: number; seed?: number | string } = {},
): RestartRule {
  if (!Array.isArray(runs as unknown) || runs.length < 2)
    throw invalidArgument("runs", "at least two sizes N, each with its points' satByRestarts", runs);
  const restarts = recordedRestarts(runs);
  if (!(Number.isInteger(low) && Number.isInteger(high) && low >= 1 && low < high && high <= restarts))
    throw invalidArgument("low, high", `restart budgets 1 ≤ low < high ≤ ${restarts}`, [low, high]);
  const resamples = options.resamples ?? 400;
  const observed = cumulativeRuns(runs);
  const lowRows = budgetRows(observed, low);
  const highRows = budgetRows(observed, high);
  // the sizes where both budgets fit; a resample counts only when these all fit again
  const keep = runs.map((_, i) => lowRows[i] !== null && highRows[i] !== null);
  const pick = <T>(rows: (T | null)[]) => rows.filter((_, i) => keep[i]) as T[];
  if (keep.filter(Boolean).length < 2)
    throw invalidArgument(
      "runs",
      "at least two sizes whose thresholds fit at both budgets",
      runs.map((r) => r.N),
    );
  const extrapolationLow = extrapolateThreshold(pick(lowRows), exponent);
  const extrapolationHigh = extrapolateThreshold(pick(highRows), exponent);
  const difference = extrapolationHigh.alphaInfinity - extrapolationLow.alphaInfinity;
  const rng = createRng(options.seed ?? "restart-rule");
  const diffs: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const data = resampleBudgetRuns(runs, restarts, rng);
    const lo = budgetRows(data, low);
    const hi = budgetRows(data, high);
    if (keep.some((k, i) => k && (lo[i] === null || hi[i] === null))) continue;
    diffs.push(
      extrapolateThreshold(pick(hi), exponent).alphaInfinity -
        extrapolateThreshold(pick(lo), exponent).alphaInfinity,
    );
  }
  const used = diffs.length;
  let standardError = Number.NaN;
  if (used >= Math.max(20, resamples / 2)) {
    const m = diffs.reduce((a, x) => a + x, 0) / used;
    standardError = Math.sqrt(diffs.reduce((a, x) => a + (x - m) ** 2, 0) / (used - 1));
  }
  const resolved = Number.isFinite(standardError);
  const met = resolved ? Math.abs(difference) <= 2 * standardError : null;
  return {
    low,
    high,
    exponent,
    extrapolationLow,
    extrapolationHigh,
    difference,
    standardError,
    detectable: 2.8 * standardError,
    resamples,
    used,
    met,
    message: !resolved
      ? `not resolved: ${used} of ${resamples} resamples could be fitted`
      : met
        ? "no dependence on the restarts resolved"
        : "the extrapolated threshold still depends on the restarts",
  };
}
