import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import {
  assertFiniteArray,
  assertInRange,
  assertInteger,
  assertPositive,
  assertPositiveInteger,
  createMatrix,
  createRng,
  type DenseMatrix,
  invalidArgument,
  MeanfieldError,
} from "@meanfield/linalg";
import { combineCurves, nonIncreasing } from "./error-estimate.js";
import type { DmftChange } from "./fixed-point-stage.js";
import { resolveMobility } from "./mobility.js";
import { type DmftParams, validateDmftParams } from "./params.js";
import { sampleTeacherValues } from "./prior.js";
import type { ReplicaStage } from "./replica.js";
import { type ReplicaTask, type ReplicaTaskResult, runReplicaTask } from "./replica-task.js";
import { bdf2Coefficients, dmftTimeGrid, subGrid } from "./time-grid.js";

export type { DmftChange } from "./fixed-point-stage.js";

/** Per-iteration report passed to `onProgress`; return false from the callback to cancel. */
export interface DmftProgress {
  /** Replica being solved (0-based) and their number. */
  replica: number;
  replicas: number;
  /** Stage (grid) within the replica, coarsest first. */
  stage: number;
  stages: number;
  gridPoints: number;
  iteration: number;
  /** Relative changes of the four two-time functions in this iteration (fixed-point-stage.ts). */
  change: DmftChange;
  residual: number;
  elapsedMs: number;
}

export interface DmftOptions {
  /** Number of grid steps M (M + 1 time points), even. Default 120. */
  gridPoints?: number;
  /** End of the uniform part of the default grid (geometric after). Default min(1, T, 5/(F(0)(1+√delta)²)). */
  tUniform?: number;
  /** A custom grid: increasing, starting at 0, ending at T, with an odd number of points (overrides gridPoints/tUniform). */
  grid?: Float64Array | number[];
  /** Monte Carlo samples of the parameter process, over all replicas. Default 8000. */
  samples?: number;
  /** Samples (over all replicas) that also propagate tangent dynamics for R_w. Default: all. */
  responseSamples?: number;
  /** Independent Monte Carlo replicas (their spread gives the standard errors). Default 4. */
  replicas?: number;
  /** Seed of every random draw. Default 0. */
  seed?: number | string;
  /** Damping: new = (1 − damping)·map + damping·old (linalg fixedPoint convention). Default 0. */
  damping?: number;
  /** Anderson-acceleration memory (0 = plain damped iteration). Default 0. */
  anderson?: number;
  /** Aitken extrapolation of the plain iteration along its slowest mode (fixed-point-stage.ts). Default true. */
  extrapolate?: boolean;
  /** Tolerance on the estimated fixed-point error (relative, per time). Default 1e-3. */
  tol?: number;
  /** Iteration cap per stage. Default 300. */
  maxIterations?: number;
  /**
   * Requested accuracy: the solve is `converged` only if, at every time, the estimated total error
   * √(stdErr² + discretisationError²) of ε_gen is ≤ rtol·ε_gen, and that of the train loss is
   * ≤ rtol·ℓ_train wherever ℓ_train ≥ lossFloor·ℓ_train(0). Default 0.1 (figures).
   */
  rtol?: number;
  /** Relative train-loss level below which accuracy is not required (reported as unresolved). Default 1e-4. */
  lossFloor?: number;
  /** Estimate the discretisation error from a half-grid solve of every replica. Default true. */
  discretisationError?: boolean;
  /**
   * Start each replica on the quarter grid, a warm start only (its fixed point is not reported and
   * need not converge; if it breaks down the half grid starts cold). Default true: measured on the
   * bench setting it cuts the half grid's iterations from 73 to 18 and the solve's work by ≈ 25 %
   * at the same answer (theory/dmft-numerics.md, "Fixed-point iteration").
   */
  coarseToFine?: boolean;
  /**
   * Growing time windows for the cold-started first grid of each replica (replica.ts): a cold start
   * on the whole range can diverge (coordinates grow without the memory that stops them), one on a
   * short window cannot. Default 3.
   */
  windows?: number;
  /** A previous result (solved with twoTime: true) to start from, interpolated onto the new grid. */
  warmStart?: DmftResult;
  /** Moment matching of the Gaussian inputs (see noise-paths.ts). Default true. */
  momentMatching?: boolean;
  /** |w| above which a coordinate counts as active (incremental learning). Default 0.1. */
  activeThreshold?: number;
  /** Return the two-time functions (means over replicas). Default false. */
  twoTime?: boolean;
  /** Return a non-converged result (converged: false) instead of throwing NOT_CONVERGED. */
  allowNonConverged?: boolean;
  onProgress?: (p: DmftProgress) => boolean | undefined;
  signal?: AbortSignal;
}

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
  /** max over t of the estimated total relative error of ε_gen. */
  genErrorRelError: number;
  /** max over the resolved times of the estimated total relative error of the train loss. */
  trainLossRelError: number;
  /** max over t of the estimated fixed-point error over replicas and stages (relative). */
  fixedPointError: number;
  rtol: number;
  lossFloor: number;
}

export interface DmftResult {
  params: DmftParams;
  seed: string;
  /** Time grid t_0 = 0 … t_M = T. */
  t: Float64Array;
  /** ℓ_train(t) = ½ C_r(t, t), mean over replicas, projected onto non-increasing curves. */
  trainLoss: Float64Array;
  /** Standard error of trainLoss (Monte Carlo, over replicas). */
  trainLossStdErr: Float64Array;
  /** Estimated discretisation error of trainLoss (Richardson, signed). */
  trainLossDiscError: Float64Array;
  /**
   * 1 where the train loss is resolved: above lossFloor·ℓ_train(0) and above twice its estimated
   * error; 0 where it is below what the solve resolves (report it as an upper bound there).
   */
  trainLossResolved: Uint8Array;
  /** ε_gen(t) = C_Δ(t, t), mean over replicas. */
  genError: Float64Array;
  genErrorStdErr: Float64Array;
  genErrorDiscError: Float64Array;
  /** ‖w(t)‖₁/d = E|w(t)|, mean over replicas. */
  meanAbsW: Float64Array;
  meanAbsWStdErr: Float64Array;
  meanAbsWDiscError: Float64Array;
  /** ‖w(t)‖₂²/d = E[w(t)²], mean over replicas. */
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

/**
 * End of the uniform part of the default grid: min(1, T, 5/(F(0)(1 + √delta)²)), so that the
 * fastest lazy-phase timescale 1/(F(0) λ_max) (λ_max the Marchenko–Pastur edge) spans several
 * uniform steps even for large alpha (F(0) = 8 alpha² for the DLN).
 */
function defaultTUniform(p: { T: number; delta: number }, mobility: { dwdphi(phi: number): number }): number {
  const lamMax = (1 + Math.sqrt(p.delta)) ** 2;
  return Math.min(1, p.T, 5 / (mobility.dwdphi(0) * lamMax));
}

/** Largest relative step Δt/t over the geometric part of a grid (where steps grow). */
function geometricStep(t: Float64Array): number {
  let m = 0;
  for (let k = 2; k < t.length; k++) {
    const h = t[k] - t[k - 1];
    if (h > 1.0001 * (t[k - 1] - t[k - 2])) m = Math.max(m, h / t[k - 1]);
  }
  return m;
}

function checkCancel(options: DmftOptions): void {
  if (options.signal?.aborted) throw new MeanfieldError("CANCELLED", "solveDmft was cancelled (AbortSignal)");
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

/**
 * Solves the DMFT effective process by fixed-point iteration over (C_Δ, R_w) in R independent
 * Monte Carlo replicas, each on the final grid and on its half grid, and reports the mean curves
 * with their Monte Carlo standard errors and discretisation-error estimates. Theory:
 * apps/docs/docs/theory/dmft-numerics.md.
 *
 * Throws NOT_CONVERGED (with the flagged result in `details.result`) unless
 * `allowNonConverged: true` when a fixed point did not converge or the estimated error exceeds
 * `rtol`; CANCELLED on cancellation; INVALID_ARGUMENT on bad input.
 */
export function solveDmft(params: DmftParams, options: DmftOptions = {}): DmftResult {
  const prep = prepareSolve(params, options);
  const replicas: ReplicaStage[][] = [];
  for (let r = 0; r < prep.R; r++) {
    checkCancel(options);
    const task = prep.task(r);
    const out = runReplicaTask(task, (stage, gridPoints, iteration, change, residual) => {
      checkCancel(options);
      if (options.onProgress) {
        const ret = options.onProgress({
          replica: r,
          replicas: prep.R,
          stage,
          stages: task.grids.length,
          gridPoints,
          iteration,
          change,
          residual,
          elapsedMs: performance.now() - prep.start,
        });
        if (ret === false) throw new MeanfieldError("CANCELLED", "solveDmft was cancelled by onProgress");
      }
    });
    addTiming(prep.timing, out.timing);
    replicas.push(out.stages);
  }
  return assemble(params, options, { ...prep.assemble, replicas });
}

/** Replica progress of solveDmftParallel (one report per finished replica). */
export interface DmftReplicaProgress {
  completed: number;
  replicas: number;
  elapsedMs: number;
}

/**
 * solveDmft with the replicas spread over worker threads (`workers`, default: the machine's
 * parallelism). Each replica depends only on the seed and its index, so the result is identical,
 * bit for bit, to the serial solveDmft for any number of workers (tested). Needs a built-in prior
 * and mobility (functions cannot cross to a worker; custom ones run serially), and reports
 * progress per finished replica.
 */
export async function solveDmftParallel(
  params: DmftParams,
  options: Omit<DmftOptions, "onProgress"> & {
    workers?: number;
    onReplica?: (p: DmftReplicaProgress) => void;
  } = {},
): Promise<DmftResult> {
  const { workers: w, onReplica, ...rest } = options;
  const custom = typeof params.prior === "object" || typeof params.mobility === "object";
  const prep = prepareSolve(params, rest);
  const workers = Math.min(prep.R, w === undefined ? availableParallelism() : assertInteger(w, "workers", 0));
  const file = workers > 1 && !custom ? replicaWorkerFile() : undefined;
  let outs: ReplicaTaskResult[];
  if (!file) {
    outs = [];
    for (let r = 0; r < prep.R; r++) {
      checkCancel(rest);
      outs.push(runReplicaTask(prep.task(r)));
      onReplica?.({ completed: r + 1, replicas: prep.R, elapsedMs: performance.now() - prep.start });
    }
  } else {
    const { Tinypool } = await import("tinypool");
    const pool = new Tinypool({ filename: file, minThreads: workers, maxThreads: workers });
    let completed = 0;
    try {
      outs = await Promise.all(
        Array.from({ length: prep.R }, async (_, r) => {
          const out = (await pool.run(
            prep.task(r),
            rest.signal ? { signal: rest.signal } : {},
          )) as ReplicaTaskResult;
          completed++;
          onReplica?.({ completed, replicas: prep.R, elapsedMs: performance.now() - prep.start });
          return out;
        }),
      );
    } catch (e) {
      if (rest.signal?.aborted)
        throw new MeanfieldError("CANCELLED", "solveDmft was cancelled (AbortSignal)");
      throw e;
    } finally {
      await pool.destroy();
    }
  }
  for (const o of outs) addTiming(prep.timing, o.timing);
  return assemble(params, rest, { ...prep.assemble, replicas: outs.map((o) => o.stages) });
}

function replicaWorkerFile(): string | undefined {
  for (const rel of ["./replica-worker.js", "../dist/replica-worker.js"]) {
    try {
      const path = fileURLToPath(new URL(rel, import.meta.url));
      if (existsSync(path)) return path;
    } catch {
      // import.meta.url unavailable: serial
    }
  }
  return undefined;
}

function addTiming(total: DmftTiming, t: ReplicaTaskResult["timing"]): void {
  total.setupMs += t.setupMs;
  total.monteCarloMs += t.monteCarloMs;
  total.responsesMs += t.responsesMs;
  total.volterraMs += t.volterraMs;
  total.choleskyMs += t.choleskyMs;
}

/** Validates everything and lays out the replicas' tasks (plain data, shared by both paths). */
function prepareSolve(params: DmftParams, options: DmftOptions) {
  const p = validateDmftParams(params);
  const start = performance.now();
  const mobility = resolveMobility(p.mobility, p.alpha);
  // validates the prior (name, rho) here rather than inside a replica, which may run on a worker
  if (typeof p.prior !== "object")
    sampleTeacherValues(p.prior ?? "bernoulliGaussian", p.rho, 0, createRng(0));
  const R = assertPositiveInteger(options.replicas ?? 4, "replicas");
  const N = assertPositiveInteger(options.samples ?? 8000, "samples");
  const Nr = Math.ceil(N / R);
  if (Nr < 2) throw invalidArgument("samples", `≥ 2 per replica (${R} replicas)`, N);
  const keepTotal = assertPositiveInteger(options.responseSamples ?? N, "responseSamples");
  if (keepTotal > N) throw invalidArgument("responseSamples", `an integer ≤ samples (${N})`, keepTotal);
  const keep = Math.max(1, Math.min(Nr, Math.ceil(keepTotal / R)));
  const damping = assertInRange(options.damping ?? 0, "damping", 0, 1, { upperOpen: true });
  const anderson = assertInteger(options.anderson ?? 0, "anderson", 0);
  const tol = assertPositive(options.tol ?? 1e-3, "tol");
  const maxIterations = assertPositiveInteger(options.maxIterations ?? 300, "maxIterations");
  const rtol = assertPositive(options.rtol ?? 0.1, "rtol");
  const lossFloor = assertInRange(options.lossFloor ?? 1e-4, "lossFloor", 0, 1);
  const activeThreshold = assertPositive(options.activeThreshold ?? 0.1, "activeThreshold");
  const withDisc = options.discretisationError ?? true;
  const windows = assertPositiveInteger(options.windows ?? 3, "windows");
  const seed = options.seed ?? 0;

  let grid: Float64Array;
  if (options.grid !== undefined) {
    grid = assertFiniteArray(options.grid, "grid");
    if (grid.length < 3 || grid[0] !== 0)
      throw invalidArgument("grid", "≥ 3 increasing times starting at 0", grid);
    if (Math.abs(grid[grid.length - 1] - p.T) > 1e-12 * p.T)
      throw invalidArgument("grid", `a grid ending at T = ${p.T}`, grid);
    if (withDisc && (grid.length - 1) % 2 !== 0)
      throw invalidArgument(
        "grid",
        "an odd number of points (an even number of steps, for the half-grid error estimate)",
        grid.length,
      );
  } else {
    const M = assertInteger(options.gridPoints ?? 120, "gridPoints", 8);
    if (withDisc && M % 2 !== 0)
      throw invalidArgument(
        "gridPoints",
        "an even integer ≥ 8 (the half grid estimates the discretisation error)",
        M,
      );
    const tU = assertPositive(options.tUniform ?? defaultTUniform(p, mobility), "tUniform");
    grid = dmftTimeGrid(p.T, M, tU);
  }
  const Mfinal = grid.length - 1;
  if (options.grid === undefined && geometricStep(grid) > 0.3) {
    // the geometric part must resolve every decade: relative steps Δt/t ≤ 0.3 (its half grid, which
    // estimates the discretisation error, then has ≤ 0.69)
    const tU = options.tUniform ?? defaultTUniform(p, mobility);
    let need = Mfinal + 2;
    while (need < 100_000 && geometricStep(dmftTimeGrid(p.T, need, tU)) > 0.3) need += 2;
    throw invalidArgument(
      "gridPoints",
      `enough steps for T = ${p.T} (relative steps reach ${geometricStep(grid).toFixed(2)} > 0.3): at least ${need}`,
      Mfinal,
    );
  }
  if (options.momentMatching !== false && Nr <= Mfinal + 2)
    throw invalidArgument(
      "samples",
      `more than ${R}·(gridPoints + 2) = ${R * (Mfinal + 2)} (each replica's samples must exceed the grid size for moment matching)`,
      N,
    );

  // Grids per replica, coarsest first: [quarter], half, final (sub-grids of the final grid).
  const grids: Float64Array[] = [];
  const half = withDisc ? subGrid(grid, 2) : undefined;
  const c2f = (options.coarseToFine ?? true) && options.warmStart === undefined;
  if (c2f && Mfinal % 4 === 0) grids.push(subGrid(grid, 4));
  else if (c2f && !half && Mfinal % 2 === 0) grids.push(subGrid(grid, 2));
  if (half) grids.push(half);
  grids.push(grid);

  let warm: { t: Float64Array; gamma: Float64Array; cDelta: Float64Array; rW: Float64Array } | undefined;
  if (options.warmStart !== undefined) {
    const ws = options.warmStart;
    if (!ws.twoTime) throw invalidArgument("warmStart", "a DmftResult computed with twoTime: true", ws);
    warm = { t: ws.t, gamma: ws.twoTime.gamma, cDelta: ws.twoTime.cDelta.data, rW: ws.twoTime.rW.data };
  }

  const timing: DmftTiming = {
    setupMs: 0,
    monteCarloMs: 0,
    responsesMs: 0,
    volterraMs: 0,
    choleskyMs: 0,
    totalMs: 0,
  };
  const task = (r: number): ReplicaTask => ({
    params: { ...p },
    grids,
    reported: withDisc ? 2 : 1,
    samples: Nr,
    responses: keep,
    seed: String(seed),
    replica: r,
    momentMatching: options.momentMatching ?? true,
    damping,
    anderson,
    extrapolate: options.extrapolate ?? true,
    tol,
    floor: Math.max(lossFloor, 1e-10),
    maxIterations,
    activeThreshold,
    warm,
    windows,
  });
  return {
    R,
    start,
    timing,
    task,
    assemble: {
      grid,
      withDisc,
      timing,
      start,
      seed,
      N,
      keepTotal: keep * R,
      rtol,
      lossFloor,
      activeThreshold,
      tol,
      maxIterations,
    },
  };
}

interface AssembleInput {
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
  activeThreshold: number;
  tol: number;
  maxIterations: number;
}

function assemble(params: DmftParams, options: DmftOptions, a: AssembleInput): DmftResult {
  const n1 = a.grid.length;
  const R = a.replicas.length;
  const finals = a.replicas.map((st) => st[st.length - 1]);
  const halves = a.withDisc ? a.replicas.map((st) => st[st.length - 2]) : undefined;
  const nh = halves ? halves[0].t.length : 0;
  const gen = combineCurves(
    finals.map((f) => diagonal(f.cDelta, n1)),
    halves?.map((h) => diagonal(h.cDelta, nh)),
  );
  const train = combineCurves(
    finals.map((f) => diagonal(f.cR, n1, 0.5)),
    halves?.map((h) => diagonal(h.cR, nh, 0.5)),
  );
  const total = (se: number, disc: number) => Math.sqrt((Number.isFinite(se) ? se * se : 0) + disc * disc);
  const trainErr = new Float64Array(n1);
  for (let k = 0; k < n1; k++) trainErr[k] = total(train.stdErr[k], train.discretisationError[k]);
  const trainLoss = nonIncreasing(train.mean, trainErr);
  const l0 = trainLoss[0];
  const trainLossResolved = new Uint8Array(n1);
  let genRel = 0;
  let trainRel = 0;
  for (let k = 0; k < n1; k++) {
    const eg = total(gen.stdErr[k], gen.discretisationError[k]);
    genRel = Math.max(genRel, eg / Math.max(gen.mean[k], 1e-300));
    const above = trainLoss[k] >= a.lossFloor * l0;
    trainLossResolved[k] = above && trainLoss[k] > 2 * trainErr[k] ? 1 : 0;
    if (above) trainRel = Math.max(trainRel, trainErr[k] / Math.max(trainLoss[k], 1e-300));
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
    message = `converged: estimated relative error ≤ ${(100 * Math.max(genRel, trainRel)).toFixed(2)} % (ε_gen ${(100 * genRel).toFixed(2)} %, train loss ${(100 * trainRel).toFixed(2)} % down to ${a.lossFloor} of its start), fixed-point error ${fixedPointError.toExponential(1)}`;
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
    t: a.grid,
    trainLoss,
    trainLossStdErr: train.stdErr,
    trainLossDiscError: train.discretisationError,
    trainLossResolved,
    genError: gen.mean,
    genErrorStdErr: gen.stdErr,
    genErrorDiscError: gen.discretisationError,
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
      rtol: a.rtol,
      lossFloor: a.lossFloor,
    },
    iterations: finals.reduce((s, f) => s + f.iterations, 0),
    change: worst.change,
    residual: lastResidual,
    samples: a.N,
    responseSamples: a.keepTotal,
    replicas: R,
    gridPoints: n1 - 1,
    stages,
    timing: a.timing,
    wallTimeMs: a.timing.totalMs,
    message,
  };
  if (options.twoTime) {
    result.twoTime = {
      cDelta: createMatrix(n1, n1, meanMatrix(finals.map((f) => f.cDelta))),
      rW: createMatrix(n1, n1, meanMatrix(finals.map((f) => f.rW))),
      cR: createMatrix(n1, n1, meanMatrix(finals.map((f) => f.cR))),
      rR: createMatrix(n1, n1, meanMatrix(finals.map((f) => f.rR))),
      gamma: bdf2Coefficients(a.grid).gamma,
    };
  }
  if (!result.converged && !options.allowNonConverged) {
    throw new MeanfieldError("NOT_CONVERGED", `solveDmft: ${result.message}`, { details: { result } });
  }
  return result;
}
