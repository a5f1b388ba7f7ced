import {
  assertFiniteArray,
  assertInRange,
  assertInteger,
  assertPositive,
  assertPositiveInteger,
  cholesky,
  createMatrix,
  createRng,
  type DenseMatrix,
  fixedPoint,
  invalidArgument,
  MeanfieldError,
  symmetricEigen,
} from "@meanfield/linalg";
import { runParameterProcess, tangentResponses } from "./effective-process.js";
import { resolveMobility } from "./mobility.js";
import { noisePaths } from "./noise-paths.js";
import { type DmftParams, validateDmftParams } from "./params.js";
import { sampleTeacherValues } from "./prior.js";
import { residualCorrelation, unitPlusLowerInverse } from "./sample-process.js";
import { bdf2Coefficients, dmftTimeGrid } from "./time-grid.js";
import { interpolateTwoTime } from "./warm-start.js";

/** Per-iteration report passed to `onProgress`; return false from the callback to cancel. */
export interface DmftProgress {
  stage: number;
  stages: number;
  gridPoints: number;
  iteration: number;
  /** Relative sup-norm changes of the four two-time functions in this iteration. */
  change: DmftChange;
  residual: number;
  elapsedMs: number;
}

/** Relative sup-norm change ‖new − old‖_∞ / ‖new‖_∞ of each two-time function. */
export interface DmftChange {
  cDelta: number;
  rW: number;
  cR: number;
  rR: number;
}

export interface DmftOptions {
  /** Number of grid steps M (M + 1 time points). Default 400. */
  gridPoints?: number;
  /** End of the uniform part of the default grid (geometric after). Default min(1, T, 5/(F(0)(1+√delta)²)). */
  tUniform?: number;
  /** A custom grid: increasing, starting at 0, ending at T (overrides gridPoints/tUniform). */
  grid?: Float64Array | number[];
  /** Monte Carlo samples of the parameter process. Default 20000. */
  samples?: number;
  /** Samples (a prefix of the above) whose tangent dynamics give R_w. Default min(samples, 500). */
  responseSamples?: number;
  /** Seed of every random draw. Default 0. */
  seed?: number | string;
  /** Damping: new = (1 − damping)·map + damping·old (linalg fixedPoint convention). Default 0. */
  damping?: number;
  /**
   * Anderson-acceleration memory (0 = plain damped iteration), used on warm-started stages only
   * (from a cold start the extrapolated iterates can leave the PSD cone). Default 0: on the
   * Monte Carlo map Anderson mixing was erratic in the benchmark (18 vs 7 iterations).
   */
  anderson?: number;
  /** Convergence tolerance on the relative sup-norm change of all four functions. Default 2e-3. */
  tol?: number;
  /** Iteration cap per stage. Default 200. */
  maxIterations?: number;
  /**
   * Solve first on grids of M/4 and M/2 points and warm-start the next (default true when
   * M ≥ 160 and no warmStart is given), with samples scaled by the same factor: most iterations
   * then run on the cheap grids.
   */
  coarseToFine?: boolean;
  /** A previous result (solved with twoTime: true) to start from, interpolated onto the new grid. */
  warmStart?: DmftResult;
  /** Moment matching of the Gaussian inputs (see noise-paths.ts). Default true. */
  momentMatching?: boolean;
  /** |w| above which a coordinate counts as active (incremental learning). Default 0.1. */
  activeThreshold?: number;
  /** Return the two-time functions. Default false. */
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

export interface DmftResult {
  params: DmftParams;
  seed: string;
  /** Time grid t_0 = 0 … t_M = T. */
  t: Float64Array;
  /** ℓ_train(t) = ½ C_r(t, t). */
  trainLoss: Float64Array;
  /** ε_gen(t) = C_Δ(t, t). */
  genError: Float64Array;
  /** ‖w(t)‖₁/d = E|w(t)|. */
  meanAbsW: Float64Array;
  /** ‖w(t)‖₂²/d = E[w(t)²]. */
  meanSquareW: Float64Array;
  /** Fraction of coordinates with |w(t)| > activeThreshold. */
  activeFraction: Float64Array;
  activeThreshold: number;
  twoTime?: DmftTwoTime;
  converged: boolean;
  /** Iterations of the final stage (all stages in `stages`). */
  iterations: number;
  change: DmftChange;
  /** max of `change`. */
  residual: number;
  samples: number;
  responseSamples: number;
  gridPoints: number;
  stages: { gridPoints: number; samples: number; iterations: number; residual: number; converged: boolean }[];
  timing: DmftTiming;
  wallTimeMs: number;
  message: string;
}

interface StageState {
  t: Float64Array;
  gamma: Float64Array;
  cDelta: Float64Array;
  rW: Float64Array;
}

function nearestPsd(A: Float64Array, n: number): DenseMatrix {
  const { values, vectors } = symmetricEigen(createMatrix(n, n, A));
  const V = vectors.data;
  const out = new Float64Array(n * n);
  for (let q = 0; q < n; q++) {
    const lam = values[q];
    if (!(lam > 0)) continue;
    for (let i = 0; i < n; i++) {
      const vi = V[i * n + q] * lam;
      if (vi === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += vi * V[j * n + q];
    }
  }
  return createMatrix(n, n, out);
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

function relChange(a: Float64Array, b: Float64Array): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Math.abs(a[i] - b[i]);
    if (x > d) d = x;
    const y = Math.abs(a[i]);
    if (y > m) m = y;
  }
  return m > 0 ? d / m : d;
}

function checkCancel(options: DmftOptions): void {
  if (options.signal?.aborted) throw new MeanfieldError("CANCELLED", "solveDmft was cancelled (AbortSignal)");
}

/**
 * Solves the DMFT effective process of spec §3 by damped fixed-point iteration over (C_Δ, R_w):
 * sample process exactly (Volterra inversion on the grid), parameter process by Monte Carlo,
 * responses by tangent dynamics. See README "Numerical scheme".
 *
 * Throws NOT_CONVERGED (with the flagged result in `details.result`) unless
 * `allowNonConverged: true`, CANCELLED on cancellation, INVALID_ARGUMENT on bad input.
 */
export function solveDmft(params: DmftParams, options: DmftOptions = {}): DmftResult {
  const p = validateDmftParams(params);
  const start = performance.now();
  const mobility = resolveMobility(p.mobility, p.alpha);
  const prior = p.prior ?? "bernoulliGaussian";
  const N = assertPositiveInteger(options.samples ?? 20000, "samples");
  const keep = assertPositiveInteger(options.responseSamples ?? Math.min(N, 500), "responseSamples");
  if (keep > N) throw invalidArgument("responseSamples", `an integer ≤ samples (${N})`, keep);
  const damping = assertInRange(options.damping ?? 0, "damping", 0, 1, { upperOpen: true });
  const anderson = assertInteger(options.anderson ?? 0, "anderson", 0);
  const tol = assertPositive(options.tol ?? 2e-3, "tol");
  const maxIterations = assertPositiveInteger(options.maxIterations ?? 200, "maxIterations");
  const activeThreshold = assertPositive(options.activeThreshold ?? 0.1, "activeThreshold");
  const seed = options.seed ?? 0;

  let grid: Float64Array;
  if (options.grid !== undefined) {
    grid = assertFiniteArray(options.grid, "grid");
    if (grid.length < 3 || grid[0] !== 0)
      throw invalidArgument("grid", "≥ 3 increasing times starting at 0", grid);
    if (Math.abs(grid[grid.length - 1] - p.T) > 1e-12 * p.T)
      throw invalidArgument("grid", `a grid ending at T = ${p.T}`, grid);
  } else {
    const M = assertInteger(options.gridPoints ?? 400, "gridPoints", 4);
    const tU = assertPositive(options.tUniform ?? defaultTUniform(p, mobility), "tUniform");
    grid = dmftTimeGrid(p.T, M, tU);
  }
  const Mfinal = grid.length - 1;

  // Stages: coarse-to-fine continuation (warm starts), unless given a warm start.
  const grids: Float64Array[] = [];
  const c2f =
    options.coarseToFine ?? (options.warmStart === undefined && options.grid === undefined && Mfinal >= 160);
  if (c2f && options.grid === undefined) {
    const tU = options.tUniform ?? defaultTUniform(p, mobility);
    grids.push(dmftTimeGrid(p.T, Math.max(8, Math.round(Mfinal / 4)), tU));
    grids.push(dmftTimeGrid(p.T, Math.max(8, Math.round(Mfinal / 2)), tU));
  }
  grids.push(grid);

  // Fixed random inputs: teacher values; z per stage (drawn from forks named by the grid size).
  const rng = createRng(seed);
  const wStar = sampleTeacherValues(prior, p.rho, N, rng.fork("teacher"));
  let eWs2 = 0;
  for (let s = 0; s < N; s++) eWs2 += wStar[s] * wStar[s];
  eWs2 /= N;

  const timing: DmftTiming = {
    setupMs: 0,
    monteCarloMs: 0,
    responsesMs: 0,
    volterraMs: 0,
    choleskyMs: 0,
    totalMs: 0,
  };
  const stages: DmftResult["stages"] = [];
  let state: StageState | undefined;
  if (options.warmStart !== undefined) {
    const ws = options.warmStart;
    if (!ws.twoTime) throw invalidArgument("warmStart", "a DmftResult computed with twoTime: true", ws);
    state = { t: ws.t, gamma: ws.twoTime.gamma, cDelta: ws.twoTime.cDelta.data, rW: ws.twoTime.rW.data };
  }

  let last: ReturnType<typeof runStage> | undefined;
  for (let st = 0; st < grids.length; st++) {
    const t = grids[st];
    const M = t.length - 1;
    const n1 = M + 1;
    const coef = bdf2Coefficients(t);
    let cDelta: Float64Array;
    let rW: Float64Array;
    if (state) {
      const moved = interpolateTwoTime(state.t, state.gamma, state.cDelta, state.rW, t, coef.gamma, p.delta);
      cDelta = moved.cDelta;
      rW = moved.rW;
    } else {
      cDelta = new Float64Array(n1 * n1).fill(eWs2);
      rW = new Float64Array(n1 * n1);
    }
    // Coarse stages use proportionally fewer samples (their only job is a good starting point).
    const Ns = st === grids.length - 1 ? N : Math.max(Math.min(N, 2 * (M + 3)), Math.round((N * M) / Mfinal));
    const wS = Ns === N ? wStar : wStar.subarray(0, Ns);
    const t0 = performance.now();
    const z = noisePaths(M, Ns, wS, rng.fork(`z${M}`), options.momentMatching ?? true);
    timing.setupMs += performance.now() - t0;
    last = runStage({
      t,
      coef,
      cDelta,
      rW,
      z,
      wStar: wS,
      N: Ns,
      keep: Math.min(keep, Ns),
      delta: p.delta,
      sigma: p.sigma,
      mobility,
      damping,
      anderson,
      tol,
      maxIterations,
      activeThreshold,
      options,
      timing,
      stage: st,
      stages: grids.length,
      start,
      warm: state !== undefined,
    });
    stages.push({
      gridPoints: M,
      samples: Ns,
      iterations: last.iterations,
      residual: last.residual,
      converged: last.converged,
    });
    state = { t, gamma: coef.gamma, cDelta: last.cDelta, rW: last.rW };
  }
  if (!last || !state) throw new MeanfieldError("NOT_CONVERGED", "no stage ran");
  const M = Mfinal;
  const n1 = M + 1;
  const genError = new Float64Array(n1);
  const trainLoss = new Float64Array(n1);
  for (let k = 0; k < n1; k++) {
    genError[k] = last.cDelta[k * n1 + k];
    trainLoss[k] = 0.5 * last.cR[k * n1 + k];
  }
  timing.totalMs = performance.now() - start;
  const result: DmftResult = {
    params: { ...params },
    seed: String(seed),
    t: grid,
    trainLoss,
    genError,
    meanAbsW: last.meanAbsW,
    meanSquareW: last.meanSquareW,
    activeFraction: last.activeFraction,
    activeThreshold,
    converged: last.converged,
    iterations: last.iterations,
    change: last.change,
    residual: last.residual,
    samples: N,
    responseSamples: keep,
    gridPoints: M,
    stages,
    timing,
    wallTimeMs: timing.totalMs,
    message: last.converged
      ? `converged: relative sup-norm change ${last.residual.toExponential(2)} < tol ${tol} after ${last.iterations} iterations`
      : `not converged: relative sup-norm change ${last.residual.toExponential(2)} ≥ tol ${tol} after ${last.iterations} iterations (maxIterations ${maxIterations})`,
  };
  if (options.twoTime) {
    result.twoTime = {
      cDelta: createMatrix(n1, n1, last.cDelta),
      rW: createMatrix(n1, n1, last.rW),
      cR: createMatrix(n1, n1, last.cR),
      rR: createMatrix(n1, n1, last.rR),
      gamma: bdf2Coefficients(grid).gamma,
    };
  }
  if (!result.converged && !options.allowNonConverged) {
    throw new MeanfieldError("NOT_CONVERGED", `solveDmft: ${result.message}`, { details: { result } });
  }
  return result;
}

interface StageInput {
  t: Float64Array;
  coef: { a1: Float64Array; a2: Float64Array; gamma: Float64Array };
  cDelta: Float64Array;
  rW: Float64Array;
  z: Float64Array;
  wStar: Float64Array;
  N: number;
  keep: number;
  delta: number;
  sigma: number;
  mobility: ReturnType<typeof resolveMobility>;
  damping: number;
  anderson: number;
  tol: number;
  maxIterations: number;
  activeThreshold: number;
  options: DmftOptions;
  timing: DmftTiming;
  stage: number;
  stages: number;
  start: number;
  /** true when the stage starts from an interpolated solution (warm start or coarser stage) */
  warm: boolean;
}

/**
 * One fixed-point solve on one grid: x = (C_Δ, R_w) packed into one vector, the map is
 * sample process → Cholesky → Monte Carlo → tangent responses, iterated by linalg's fixedPoint
 * (damped, Anderson-accelerated). Convergence is judged here, on the relative sup-norm change of
 * all four functions, through the onIteration hook.
 */
function runStage(s: StageInput) {
  const M = s.t.length - 1;
  const n1 = M + 1;
  const nn = n1 * n1;
  const { a1, a2, gamma } = s.coef;
  const cDelta = new Float64Array(nn);
  const rW = new Float64Array(nn);
  const K = new Float64Array(nn);
  const cR = new Float64Array(nn);
  const rR = new Float64Array(nn);
  const cRPrev = new Float64Array(nn);
  const rRPrev = new Float64Array(nn);
  const work = new Float64Array(nn);
  const rWNew = new Float64Array(nn);
  const cDeltaNew = new Float64Array(nn);
  const covEta = new Float64Array(M * M);
  const keep = Math.min(s.keep, s.N);
  // R_w is small next to C_Δ (it carries the step weights); scale it in the packed vector so that
  // both halves weigh comparably in the Anderson least-squares problem.
  let rScale = 0;
  for (let i = 0; i < nn; i++) rScale = Math.max(rScale, Math.abs(s.rW[i]));
  let cScale = 0;
  for (let i = 0; i < nn; i++) cScale = Math.max(cScale, Math.abs(s.cDelta[i]));
  const wR = rScale > 0 && cScale > 0 ? cScale / rScale : 1;
  let proc: ReturnType<typeof runParameterProcess> | undefined;
  let change: DmftChange = {
    cDelta: Number.POSITIVE_INFINITY,
    rW: Number.POSITIVE_INFINITY,
    cR: Number.POSITIVE_INFINITY,
    rR: Number.POSITIVE_INFINITY,
  };
  let residual = Number.POSITIVE_INFINITY;
  let converged = false;
  let evaluations = 0;
  const sampleProcess = (cD: Float64Array, rw: Float64Array) => {
    const t0 = performance.now();
    unitPlusLowerInverse(rw, n1, K);
    residualCorrelation(K, cD, s.sigma, n1, cR, work);
    for (let i = 0; i < nn; i++) rR[i] = -K[i];
    s.timing.volterraMs += performance.now() - t0;
  };
  const map = (x: Float64Array, out: Float64Array) => {
    checkCancel(s.options);
    evaluations++;
    for (let i = 0; i < nn; i++) {
      cDelta[i] = x[i];
      rW[i] = x[nn + i] / wR;
    }
    sampleProcess(cDelta, rW);
    const t1 = performance.now();
    let maxDiag = 0;
    for (let a = 0; a < M; a++) {
      for (let b = 0; b < M; b++) covEta[a * M + b] = s.delta * cR[(a + 1) * n1 + b + 1];
      maxDiag = Math.max(maxDiag, covEta[a * M + a]);
    }
    let L: Float64Array | undefined;
    // δ C_r becomes nearly singular when the residuals die out (delta < 1, sigma = 0): a relative
    // jitter regularises the sampling factor (it is never inverted).
    for (let jit = 1e-12; !L && jit < 1e-5; jit *= 100) {
      try {
        L = cholesky(createMatrix(M, M, covEta), { jitter: jit * Math.max(maxDiag, 1e-300) }).data;
      } catch {
        // not positive definite at this jitter: retry with more
      }
    }
    // An Anderson-extrapolated iterate may make δ C_r indefinite: clip its negative eigenvalues
    // (the nearest PSD matrix in Frobenius norm) and factor that.
    if (!L) L = cholesky(nearestPsd(covEta, M), { jitter: 1e-10 * Math.max(maxDiag, 1e-300) }).data;
    s.timing.choleskyMs += performance.now() - t1;
    const t2 = performance.now();
    proc = runParameterProcess(
      { M, delta: s.delta, a1, a2, gamma, rR, L, z: s.z, wStar: s.wStar, N: s.N, mobility: s.mobility },
      keep,
      s.activeThreshold,
      proc,
    );
    for (let i = 0; i < nn; i++) cDeltaNew[i] = proc.cDeltaSum[i] / s.N;
    s.timing.monteCarloMs += performance.now() - t2;
    checkCancel(s.options);
    const t3 = performance.now();
    tangentResponses(M, s.delta, a1, a2, gamma, rR, proc.phiKept, keep, s.mobility, rWNew);
    s.timing.responsesMs += performance.now() - t3;
    change = {
      cDelta: relChange(cDeltaNew, cDelta),
      rW: relChange(rWNew, rW),
      cR: relChange(cR, cRPrev),
      rR: relChange(rR, rRPrev),
    };
    residual = Math.max(change.cDelta, change.rW, change.cR, change.rR);
    cRPrev.set(cR);
    rRPrev.set(rR);
    for (let i = 0; i < nn; i++) {
      out[i] = cDeltaNew[i];
      out[nn + i] = rWNew[i] * wR;
    }
  };
  // Changes of C_r and R_r are measured from the starting point's sample process, so that a warm
  // start (coarse-to-fine stage) that is already converged stops after one evaluation.
  sampleProcess(s.cDelta, s.rW);
  cRPrev.set(cR);
  rRPrev.set(rR);
  const x0 = new Float64Array(2 * nn);
  for (let i = 0; i < nn; i++) {
    x0[i] = s.cDelta[i];
    x0[nn + i] = s.rW[i] * wR;
  }
  fixedPoint(map, x0, {
    damping: s.damping,
    anderson: s.stage > 0 || s.warm ? s.anderson : 0,
    maxIterations: s.maxIterations,
    tol: 1e-300,
    onIteration: (it) => {
      if (s.options.onProgress) {
        const ret = s.options.onProgress({
          stage: s.stage,
          stages: s.stages,
          gridPoints: M,
          iteration: it,
          change,
          residual,
          elapsedMs: performance.now() - s.start,
        });
        if (ret === false) throw new MeanfieldError("CANCELLED", "solveDmft was cancelled by onProgress");
      }
      if (residual < s.tol) {
        converged = true;
        return false;
      }
      return true;
    },
  });
  // The reported solution is the last map output (consistent with the last Monte Carlo pass).
  cDelta.set(cDeltaNew);
  rW.set(rWNew);
  sampleProcess(cDelta, rW);
  const meanAbsW = new Float64Array(n1);
  const meanSquareW = new Float64Array(n1);
  const activeFraction = new Float64Array(n1);
  if (proc) {
    for (let k = 0; k < n1; k++) {
      meanAbsW[k] = proc.absWSum[k] / s.N;
      meanSquareW[k] = proc.sqWSum[k] / s.N;
      activeFraction[k] = proc.activeSum[k] / s.N;
    }
  }
  return {
    cDelta,
    rW,
    cR,
    rR,
    iterations: evaluations,
    change,
    residual,
    converged,
    meanAbsW,
    meanSquareW,
    activeFraction,
  };
}
