import { createMatrix, type DenseMatrix, MeanfieldError } from "@meanfield/linalg";
import type { DmftOptions } from "./dmft-options.js";
import { combineCurves, nonIncreasing } from "./error-estimate.js";
import type { DmftChange } from "./fixed-point-stage.js";
import type { DmftParams } from "./params.js";
import type { ReplicaStage } from "./replica.js";
import type { ReplicaTaskResult } from "./replica-task.js";
import { bdf2Coefficients } from "./time-grid.js";
import { versions } from "./version.js";

/**
 * The result of a DMFT solve and its assembly from the replicas' stages: replica means, standard
 * errors (error-estimate.ts), the half-grid discretisation estimate, the accuracy verdict.
 */

export interface DmftTwoTime {
  /** C_Δ(t_k, t_l). */
  cDelta: DenseMatrix;
  /** Discrete response kernel R_w[k, j] (per grid step; R_w(t_k, t_j) ≈ R_w[k, j] / gamma_j). */
  rW: DenseMatrix;
  /** C_r(t_k, t_l). */
  cR: DenseMatrix;
  /** Discrete R_r = −(I + R_w)⁻¹ (diagonal ≈ −1: the instantaneous part). */
  rR: DenseMatrix;
  /** BDF2 weights gamma_j. */
  gamma: Float64Array;
}

export interface DmftTiming {
  setupMs: number;
  monteCarloMs: number;
  responsesMs: number;
  volterraMs: number;
  choleskyMs: number;
  totalMs: number;
}

/** The accuracy a solve reached, as estimated from its replicas and its half-grid partner. */
export interface DmftAccuracy {
  /** max over the times where ε_gen ≥ lossFloor·ε_gen(0) of the estimated total relative error of ε_gen. */
  genErrorRelError: number;
  /** max over the resolved times of the estimated total relative error of the train loss. */
  trainLossRelError: number;
  /** max over t of the estimated fixed-point error over replicas and stages (relative). */
  fixedPointError: number;
  /** The tolerance the fixed points were solved to (default min(3e-3, rtol/30)). */
  tol: number;
  rtol: number;
  lossFloor: number;
  /** The level (relative to the start) down to which the train loss may be reported as resolved. */
  resolveFloor: number;
  /**
   * The smallest train loss, relative to its start, at a resolved time (1 when none below the start):
   * how deep the solve resolves it.
   */
  resolvedDownTo: number;
  /** max over the resolved times below lossFloor of the estimated total relative error of the train loss (0 if none). */
  trainLossRelErrorDeep: number;
}

export interface DmftResult {
  params: DmftParams;
  seed: string;
  /** The @meanfield package versions it was computed with (`versions()`: linalg, dln, dmft). */
  versions: Record<string, string>;
  /** Time grid t_0 = 0 … t_M = T (the name of dln's flow results and of the CLI's JSON). */
  times: Float64Array;
  /** @deprecated The same array as `times`. */
  t: Float64Array;
  /** ℓ_train(t) = ½ C_r(t, t), mean over replicas, projected onto non-increasing curves. */
  trainLoss: Float64Array;
  /** Standard error of trainLoss (Monte Carlo, over replicas). */
  trainLossStdErr: Float64Array;
  /** Estimated discretisation error of trainLoss (Richardson, signed). */
  trainLossDiscError: Float64Array;
  /**
   * 1 where the train loss is resolved: above resolveFloor·ℓ_train(0) (default 1e-8) and above
   * twice its estimated error; 0 where it is below what the solve resolves (report it as an upper
   * bound there).
   */
  trainLossResolved: Uint8Array;
  /** ε_gen(t) = C_Δ(t, t), mean over replicas. */
  genError: Float64Array;
  genErrorStdErr: Float64Array;
  genErrorDiscError: Float64Array;
  /** ‖w(t)‖₁/d = E|w(t)|, mean over replicas (dln's metric of the same name). */
  l1Norm: Float64Array;
  l1NormStdErr: Float64Array;
  l1NormDiscError: Float64Array;
  /** @deprecated The same arrays as l1Norm, l1NormStdErr, l1NormDiscError. */
  meanAbsW: Float64Array;
  meanAbsWStdErr: Float64Array;
  meanAbsWDiscError: Float64Array;
  /** ‖w(t)‖₂²/d = E[w(t)²], mean over replicas (dln's metric of the same name). */
  l2NormSq: Float64Array;
  l2NormSqStdErr: Float64Array;
  l2NormSqDiscError: Float64Array;
  /** @deprecated The same arrays as l2NormSq, l2NormSqStdErr, l2NormSqDiscError. */
  meanSquareW: Float64Array;
  meanSquareWStdErr: Float64Array;
  meanSquareWDiscError: Float64Array;
  /** Fraction of coordinates with |w(t)| > activeThreshold, mean over replicas. */
  activeFraction: Float64Array;
  activeFractionStdErr: Float64Array;
  activeFractionDiscError: Float64Array;
  activeThreshold: number;
  twoTime?: DmftTwoTime;
  /** True when every fixed point converged and the estimated errors are within rtol (see `accuracy`). */
  converged: boolean;
  accuracy: DmftAccuracy;
  /** Iterations of the final stage, summed over replicas (all stages in `stages`). */
  iterations: number;
  change: DmftChange;
  /** Largest final residual over replicas. */
  residual: number;
  samples: number;
  responseSamples: number;
  replicas: number;
  gridPoints: number;
  stages: {
    replica: number;
    gridPoints: number;
    iterations: number;
    residual: number;
    contraction: number;
    converged: boolean;
    /** The residual of every iteration of this replica on this grid. */
    residuals: number[];
  }[];
  timing: DmftTiming;
  wallTimeMs: number;
  message: string;
}

function diagonal(A: Float64Array, n: number, scale = 1): Float64Array {
  const d = new Float64Array(n);
  for (let k = 0; k < n; k++) d[k] = scale * A[k * n + k];
  return d;
}

function meanMatrix(list: Float64Array[]): Float64Array {
  const out = new Float64Array(list[0].length);
  for (const a of list) for (let i = 0; i < a.length; i++) out[i] += a[i];
  for (let i = 0; i < out.length; i++) out[i] /= list.length;
  return out;
}

export function addTiming(total: DmftTiming, t: ReplicaTaskResult["timing"]): void {
  total.setupMs += t.setupMs;
  total.monteCarloMs += t.monteCarloMs;
  total.responsesMs += t.responsesMs;
  total.volterraMs += t.volterraMs;
  total.choleskyMs += t.choleskyMs;
}

export interface AssembleInput {
  grid: Float64Array;
  replicas: ReplicaStage[][];
  withDisc: boolean;
  timing: DmftTiming;
  start: number;
  seed: number | string;
  N: number;
  keepTotal: number;
  rtol: number;
  lossFloor: number;
  resolveFloor: number;
  activeThreshold: number;
  tol: number;
  maxIterations: number;
}

export function assemble(params: DmftParams, options: DmftOptions, a: AssembleInput): DmftResult {
  const timePoints = a.grid.length;
  const R = a.replicas.length;
  const finals = a.replicas.map((st) => st[st.length - 1]);
  const halves = a.withDisc ? a.replicas.map((st) => st[st.length - 2]) : undefined;
  const nh = halves ? halves[0].t.length : 0;
  const gen = combineCurves(
    finals.map((f) => diagonal(f.cDelta, timePoints)),
    halves?.map((h) => diagonal(h.cDelta, nh)),
  );
  const train = combineCurves(
    finals.map((f) => diagonal(f.cR, timePoints, 0.5)),
    halves?.map((h) => diagonal(h.cR, nh, 0.5)),
  );
  const total = (se: number, disc: number) => Math.sqrt((Number.isFinite(se) ? se * se : 0) + disc * disc);
  const trainErr = new Float64Array(timePoints);
  for (let k = 0; k < timePoints; k++) trainErr[k] = total(train.stdErr[k], train.discretisationError[k]);
  const trainLoss = nonIncreasing(train.mean, trainErr);
  const l0 = trainLoss[0];
  const trainLossResolved = new Uint8Array(timePoints);
  let genRel = 0;
  let trainRel = 0;
  let trainRelDeep = 0;
  let resolvedDownTo = 1;
  for (let k = 0; k < timePoints; k++) {
    // ε_gen → 0 where the teacher is recovered exactly (delta > 1 or a sparse teacher, sigma = 0): its
    // relative accuracy is required down to lossFloor of its start, as the train loss's
    const eg = total(gen.stdErr[k], gen.discretisationError[k]);
    if (gen.mean[k] >= a.lossFloor * gen.mean[0])
      genRel = Math.max(genRel, eg / Math.max(gen.mean[k], 1e-300));
    const rel = trainErr[k] / Math.max(trainLoss[k], 1e-300);
    const above = trainLoss[k] >= a.lossFloor * l0;
    trainLossResolved[k] = trainLoss[k] >= a.resolveFloor * l0 && trainLoss[k] > 2 * trainErr[k] ? 1 : 0;
    if (above) trainRel = Math.max(trainRel, rel);
    if (trainLossResolved[k] === 1) {
      resolvedDownTo = Math.min(resolvedDownTo, trainLoss[k] / l0);
      if (!above) trainRelDeep = Math.max(trainRelDeep, rel);
    }
  }
  let fixedPointError = 0;
  let fixedPointOk = true;
  const stages: DmftResult["stages"] = [];
  a.replicas.forEach((st, r) => {
    for (const s of st) {
      stages.push({
        replica: r,
        gridPoints: s.t.length - 1,
        iterations: s.iterations,
        residual: s.residual,
        contraction: s.contraction,
        converged: s.converged,
        residuals: s.residuals,
      });
    }
    // the reported grids (final and half) must be at their fixed points
    for (const s of a.withDisc ? st.slice(-2) : st.slice(-1)) {
      fixedPointError = Math.max(fixedPointError, s.errorEstimate);
      if (!s.converged) fixedPointOk = false;
    }
  });
  const singleReplica = R < 2;
  const accurate = !singleReplica && genRel <= a.rtol && trainRel <= a.rtol;
  const converged = fixedPointOk && accurate;
  let message: string;
  if (!fixedPointOk) {
    message = `not converged: a fixed point did not reach tol ${a.tol} (estimated error ${fixedPointError.toExponential(2)}) within maxIterations ${a.maxIterations}; raise maxIterations or damping`;
  } else if (singleReplica) {
    message = "not converged: one replica gives no Monte Carlo error estimate; use replicas ≥ 2";
  } else if (!accurate) {
    const parts: string[] = [];
    if (genRel > a.rtol) parts.push(`ε_gen ${(100 * genRel).toFixed(1)} %`);
    if (trainRel > a.rtol) parts.push(`train loss ${(100 * trainRel).toFixed(1)} %`);
    message = `not converged: estimated relative error ${parts.join(", ")} > rtol ${a.rtol}; raise samples (Monte Carlo error) or gridPoints (discretisation error)`;
  } else {
    message = `converged: estimated relative error ≤ ${(100 * Math.max(genRel, trainRel)).toFixed(2)} % (ε_gen ${(100 * genRel).toFixed(2)} %, train loss ${(100 * trainRel).toFixed(2)} % down to ${a.lossFloor} of its start), fixed-point error ${fixedPointError.toExponential(1)}; train loss resolved down to ${resolvedDownTo.toExponential(1)} of its start${trainRelDeep > 0 ? ` (error ≤ ${(100 * trainRelDeep).toFixed(1)} % below ${a.lossFloor})` : ""}`;
  }
  const one = (key: "meanAbsW" | "meanSquareW" | "activeFraction") =>
    combineCurves(
      finals.map((f) => f[key]),
      halves?.map((h) => h[key]),
    );
  const absW = one("meanAbsW");
  const sqW = one("meanSquareW");
  const active = one("activeFraction");
  const lastResidual = Math.max(...finals.map((f) => f.residual));
  const worst = finals.reduce((x, y) => (y.residual > x.residual ? y : x));
  a.timing.totalMs = performance.now() - a.start;
  const result: DmftResult = {
    params: { ...params },
    seed: String(a.seed),
    versions: versions(),
    times: a.grid,
    t: a.grid,
    trainLoss,
    trainLossStdErr: train.stdErr,
    trainLossDiscError: train.discretisationError,
    trainLossResolved,
    genError: gen.mean,
    genErrorStdErr: gen.stdErr,
    genErrorDiscError: gen.discretisationError,
    l1Norm: absW.mean,
    l1NormStdErr: absW.stdErr,
    l1NormDiscError: absW.discretisationError,
    l2NormSq: sqW.mean,
    l2NormSqStdErr: sqW.stdErr,
    l2NormSqDiscError: sqW.discretisationError,
    meanAbsW: absW.mean,
    meanAbsWStdErr: absW.stdErr,
    meanAbsWDiscError: absW.discretisationError,
    meanSquareW: sqW.mean,
    meanSquareWStdErr: sqW.stdErr,
    meanSquareWDiscError: sqW.discretisationError,
    activeFraction: active.mean,
    activeFractionStdErr: active.stdErr,
    activeFractionDiscError: active.discretisationError,
    activeThreshold: a.activeThreshold,
    converged,
    accuracy: {
      genErrorRelError: genRel,
      trainLossRelError: trainRel,
      fixedPointError,
      tol: a.tol,
      rtol: a.rtol,
      lossFloor: a.lossFloor,
      resolveFloor: a.resolveFloor,
      resolvedDownTo,
      trainLossRelErrorDeep: trainRelDeep,
    },
    iterations: finals.reduce((s, f) => s + f.iterations, 0),
    change: worst.change,
    residual: lastResidual,
    samples: a.N,
    responseSamples: a.keepTotal,
    replicas: R,
    gridPoints: timePoints - 1,
    stages,
    timing: a.timing,
    wallTimeMs: a.timing.totalMs,
    message,
  };
  if (options.twoTime) {
    result.twoTime = {
      cDelta: createMatrix(timePoints, timePoints, meanMatrix(finals.map((f) => f.cDelta))),
      rW: createMatrix(timePoints, timePoints, meanMatrix(finals.map((f) => f.rW))),
      cR: createMatrix(timePoints, timePoints, meanMatrix(finals.map((f) => f.cR))),
      rR: createMatrix(timePoints, timePoints, meanMatrix(finals.map((f) => f.rR))),
      gamma: bdf2Coefficients(a.grid).gamma,
    };
  }
  if (!result.converged && !options.allowNonConverged) {
    throw new MeanfieldError("NOT_CONVERGED", `solveDmft: ${result.message}`, { details: { result } });
  }
  return result;
}
