import type { Params } from "../framework/command.js";
import { UsageError } from "../framework/errors.js";
import { booleanOption, integerOption, numberOption } from "../framework/options.js";

export const gridPointsOption = integerOption("grid-points", {
  description: "DMFT time-grid steps M (uniform to t=1, geometric after; M+1 times)",
  default: 120,
  min: 8,
  max: 2000,
});
export const samplesOption = integerOption("samples", {
  description: "Monte Carlo samples of the parameter process",
  default: 4000,
  min: 10,
  max: 1_000_000,
});
export const maxIterationsOption = integerOption("max-iterations", {
  description: "maximum number of fixed-point iterations per grid stage",
  default: 200,
  min: 1,
  max: 100_000,
});
export const tolOption = numberOption("tol", {
  description: "convergence tolerance on the relative sup-norm change of the four two-time functions",
  default: 2e-3,
  min: 0,
  minExclusive: true,
  max: 1,
});
export const dampingOption = numberOption("damping", {
  description: "damping of the fixed-point updates: new = (1 − damping)·update + damping·old",
  default: 0.3,
  min: 0,
  max: 1,
  maxExclusive: true,
});
export const allowNonConvergedOption = booleanOption("allow-non-converged", {
  description: "report a non-converged solve (converged: false) instead of failing with exit code 1",
  default: false,
});

export const DMFT_SOLVER_OPTIONS = [
  gridPointsOption,
  samplesOption,
  maxIterationsOption,
  tolOption,
  dampingOption,
];

/** Monte Carlo paths are stored per sample and grid time: keep samples·(M+1) within 2e8 doubles. */
export function checkDmftSize(p: Params): void {
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
  };
}

/** DmftOptions of @meanfield/dmft from the CLI's flags. */
export function dmftOptionsOf(p: Params) {
  return {
    gridPoints: p.gridPoints as number,
    samples: p.samples as number,
    maxIterations: p.maxIterations as number,
    tol: p.tol as number,
    damping: p.damping as number,
    seed: p.seed,
    allowNonConverged: true,
  };
}
