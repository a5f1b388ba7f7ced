import type { TeacherPriorSpec } from "./prior.js";
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

/** The reference settings by name (lazy, rich, small-alpha, noisy-delta2, delta4, rademacher, noiseless-delta2). */
export function referenceCurves(): Record<string, ReferenceSetting> {
  return (data as { settings: Record<string, ReferenceSetting> }).settings;
}
