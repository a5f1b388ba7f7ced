import type { TeacherPriorSpec } from "./prior.js";
import longTime from "./reference/long-time-reference.json";
import data from "./reference/reference-curves.json";

/**
 * Reference curves from the project's own finite-size gradient-flow simulation
 * (scripts/reference-curves.mjs: @meanfield/dln's RK45 flow in the mirror variable, d = 4000,
 * 12 seeds, exactly normalised teachers), shipped with the package so that DMFT solves can be held
 * against a strong independent check without re-running it: mean and standard error of the seed
 * mean of ε_gen(t) and ℓ_train(t) on a log-spaced grid.
 */
export interface ReferenceCurve {
  mean: number[];
  stdErr: number[];
}

export interface ReferenceSetting {
  params: { delta: number; rho: number; sigma: number; alpha: number; T: number; prior: TeacherPriorSpec };
  t: number[];
  genError: ReferenceCurve;
  trainLoss: ReferenceCurve;
  d: number;
  seeds: number;
  dlnVersion: string;
  seconds: number;
}

/**
 * The reference settings by name (lazy, rich, small-alpha, noisy-delta2, delta4, rademacher, noiseless-delta2,
 * tiny-alpha).
 */
export function referenceCurves(): Record<string, ReferenceSetting> {
  return (data as { settings: Record<string, ReferenceSetting> }).settings;
}

/** Mean and standard error over data sets, with the per-data-set values. */
export interface ReferenceStat {
  mean: number;
  stdErr: number;
  values: number[];
}

/**
 * The t → ∞ limit of the project's own finite-size flow and its linearisation (scripts/long-time-reference.mjs;
 * theory/dmft.md, "The long-time reference at d = 4000"): per data set the minimum-Q_alpha interpolator w_∞
 * (@meanfield/dln's minQAlphaInterpolator), ε_gen,∞ = ‖w_∞ − w*‖²/d, ‖w_∞‖₁/d, and the rate 2λ_min of
 * X diag(F(w_∞)) Xᵀ (Lanczos).
 */
export interface LongTimeReferenceSetting {
  params: { delta: number; rho: number; sigma: number; alpha: number; prior: TeacherPriorSpec };
  d: number;
  seeds: number;
  genError: ReferenceStat;
  l1Norm: ReferenceStat;
  rate: ReferenceStat;
  dlnVersion: string;
  seconds: number;
}

/**
 * The long-time reference settings by name: lazy (alpha 1), rich (alpha 0.1), sparse (alpha 0.03) at d = 4000 (6, 6 and
 * 12 data sets; delta 0.5, rho 0.1); the many-data-set studies of the same settings at smaller d (rich-d1000: 300,
 * rich-d2000: 50, sparse-d250: 3000, sparse-d500: 1500, sparse-d1000: 1500, sparse-d2000: 200 data sets), which see a
 * few per cent and the finite-size shift; and the trade-off figure's other settings, tradeoff-delta…-rho…-sigma…-alpha…
 * (delta 0.3, rho 0.05, sigma 0 and delta 0.5, rho 0.1, sigma 0.2; alpha 0.03, 0.1, 0.3, 1) at d = 2000, 10 data sets each.
 */
export function longTimeReference(): Record<string, LongTimeReferenceSetting> {
  return (longTime as unknown as { settings: Record<string, LongTimeReferenceSetting> }).settings;
}
