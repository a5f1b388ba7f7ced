import type { Params } from "./command.js";
import { UsageError } from "./errors.js";
import { integerOption, numberOption, type OptionSpec, stringOption } from "./options.js";

/** The DLN model parameters (theory/dln.md, "Model"), shared by the dln and dmft commands. */
export const rhoOption = numberOption("rho", {
  description: "teacher density: fraction of non-zero entries of w*",
  default: 0.1,
  min: 0,
  minExclusive: true,
  max: 1,
});
/** Upper bounds of the model flags: beyond them the solvers overflow or the flow cannot finish. */
export const MAX_SIGMA = 1e3;
export const MAX_ALPHA = 1e3;
export const MAX_T = 1e6;

export const sigmaOption = numberOption("sigma", {
  description: `label noise level: y = X w* + sigma ξ (at most ${MAX_SIGMA}: larger noise overflows the solvers)`,
  default: 0,
  min: 0,
  max: MAX_SIGMA,
});
export const alphaOption = numberOption("alpha", {
  description: `initialisation scale: u(0) = v(0) = alpha (small alpha = rich regime, large = lazy; at most ${MAX_ALPHA}, far in the lazy regime)`,
  default: 0.1,
  min: 0,
  minExclusive: true,
  max: MAX_ALPHA,
});
export const tMaxOption = numberOption("t-max", {
  description: `final time T of the gradient flow (at most ${MAX_T}: the work grows with T)`,
  default: 100,
  min: 0,
  minExclusive: true,
  max: MAX_T,
});
export const tMinOption = numberOption("t-min", {
  description: "first output time of the log-spaced time grid",
  default: 0.01,
  min: 0,
  minExclusive: true,
});
export const pointsOption = integerOption("points", {
  description: "number of log-spaced output times between --t-min and --t-max",
  default: 40,
  min: 2,
  max: 10000,
});
export const nOption = integerOption("n", {
  description: "number of samples n",
  default: 200,
  min: 1,
  max: 1e6,
});
export const dOption = integerOption("d", {
  description: "number of parameters d",
  default: 400,
  min: 1,
  max: 1e6,
});
export const seedsOption = integerOption("seeds", {
  description: "number of independent finite-size runs (seeds seed, seed+1, …) averaged into mean ± std",
  default: 3,
  min: 1,
  max: 1000,
});
export const priorOption = stringOption("prior", {
  description: "teacher prior",
  default: "bernoulliGaussian",
  choices: ["bernoulliGaussian", "rademacherSparse", "gaussian"],
  placeholder: "NAME",
});
export const teacherNormalizationOption = stringOption("teacher-normalization", {
  description:
    "simulation teachers: exact = round(rho·d) non-zeros, ‖w*‖²/d = 1 (as in the DMFT), none = i.i.d.",
  default: "exact",
  choices: ["exact", "none"],
  placeholder: "MODE",
});
export const deltaOption = numberOption("delta", {
  description: "sample ratio delta = n/d",
  default: 0.5,
  min: 0,
  minExclusive: true,
  max: 100,
});

/** --truncation τ: the truncated DLN of theory/dln.md, "Truncated DLN" (absent: the plain DLN). */
export const truncationOption = numberOption("truncation", {
  description:
    "truncated DLN: the mobility 4√(min(w², τ²) + 4alpha⁴) is kept bounded beyond |w| = τ (bounded and Lipschitz, " +
    "the setting of the rigorous DMFT); absent = the plain DLN",
  min: 0,
  minExclusive: true,
  max: 1e12,
  placeholder: "TAU",
});

/** The model flags of the dmft commands (solve and compare), in --help order. */
export const DMFT_MODEL_OPTIONS: readonly OptionSpec[] = [
  deltaOption,
  rhoOption,
  sigmaOption,
  alphaOption,
  tMaxOption,
  priorOption,
  truncationOption,
];

/** --workers of the commands that run seeds of the finite-size flow (dln simulate, dmft compare). */
export const workersOption = integerOption("workers", {
  description: "worker threads for the seeds (0 = serial; default: one per core, at most --seeds)",
  min: 0,
  max: 256,
});

/** --threads of the commands that run the finite-size flow (dln simulate, dmft compare). */
export const threadsOption = integerOption("threads", {
  description:
    "threads of each gradient evaluation (the rows of X in fixed blocks on threads sharing one memory; same numbers for any count; default: 1 below n·d = 2^20 or while seeds run in parallel, else the cores up to 4)",
  min: 1,
  max: 64,
});

/** flowOptions' `threads` from --threads (absent: the library's default). */
export function threadsOf(p: Params): { threads?: number } {
  return p.threads === undefined ? {} : { threads: p.threads as number };
}

/** A hint for a flow that ran out of RK45 steps: stiffness grows with alpha, sigma and time. */
export function stiffHint(message: string): string {
  return /maximum number of steps/.test(message)
    ? " (the flow is too stiff to integrate at these settings: lower --t-max, --alpha or --sigma)"
    : "";
}

/** Largest design the CLI accepts: n·d entries of 8 bytes (2e8 → 1.6 GB per copy). */
export const MAX_DESIGN_ENTRIES = 2e8;

/** Cross-field checks of the dln commands: tMin < tMax, and a design that fits in memory. */
export function checkTimes(p: Params): void {
  if (p.tMin !== undefined && (p.tMin as number) >= (p.tMax as number)) {
    throw new UsageError(`--t-min (${p.tMin}) must be below --t-max (${p.tMax})`);
  }
  const n = (p.n as number | undefined) ?? Math.round((p.delta as number) * (p.d as number));
  const entries = n * (p.d as number);
  if (entries > MAX_DESIGN_ENTRIES) {
    throw new UsageError(
      `the design X would have n·d = ${entries.toExponential(2)} entries (${((entries * 8) / 2 ** 30).toFixed(1)} GiB); ` +
        `the limit is ${MAX_DESIGN_ENTRIES.toExponential(0)}: reduce ${p.n === undefined ? "--d or --delta (n = round(delta·d))" : "--n or --d"}`,
    );
  }
}
