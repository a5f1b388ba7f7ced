import type { Params, RunContext } from "./command.js";
import { dmftOptionsOf, dmftParamsOf, replicasOf } from "./dmft-options.js";
import { RuntimeFailure } from "./errors.js";

/** A DMFT solve as the dmft commands report it: the result and the residual history of every stage. */
export interface DmftRun {
  result: import("@meanfield/dmft").DmftResult;
  history: { replica: number; stage: number; gridPoints: number; iteration: number; residual: number }[];
}

/**
 * Solves the DMFT with its replicas on worker threads (--workers; identical numbers for any
 * count), progress per finished replica on stderr, and the residual history of every stage.
 */
export async function runDmft(p: Params, ctx: RunContext, label = "DMFT"): Promise<DmftRun> {
  const dmft = await import("@meanfield/dmft");
  const replicas = replicasOf(p);
  ctx.progress.update(`${label} replicas`, 0, replicas);
  const result = await ctx.time("dmft", () =>
    dmft.solveDmftParallel(dmftParamsOf(p), {
      ...dmftOptionsOf(p),
      workers: p.workers as number | undefined,
      onReplica: (q) => ctx.progress.update(`${label} replicas`, q.completed, q.replicas),
    }),
  );
  const history: DmftRun["history"] = [];
  const grids = [...new Set(result.stages.map((s) => s.gridPoints))];
  for (const s of result.stages) {
    s.residuals.forEach((residual, i) => {
      history.push({
        replica: s.replica,
        stage: grids.indexOf(s.gridPoints),
        gridPoints: s.gridPoints,
        iteration: i + 1,
        residual,
      });
    });
  }
  if (!result.converged && !p.allowNonConverged) {
    throw new RuntimeFailure(
      `DMFT did not converge: ${result.message
        .replace(/\bsamples\b/g, "--samples")
        .replace(/\bgridPoints\b/g, "--grid-points")
        .replace(/\bmaxIterations\b/g, "--max-iterations")
        .replace(/\bdamping\b/g, "--damping")} (or pass --allow-non-converged to see the flagged result)`,
    );
  }
  return { result, history };
}
