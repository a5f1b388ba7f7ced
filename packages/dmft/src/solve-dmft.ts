import { availableParallelism } from "node:os";
import { assertInteger, locateWorkerFile, MeanfieldError } from "@meanfield/linalg";
import type { DmftOptions, DmftReplicaProgress } from "./dmft-options.js";
import { addTiming, assemble, type DmftResult } from "./dmft-result.js";
import type { DmftParams } from "./params.js";
import { prepareSolve } from "./prepare-solve.js";
import type { ReplicaStage } from "./replica.js";
import { type ReplicaTaskResult, runReplicaTask } from "./replica-task.js";

export type { DmftOptions, DmftProgress, DmftReplicaProgress } from "./dmft-options.js";
export type { DmftAccuracy, DmftResult, DmftTiming, DmftTwoTime } from "./dmft-result.js";
export type { DmftChange } from "./fixed-point-stage.js";

function checkCancel(options: DmftOptions): void {
  if (options.signal?.aborted) throw new MeanfieldError("CANCELLED", "solveDmft was cancelled (AbortSignal)");
}

/**
 * Solves the DMFT effective process by fixed-point iteration over (C_Δ, R_w) in R independent
 * Monte Carlo replicas, each on the final grid and on its half grid, and reports the mean curves
 * with their Monte Carlo standard errors and discretisation-error estimates. Theory:
 * apps/docs/docs/theory/dmft-numerics.md.
 *
 * Throws NOT_CONVERGED (with the flagged result in `details.result`) unless
 * `allowNonConverged: true` when a fixed point did not converge or the estimated error exceeds
 * `rtol`; CANCELLED on cancellation; INVALID_ARGUMENT on bad input.
 */
export function solveDmft(params: DmftParams, options: DmftOptions = {}): DmftResult {
  const prep = prepareSolve(params, options);
  const replicas: ReplicaStage[][] = [];
  for (let r = 0; r < prep.R; r++) {
    checkCancel(options);
    const task = prep.task(r);
    const out = runReplicaTask(task, (stage, gridPoints, iteration, change, residual) => {
      checkCancel(options);
      if (options.onProgress) {
        const ret = options.onProgress({
          replica: r,
          replicas: prep.R,
          stage,
          stages: task.grids.length,
          gridPoints,
          iteration,
          change,
          residual,
          elapsedMs: performance.now() - prep.start,
        });
        if (ret === false) throw new MeanfieldError("CANCELLED", "solveDmft was cancelled by onProgress");
      }
    });
    addTiming(prep.timing, out.timing);
    replicas.push(out.stages);
  }
  return assemble(params, options, { ...prep.assemble, replicas });
}

/**
 * solveDmft with the replicas spread over worker threads (`workers`, default: the machine's
 * parallelism). Each replica depends only on the seed and its index, so the result is identical,
 * bit for bit, to the serial solveDmft for any number of workers (tested). Needs a built-in prior
 * and mobility (functions cannot cross to a worker; custom ones run serially), and reports
 * progress per finished replica.
 */
export async function solveDmftParallel(
  params: DmftParams,
  options: Omit<DmftOptions, "onProgress"> & {
    workers?: number;
    onReplica?: (p: DmftReplicaProgress) => void;
  } = {},
): Promise<DmftResult> {
  const { workers: w, onReplica, ...rest } = options;
  const custom = typeof params.prior === "object" || typeof params.mobility === "object";
  const prep = prepareSolve(params, rest);
  const workers = Math.min(prep.R, w === undefined ? availableParallelism() : assertInteger(w, "workers", 0));
  const file =
    workers > 1 && !custom
      ? locateWorkerFile(import.meta.url, ["./replica-worker.js", "../dist/replica-worker.js"])
      : undefined;
  let outs: ReplicaTaskResult[];
  if (!file) {
    outs = [];
    for (let r = 0; r < prep.R; r++) {
      checkCancel(rest);
      outs.push(runReplicaTask(prep.task(r)));
      onReplica?.({ completed: r + 1, replicas: prep.R, elapsedMs: performance.now() - prep.start });
    }
  } else {
    const { Tinypool } = await import("tinypool");
    const pool = new Tinypool({ filename: file, minThreads: workers, maxThreads: workers });
    let completed = 0;
    try {
      outs = await Promise.all(
        Array.from({ length: prep.R }, async (_, r) => {
          const out = (await pool.run(
            prep.task(r),
            rest.signal ? { signal: rest.signal } : {},
          )) as ReplicaTaskResult;
          completed++;
          onReplica?.({ completed, replicas: prep.R, elapsedMs: performance.now() - prep.start });
          return out;
        }),
      );
    } catch (e) {
      if (rest.signal?.aborted)
        throw new MeanfieldError("CANCELLED", "solveDmft was cancelled (AbortSignal)");
      throw e;
    } finally {
      await pool.destroy();
    }
  }
  for (const o of outs) addTiming(prep.timing, o.timing);
  return assemble(params, rest, { ...prep.assemble, replicas: outs.map((o) => o.stages) });
}
