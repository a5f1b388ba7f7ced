import type { DmftResult } from "./dmft-result.js";
import type { DmftChange } from "./fixed-point-stage.js";

/** Options and progress reports of solveDmft / solveDmftParallel (validated in prepare-solve.ts). */

/** Default DmftOptions.resolveFloor (capped at lossFloor). */
export const DEFAULT_RESOLVE_FLOOR = 1e-8;

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
  /** Monte Carlo samples of the parameter process, over all replicas. Default 12000 (6 replicas of 2000). */
  samples?: number;
  /** Samples (over all replicas) that also propagate tangent dynamics for R_w. Default: all. */
  responseSamples?: number;
  /**
   * Independent Monte Carlo replicas (their spread gives the standard errors). Default
   * defaultReplicas(samples): one per 2000 samples, at most 6, at least 4 while each keeps 250
   * samples, at least 2. Fewer, larger replicas have a smaller finite-sample bias (at 1000 samples
   * per replica 3–9 % in ε_gen; theory/dmft-numerics.md, "Finite-sample bias"); with 4 the spread
   * has 3 degrees of freedom and replica curves that cross left it too small over whole stretches
   * of time ("Error estimates").
   */
  replicas?: number;
  /** Seed of every random draw. Default 0. */
  seed?: number | string;
  /** Damping: new = (1 − damping)·map + damping·old (linalg fixedPoint convention). Default 0. */
  damping?: number;
  /** Anderson-acceleration memory (0 = plain damped iteration). Default 0. */
  anderson?: number;
  /** Aitken extrapolation of the plain iteration along its slowest mode (fixed-point-stage.ts). Default true. */
  extrapolate?: boolean;
  /**
   * Tolerance on the estimated fixed-point error (relative, per time). Default min(3e-3, rtol/30)
   * (3e-3 at the default rtol): measured on the bench setting, moving it from 1e-3 to 3e-3 shifts the curves
   * by ≤ 0.015 of their standard errors and saves ≈ 6 % of the work (theory/dmft-numerics.md,
   * "Fixed-point iteration").
   */
  tol?: number;
  /** Iteration cap per stage. Default 300. */
  maxIterations?: number;
  /**
   * Requested accuracy: the solve is `converged` only if the estimated total error
   * √(stdErr² + discretisationError²) of ε_gen is ≤ rtol·ε_gen wherever ε_gen ≥ lossFloor·ε_gen(0),
   * and that of the train loss is ≤ rtol·ℓ_train wherever ℓ_train ≥ lossFloor·ℓ_train(0). Default
   * 0.1 (figures).
   */
  rtol?: number;
  /**
   * Level, relative to its start, below which the rtol accuracy is not required of the train loss
   * and of ε_gen (which vanishes where the teacher is recovered exactly). Default 1e-4.
   */
  lossFloor?: number;
  /**
   * Relative train-loss level (≤ lossFloor) down to which the train loss is resolved and reported
   * with its error (`trainLossResolved`); below it, or where it is less than twice its error, the
   * value is an upper bound. Between resolveFloor and lossFloor the fixed points are settled to
   * DEEP_TOL_FACTOR·tol and the errors are reported but not held to rtol. Default
   * min(1e-8, lossFloor) (theory/dmft-numerics.md, "Error estimates").
   */
  resolveFloor?: number;
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

/** Replica progress of solveDmftParallel (one report per finished replica). */
export interface DmftReplicaProgress {
  completed: number;
  replicas: number;
  elapsedMs: number;
}
