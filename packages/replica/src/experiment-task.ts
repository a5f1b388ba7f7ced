import { createRng } from "@meanfield/linalg";
import { type ActivationSpec, createActivation } from "./activations.js";
import { generateInstance, type SatSolverOptions, solveInstance } from "./sat-solver.js";

/** One finite-size instance, self-contained so that a worker thread reproduces it bit for bit. */
export interface InstanceTask {
  activation: ActivationSpec;
  N: number;
  K: number;
  P: number;
  kappa: number;
  seed: number | string;
  /** Label of the independent sub-stream: the instance's position, not the thread that runs it. */
  label: string;
  solver: SatSolverOptions;
}

export interface InstanceOutcome {
  label: string;
  sat: boolean;
  epochs: number;
  /** Restarts run up to and including the successful one (all of them when not SAT). */
  restartsUsed: number;
  minErrors: number;
}

export function runInstanceTask(task: InstanceTask): InstanceOutcome {
  const act = createActivation(task.activation);
  const gPrime = act.gPrime;
  if (gPrime === undefined) throw new Error(`activation ${act.name} has no derivative`);
  const rng = createRng(task.seed).fork(task.label);
  const inst = generateInstance(task.N, task.K, task.P, rng.fork("data"));
  const r = solveInstance(inst, act.g, gPrime, act.m0, task.kappa, rng.fork("solver"), task.solver);
  return {
    label: task.label,
    sat: r.sat,
    epochs: r.epochs,
    restartsUsed: r.restartsUsed,
    minErrors: r.minErrors,
  };
}
