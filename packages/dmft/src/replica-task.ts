import { createRng } from "@meanfield/linalg";
import type { DmftChange } from "./fixed-point-stage.js";
import { resolveMobility } from "./mobility.js";
import type { DmftParams } from "./params.js";
import { type ReplicaStage, solveReplica } from "./replica.js";

/**
 * One replica as plain, structured-cloneable data: what solveDmft runs in a loop and
 * solveDmftParallel hands to worker threads (replica-worker.ts). The replica's random stream is
 * createRng(seed).fork(`replica${r}`) in both, so the two paths give identical numbers.
 */
export interface ReplicaTask {
  params: DmftParams;
  grids: Float64Array[];
  samples: number;
  responses: number;
  seed: string;
  replica: number;
  momentMatching: boolean;
  damping: number;
  anderson: number;
  extrapolate: boolean;
  tol: number;
  floor: number;
  maxIterations: number;
  activeThreshold: number;
  warm?: { t: Float64Array; gamma: Float64Array; cDelta: Float64Array; rW: Float64Array };
  windows: number;
}

export interface ReplicaTaskResult {
  stages: ReplicaStage[];
  timing: {
    setupMs: number;
    monteCarloMs: number;
    responsesMs: number;
    volterraMs: number;
    choleskyMs: number;
  };
}

export function runReplicaTask(
  task: ReplicaTask,
  onIteration?: (
    stage: number,
    gridPoints: number,
    iteration: number,
    change: DmftChange,
    residual: number,
  ) => void,
): ReplicaTaskResult {
  const p = task.params;
  const timing = { setupMs: 0, monteCarloMs: 0, responsesMs: 0, volterraMs: 0, choleskyMs: 0 };
  const stages = solveReplica({
    grids: task.grids,
    prior: p.prior ?? "bernoulliGaussian",
    rho: p.rho,
    delta: p.delta,
    sigma: p.sigma,
    mobility: resolveMobility(p.mobility, p.alpha),
    samples: task.samples,
    responses: task.responses,
    rng: createRng(task.seed).fork(`replica${task.replica}`),
    momentMatching: task.momentMatching,
    damping: task.damping,
    anderson: task.anderson,
    extrapolate: task.extrapolate,
    tol: task.tol,
    floor: task.floor,
    maxIterations: task.maxIterations,
    activeThreshold: task.activeThreshold,
    timing,
    warm: task.warm,
    windows: task.windows,
    onIteration,
  });
  return { stages, timing };
}
