import { integerOption, numberOption } from "../framework/options.js";

export const samplesOption = integerOption("samples", {
  description: "Monte Carlo samples of the parameter process per iteration",
  default: 2000,
  min: 10,
  max: 10_000_000,
});
export const maxIterationsOption = integerOption("max-iterations", {
  description: "maximum number of DMFT fixed-point iterations",
  default: 100,
  min: 1,
  max: 100_000,
});
export const tolOption = numberOption("tol", {
  description: "convergence tolerance on the sup-norm change of the two-time functions between iterations",
  default: 1e-3,
  min: 0,
  minExclusive: true,
});
export const dampingOption = numberOption("damping", {
  description: "damping of the fixed-point updates: new = (1 − damping)·update + damping·old",
  default: 0.3,
  min: 0,
  max: 1,
  maxExclusive: true,
});
