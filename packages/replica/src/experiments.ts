import {
  assertInRange,
  assertNonNegative,
  assertPositiveInteger,
  invalidArgument,
  locateWorkerFile,
  MeanfieldError,
} from "@meanfield/linalg";
import { type ActivationSpec, createActivation } from "./activations.js";
import { type InstanceOutcome, type InstanceTask, runInstanceTask } from "./experiment-task.js";
import { defaultSatLearningRate, defaultSatLoss, type SatSolverOptions } from "./sat-solver.js";
import { versions } from "./version.js";

/**
 * Finite-size storage experiments (theory/replica.md, "Checks"): random ±1 labels, the
 * fraction of instances a seeded solver stores, against alpha; and the empirical transition where that
 * fraction crosses ½.
 */
export interface SatExperimentParams {
  /** A built-in name or { formula } (a JS function works serially only: it cannot cross threads). */
  activation: ActivationSpec;
  /** Input dimension, 1 … 1000 (typical experiments: 50–200). */
  N: number;
  /** Hidden units, 1 … 64 (typically 2–16). */
  K: number;
  /** Loads per parameter; P = round(alpha N K). */
  alphas: readonly number[];
  /** Instances per load (default 20). */
  instances?: number;
  kappa?: number;
  seed?: number | string;
  solver?: SatSolverOptions;
  /** Worker threads (default 1 = serial); results are identical for any value. */
  workers?: number;
}

export interface SatPoint {
  alpha: number;
  P: number;
  instances: number;
  sat: number;
  /** Fraction of SAT instances. */
  fraction: number;
  /** Binomial standard error of the fraction. */
  standardError: number;
  meanEpochs: number;
  /**
   * Instances stored within the first r restarts, r = 1 … restarts (the last entry is `sat`). Restart r starts
   * from the same weights whatever the budget, so entry r − 1 is the count a run with `restarts: r` would give:
   * one run measures every smaller budget.
   */
  satByRestarts: number[];
}

export interface SatExperimentResult {
  params: {
    activation: string;
    N: number;
    K: number;
    kappa: number;
    instances: number;
    seed: number | string;
    solver: Required<SatSolverOptions>;
  };
  /** The @meanfield package versions it was computed with (`versions()`: linalg, replica). */
  versions: Record<string, string>;
  points: SatPoint[];
  /** α where the SAT fraction first falls below ½ (linear interpolation), null when it never crosses in range. */
  alphaEmpirical: number | null;
  message: string;
}

function workerFile(): string {
  const path = locateWorkerFile(import.meta.url, ["./experiment-worker.js", "../dist/experiment-worker.js"]);
  if (path) return path;
  throw new MeanfieldError(
    "IO",
    "experiment-worker.js not found next to the package's dist (build the package first)",
  );
}

/** The empirical transition: linear interpolation of the first crossing of ½ from above. */
export function empiricalTransition(points: readonly { alpha: number; fraction: number }[]): number | null {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (a.fraction >= 0.5 && b.fraction < 0.5) {
      return a.alpha + ((a.fraction - 0.5) * (b.alpha - a.alpha)) / (a.fraction - b.fraction);
    }
  }
  return null;
}

export async function satExperiment(params: SatExperimentParams): Promise<SatExperimentResult> {
  const act = createActivation(params.activation);
  if (act.gPrime === undefined)
    throw invalidArgument(
      "activation",
      "a differentiable activation for the gradient solver (not sign)",
      act.name,
    );
  const N = assertPositiveInteger(params.N, "N");
  assertInRange(N, "N", 1, 1000);
  const K = assertPositiveInteger(params.K, "K");
  assertInRange(K, "K", 1, 64);
  if (!Array.isArray(params.alphas) || params.alphas.length === 0)
    throw invalidArgument("alphas", "a non-empty array of loads > 0", params.alphas);
  const alphas = [...params.alphas].map((a, i) => {
    if (typeof a !== "number" || !Number.isFinite(a) || a <= 0)
      throw invalidArgument(`alphas[${i}]`, "a finite number > 0", a);
    return a;
  });
  for (let i = 1; i < alphas.length; i++)
    if (alphas[i] <= alphas[i - 1])
      throw invalidArgument("alphas", "strictly increasing loads", params.alphas);
  const instances =
    params.instances === undefined ? 20 : assertPositiveInteger(params.instances, "instances");
  const kappa = params.kappa === undefined ? 0 : assertNonNegative(params.kappa, "kappa");
  const seed = params.seed ?? 1;
  const workers = params.workers === undefined ? 1 : assertPositiveInteger(params.workers, "workers");
  const loss = params.solver?.loss ?? defaultSatLoss(K);
  if (loss !== "hinge" && loss !== "squared-hinge")
    throw invalidArgument("solver.loss", '"hinge" or "squared-hinge"', loss);
  const solver: Required<SatSolverOptions> = {
    epochs: params.solver?.epochs ?? 2000,
    restarts: params.solver?.restarts ?? 2,
    loss,
    learningRate: params.solver?.learningRate ?? defaultSatLearningRate(loss),
    lossMargin: params.solver?.lossMargin ?? 0.1,
    leak: params.solver?.leak ?? 0.1,
    anneal: params.solver?.anneal ?? true,
  };
  const spec: ActivationSpec =
    typeof params.activation === "string" ||
    (typeof params.activation === "object" && "formula" in params.activation)
      ? params.activation
      : act;
  const tasks: InstanceTask[] = [];
  alphas.forEach((alpha, ai) => {
    const P = Math.max(1, Math.round(alpha * N * K));
    for (let j = 0; j < instances; j++)
      tasks.push({ activation: spec, N, K, P, kappa, seed, label: `alpha${ai}-instance${j}`, solver });
  });
  let outcomes: InstanceOutcome[];
  if (workers === 1) {
    outcomes = tasks.map(runInstanceTask);
  } else {
    if (typeof spec !== "string" && !("formula" in spec))
      throw invalidArgument(
        "workers",
        "1 for activations given as JS functions (they cannot cross threads)",
        workers,
      );
    const { Tinypool } = await import("tinypool");
    const pool = new Tinypool({ filename: workerFile(), minThreads: 1, maxThreads: workers });
    try {
      outcomes = await Promise.all(tasks.map((t) => pool.run(t) as Promise<InstanceOutcome>));
    } finally {
      await pool.destroy();
    }
  }
  const points: SatPoint[] = alphas.map((alpha, ai) => {
    const mine = outcomes.slice(ai * instances, (ai + 1) * instances);
    const sat = mine.filter((o) => o.sat).length;
    const f = sat / instances;
    return {
      alpha,
      P: Math.max(1, Math.round(alpha * N * K)),
      instances,
      sat,
      fraction: f,
      standardError: Math.sqrt((f * (1 - f)) / instances),
      meanEpochs: mine.reduce((s, o) => s + o.epochs, 0) / instances,
      satByRestarts: Array.from(
        { length: solver.restarts },
        (_, r) => mine.filter((o) => o.sat && o.restartsUsed <= r + 1).length,
      ),
    };
  });
  const alphaEmpirical = empiricalTransition(points);
  return {
    params: { activation: act.name, N, K, kappa, instances, seed, solver },
    versions: versions(),
    points,
    alphaEmpirical,
    message:
      alphaEmpirical === null
        ? "the SAT fraction does not cross 1/2 inside the alpha range"
        : "first crossing of SAT fraction 1/2 (a failed search is not a proof of UNSAT: a lower estimate)",
  };
}
