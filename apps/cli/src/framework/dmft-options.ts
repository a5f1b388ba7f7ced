import type { Params } from "./command.js";
import { UsageError } from "./errors.js";
import { booleanOption, integerOption, numberOption } from "./options.js";

export const gridPointsOption = integerOption("grid-points", {
  description:
    "DMFT time-grid steps M, even (uniform to t=1, geometric after; M+1 times; the half grid estimates the discretisation error)",
  default: 120,
  min: 8,
  max: 2000,
});
export const samplesOption = integerOption("samples", {
  description: "Monte Carlo samples of the parameter process, over all replicas",
  default: 12000,
  min: 10,
  max: 1_000_000,
});
export const replicasOption = integerOption("replicas", {
  description:
    "independent Monte Carlo replicas; their spread gives the reported standard errors (default: one per 2000 samples, at most 6, at least 4 while each keeps 250 samples, never under 2)",
  min: 2,
  max: 64,
});
export const rtolOption = numberOption("rtol", {
  description:
    "requested accuracy: the solve fails (exit 1) unless the estimated error of ε_gen and of the train loss (down to --loss-floor) is within rtol relative",
  default: 0.1,
  min: 0,
  minExclusive: true,
  max: 10,
});
export const lossFloorOption = numberOption("loss-floor", {
  description:
    "train-loss level, relative to its start, below which accuracy is not required (reported as unresolved)",
  default: 1e-4,
  min: 0,
  max: 1,
});
export const resolveFloorOption = numberOption("resolve-floor", {
  description:
    "train-loss level, relative to its start, down to which it is reported as resolved with its error (≤ --loss-floor)",
  default: 1e-8,
  min: 0,
  max: 1,
});
export const maxIterationsOption = integerOption("max-iterations", {
  description: "maximum number of fixed-point iterations per grid stage",
  default: 300,
  min: 1,
  max: 100_000,
});
export const tolOption = numberOption("tol", {
  description:
    "tolerance on the estimated fixed-point error (relative, per time) of every replica (default: the smaller of 3e-3 and --rtol/30)",
  min: 0,
  minExclusive: true,
  max: 1,
});
export const dampingOption = numberOption("damping", {
  description: "damping of the fixed-point updates: new = (1 − damping)·update + damping·old",
  default: 0,
  min: 0,
  max: 1,
  maxExclusive: true,
});
export const allowNonConvergedOption = booleanOption("allow-non-converged", {
  description: "report a non-converged solve (converged: false) instead of failing with exit code 1",
  default: false,
});

export const dmftWorkersOption = integerOption("workers", {
  description:
    "worker threads for the replicas (0 = serial; default: one per core, at most --replicas); same numbers for any count",
  min: 0,
  max: 256,
});

export const DMFT_SOLVER_OPTIONS = [
  gridPointsOption,
  samplesOption,
  replicasOption,
  rtolOption,
  lossFloorOption,
  resolveFloorOption,
  maxIterationsOption,
  tolOption,
  dampingOption,
];

/**
 * --replicas, or the solver's default for --samples (dmft's defaultReplicas, mirrored here so that
 * usage errors need not load the package): one per 2000 samples, at most 6, at least 4 while
 * each keeps 250 samples, at least 2.
 */
export function replicasOf(p: Params): number {
  if (p.replicas !== undefined) return p.replicas as number;
  const samples = p.samples as number;
  return Math.max(
    2,
    Math.min(6, Math.max(Math.floor(samples / 2000), Math.min(4, Math.floor(samples / 250)))),
  );
}

/** Monte Carlo paths are stored per sample and grid time: keep samples·(M+1) within 2e8 doubles. */
export function checkDmftSize(p: Params): void {
  if ((p.resolveFloor as number) > (p.lossFloor as number))
    throw new UsageError(`--resolve-floor must be ≤ --loss-floor (${p.lossFloor}); got ${p.resolveFloor}`);
  const M = p.gridPoints as number;
  if (M % 2 !== 0)
    throw new UsageError(
      `--grid-points must be even (the half grid estimates the discretisation error); got ${M}`,
    );
  const R = replicasOf(p);
  const perReplica = Math.ceil((p.samples as number) / R);
  if (perReplica <= M + 2) {
    throw new UsageError(
      `--samples / --replicas = ${perReplica} samples per replica must exceed --grid-points + 2 = ${M + 2} (moment matching); raise --samples to more than ${(M + 2) * R}`,
    );
  }
  const cells = (p.samples as number) * ((p.gridPoints as number) + 1);
  if (cells > 2e8) {
    throw new UsageError(
      `--samples × (--grid-points + 1) = ${cells.toExponential(2)} exceeds 2e8 (1.6 GB of Monte Carlo paths): reduce one of them`,
    );
  }
}

/** DmftParams of @meanfield/dmft from the CLI's flags. */
export function dmftParamsOf(p: Params) {
  return {
    alpha: p.alpha as number,
    delta: p.delta as number,
    rho: p.rho as number,
    sigma: p.sigma as number,
    T: p.tMax as number,
    prior: p.prior as "bernoulliGaussian" | "rademacherSparse" | "gaussian",
    ...(p.truncation !== undefined ? { truncation: p.truncation as number } : {}),
  };
}

/** DmftOptions of @meanfield/dmft from the CLI's flags. */
export function dmftOptionsOf(p: Params) {
  return {
    gridPoints: p.gridPoints as number,
    samples: p.samples as number,
    replicas: replicasOf(p),
    rtol: p.rtol as number,
    lossFloor: p.lossFloor as number,
    resolveFloor: p.resolveFloor as number,
    maxIterations: p.maxIterations as number,
    ...(p.tol !== undefined ? { tol: p.tol as number } : {}),
    damping: p.damping as number,
    seed: p.seed,
    allowNonConverged: true,
  };
}
