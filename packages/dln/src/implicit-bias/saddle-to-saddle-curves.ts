import {
  assertFiniteArray,
  assertNonNegative,
  assertPositiveInteger,
  invalidArgument,
} from "@meanfield/linalg";
import { createDlnData } from "../data.js";
import { type DlnParams, validateDlnParams } from "../params.js";
import { seedOf } from "../seeds.js";
import { saddleToSaddle } from "./saddle-to-saddle.js";

/** Mean and standard error over data sets, per τ. */
export interface SeedCurve {
  mean: Float64Array;
  stdErr: Float64Array;
}

export interface SaddleToSaddleCurves {
  /** The rescaled times τ = t / ln(1/alpha) at which the curves are read. */
  tau: Float64Array;
  /** ε_gen = ‖β(τ) − w*‖²/d of the saddle occupied at τ. */
  genError: SeedCurve;
  /** Train loss ‖y − Xβ(τ)‖²/(2n) (the flow's convention). */
  trainLoss: SeedCurve;
  /** Fraction of coordinates with |β_i(τ)| > activeThreshold (default 0: the non-zeros). */
  activeFraction: SeedCurve;
  /** The same three curves per data set, and the number of jumps up to the last τ and the last jump time of each. */
  runs: {
    seed: number | string;
    genError: Float64Array;
    trainLoss: Float64Array;
    activeFraction: Float64Array;
    jumps: number;
    lastJump: number;
  }[];
  seeds: Array<number | string>;
}

/**
 * The alpha → 0 limit of the finite-size flow as curves on the rescaled clock τ = t / ln(1/alpha)
 * (theory/dmft.md, "The small-alpha limit"): dln's saddleToSaddle on S independent data sets drawn from
 * `params` (alpha and T are not used), each piecewise-constant path read on the τ grid, and the mean and
 * standard error over data sets. Data set k uses seed seedOf(params.seed, k), as `simulateSeeds` does,
 * so the same seeds give the same data sets as finite-alpha flows. Throws when a path does not reach a
 * stationary point of the loss.
 */
export function saddleToSaddleCurves(
  params: Omit<DlnParams, "alpha" | "T"> & { alpha?: number; T?: number },
  options: {
    seeds: number | Array<number | string>;
    tau: ArrayLike<number>;
    /** |β_i| above which a coordinate counts as active (default 0: the non-zeros). */
    activeThreshold?: number;
    onProgress?: (done: number, total: number) => unknown;
  },
): SaddleToSaddleCurves {
  const tau = Float64Array.from(assertFiniteArray(Array.from(options.tau), "tau"));
  for (let k = 0; k < tau.length; k++) {
    if (tau[k] < 0 || (k > 0 && tau[k] <= tau[k - 1]))
      throw invalidArgument("tau", "increasing times ≥ 0", options.tau);
  }
  const base = validateDlnParams({ ...params, alpha: params.alpha ?? 1, T: params.T ?? 1 });
  if (base.model === "linear")
    throw invalidArgument("model", '"u2-v2" or "uv" (the linear model has no small-alpha limit)', "linear");
  const model = base.model;
  const seeds = Array.isArray(options.seeds)
    ? options.seeds.slice()
    : Array.from({ length: assertPositiveInteger(options.seeds, "seeds") }, (_, k) => seedOf(base.seed, k));
  if (seeds.length < 2)
    throw invalidArgument("seeds", "at least 2 data sets (a standard error needs two)", options.seeds);
  const threshold = assertNonNegative(options.activeThreshold ?? 0, "activeThreshold");
  const m = tau.length;
  const runs: SaddleToSaddleCurves["runs"] = [];
  for (const [k, seed] of seeds.entries()) {
    const p = validateDlnParams({ ...params, alpha: 1, T: 1, seed });
    const data = createDlnData(p);
    const wStar = data.wStar;
    if (!wStar) throw invalidArgument("params", "a teacher (no labels y given)", "labels without a teacher");
    const path = saddleToSaddle(data.X, data.y, { model, maxTau: tau[m - 1] });
    if (!path.converged)
      throw new Error(`saddle-to-saddle did not finish on data set ${seed}: ${path.message}`);
    const { d } = p;
    const n = data.y.length;
    const genError = new Float64Array(m);
    const trainLoss = new Float64Array(m);
    const activeFraction = new Float64Array(m);
    let j = 0;
    for (let q = 0; q < m; q++) {
      while (j + 1 < path.jumpTimes.length && path.jumpTimes[j + 1] <= tau[q]) j++;
      const beta = path.saddles[j];
      let e = 0;
      let a = 0;
      for (let i = 0; i < d; i++) {
        e += (beta[i] - wStar[i]) ** 2;
        if (Math.abs(beta[i]) > threshold) a++;
      }
      genError[q] = e / d;
      trainLoss[q] = path.losses[j] / n;
      activeFraction[q] = a / d;
    }
    const jumps = path.jumpTimes.length - 1;
    runs.push({ seed, genError, trainLoss, activeFraction, jumps, lastJump: path.jumpTimes[jumps] });
    options.onProgress?.(k + 1, seeds.length);
  }
  const stat = (key: "genError" | "trainLoss" | "activeFraction"): SeedCurve => {
    const S = runs.length;
    const mean = new Float64Array(m);
    const stdErr = new Float64Array(m);
    for (let q = 0; q < m; q++) {
      let s = 0;
      for (const r of runs) s += r[key][q];
      mean[q] = s / S;
      let v = 0;
      for (const r of runs) v += (r[key][q] - mean[q]) ** 2;
      stdErr[q] = Math.sqrt(v / (S - 1) / S);
    }
    return { mean, stdErr };
  };
  return {
    tau,
    genError: stat("genError"),
    trainLoss: stat("trainLoss"),
    activeFraction: stat("activeFraction"),
    runs,
    seeds,
  };
}
