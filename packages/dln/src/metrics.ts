/** The metrics recorded along a trajectory (theory/dln.md, "Metrics"). */
export interface DlnMetrics {
  /** ℓ_train = ‖y − Xw‖² / (2n). */
  trainLoss: number;
  /** ε_gen = ‖w − w*‖² / d (NaN without a teacher). */
  genError: number;
  /** ‖w‖₁ / d. */
  l1Norm: number;
  /** ‖w‖₂² / d. */
  l2NormSq: number;
  /** Number of coordinates with |w_i| > activeThreshold. */
  activeCount: number;
  /** Fraction of the teacher's support that is active (NaN without a teacher or with an empty support). */
  supportRecovery: number;
  /** Relative drift of the conserved quantity of the integrated variables (see README, "conservedDrift"). */
  conservedDrift: number;
}

export const METRIC_NAMES = [
  "trainLoss",
  "genError",
  "l1Norm",
  "l2NormSq",
  "activeCount",
  "supportRecovery",
  "conservedDrift",
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** Metric time series: one Float64Array per metric, aligned with `times`. */
export type MetricSeries = Record<MetricName, Float64Array>;

export function createMetricSeries(length: number): MetricSeries {
  const s = {} as MetricSeries;
  for (const k of METRIC_NAMES) s[k] = new Float64Array(length);
  return s;
}

export function truncateMetricSeries(s: MetricSeries, length: number): MetricSeries {
  const out = {} as MetricSeries;
  for (const k of METRIC_NAMES) out[k] = s[k].slice(0, length);
  return out;
}

export function writeMetrics(s: MetricSeries, i: number, m: DlnMetrics): void {
  for (const k of METRIC_NAMES) s[k][i] = m[k];
}

/**
 * Metrics of a parameter vector w given its residual r = y − Xw (already computed by the caller, so no
 * extra matrix product is spent here). `conservedDrift` is passed through.
 */
export function computeMetrics(
  w: Float64Array,
  r: Float64Array,
  wStar: Float64Array | undefined,
  activeThreshold: number,
  conservedDrift: number,
): DlnMetrics {
  const d = w.length;
  let rr = 0;
  for (let i = 0; i < r.length; i++) rr += r[i] * r[i];
  let l1 = 0;
  let l2 = 0;
  let active = 0;
  for (let i = 0; i < d; i++) {
    const a = Math.abs(w[i]);
    l1 += a;
    l2 += a * a;
    if (a > activeThreshold) active++;
  }
  let gen = Number.NaN;
  let rec = Number.NaN;
  if (wStar) {
    gen = 0;
    let supp = 0;
    let hit = 0;
    for (let i = 0; i < d; i++) {
      const e = w[i] - wStar[i];
      gen += e * e;
      if (wStar[i] !== 0) {
        supp++;
        if (Math.abs(w[i]) > activeThreshold) hit++;
      }
    }
    gen /= d;
    if (supp > 0) rec = hit / supp;
  }
  return {
    trainLoss: rr / (2 * r.length),
    genError: gen,
    l1Norm: l1 / d,
    l2NormSq: l2 / d,
    activeCount: active,
    supportRecovery: rec,
    conservedDrift,
  };
}
