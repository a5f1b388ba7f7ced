import { meanAndStdErr } from "./error-estimate.js";
import data from "./reference/small-alpha-reference.json";

/** Curves on the τ grid per data set, with their mean and the standard error of the mean over data sets. */
export interface SeedCurves {
  runs: number[][];
  mean: number[];
  stdErr: number[];
}

export interface SmallAlphaReferenceSetting {
  /** 0 for the saddle-to-saddle limit. */
  alpha: number;
  genError: SeedCurves;
  trainLoss: SeedCurves;
  /** Fraction of coordinates with |w| > 0.1 (the DMFT's default activeThreshold). */
  activeFraction: SeedCurves;
  /** The limit only: fraction of coordinates with β ≠ 0 (the saddle's support). */
  nonZeroFraction?: SeedCurves;
  seconds: number;
}

export interface SmallAlphaReference {
  d: number;
  seeds: number;
  model: { delta: number; rho: number; sigma: number; prior: string };
  /** The rescaled times τ = t / ln(1/alpha) of every curve. */
  tau: number[];
  /** The flows' alphas, largest first. */
  alphas: number[];
  /** The alpha → 0 limit of the same data sets (dln's saddleToSaddle). */
  limit: SmallAlphaReferenceSetting;
  /** The flows by String(alpha). */
  flows: Record<string, SmallAlphaReferenceSetting>;
  dlnVersion: string;
}

interface RawRun {
  genError: number[];
  trainLoss: number[];
  activeCount: number[];
  nonZeroCount?: number[];
}

/**
 * The small-alpha reference (scripts/small-alpha-reference.mjs; theory/dmft.md, "The small-alpha limit"): on the
 * same data sets at d = 4000 (exactly normalised Bernoulli–Gaussian teachers, delta 0.5, rho 0.1, sigma 0),
 * dln's gradient flow at several alpha and the saddle-to-saddle path (alpha → 0), read on one grid of the
 * rescaled time τ = t / ln(1/alpha). Shipped so that the DMFT's small-alpha limit and the timescale laws can be
 * held against simulation without re-running it.
 */
export function smallAlphaReference(): SmallAlphaReference {
  const raw = data as unknown as {
    d: number;
    seeds: number;
    model: SmallAlphaReference["model"];
    tau: number[];
    dlnVersion: string;
    settings: Record<string, { alpha: number; runs: RawRun[]; seconds: number }>;
  };
  const curves = (runs: number[][]): SeedCurves => {
    const { mean, stdErr } = meanAndStdErr(
      runs.map((r) => Float64Array.from(r)),
      0,
    );
    return { runs, mean: Array.from(mean), stdErr: Array.from(stdErr) };
  };
  const setting = (s: { alpha: number; runs: RawRun[]; seconds: number }): SmallAlphaReferenceSetting => ({
    alpha: s.alpha,
    genError: curves(s.runs.map((r) => r.genError)),
    trainLoss: curves(s.runs.map((r) => r.trainLoss)),
    activeFraction: curves(s.runs.map((r) => r.activeCount.map((c) => c / raw.d))),
    ...(s.runs[0].nonZeroCount
      ? { nonZeroFraction: curves(s.runs.map((r) => (r.nonZeroCount as number[]).map((c) => c / raw.d))) }
      : {}),
    seconds: s.seconds,
  });
  const flows: Record<string, SmallAlphaReferenceSetting> = {};
  for (const [key, s] of Object.entries(raw.settings)) if (key !== "limit") flows[key] = setting(s);
  return {
    d: raw.d,
    seeds: raw.seeds,
    model: raw.model,
    tau: raw.tau,
    alphas: Object.values(flows)
      .map((s) => s.alpha)
      .sort((a, b) => b - a),
    limit: setting(raw.settings.limit),
    flows,
    dlnVersion: raw.dlnVersion,
  };
}
