import { createRng } from "@meanfield/linalg";
import { resolveMobility } from "./mobility.js";
import type { DmftParams } from "./params.js";
import { type ReplicaInput, type ReplicaStage, solveReplica } from "./replica.js";

/**
 * One replica as plain, structured-cloneable data: what solveDmft runs in a loop and
 * solveDmftParallel hands to worker threads (replica-worker.ts). The replica's random stream is
 * createRng(seed).fork(`replica${r}`) in both, so the two paths give identical numbers.
 */
export type ReplicaTask = Pick<
  ReplicaInput,
  | "grids"
  | "samples"
  | "responses"
  | "momentMatching"
  | "damping"
  | "anderson"
  | "extrapolate"
  | "tol"
  | "floor"
  | "deepFloor"
  | "maxIterations"
  | "activeThreshold"
  | "warm"
  | "windows"
  | "reported"
> & { params: DmftParams; seed: string; replica: number };

export interface ReplicaTaskResult {
  stages: ReplicaStage[];
  timing: ReplicaInput["timing"];
}

export function runReplicaTask(
  task: ReplicaTask,
  onIteration?: ReplicaInput["onIteration"],
): ReplicaTaskResult {
  const { params: p, seed, replica, ...settings } = task;
  const timing = { setupMs: 0, monteCarloMs: 0, responsesMs: 0, volterraMs: 0, choleskyMs: 0 };
  const stages = solveReplica({
    ...settings,
    prior: p.prior ?? "bernoulliGaussian",
    rho: p.rho,
    delta: p.delta,
    sigma: p.sigma,
    mobility: resolveMobility(p.mobility, p.alpha, p.truncation),
    rng: createRng(seed).fork(`replica${replica}`),
    timing,
    onIteration,
  });
  return { stages, timing };
}
