import { defineCommand, type Params, type RunContext } from "../framework/command.js";
import { RuntimeFailure } from "../framework/errors.js";
import { writeFigure } from "../framework/figures.js";
import { formatTable, sig } from "../framework/text.js";
import { DMFT_MODEL_OPTIONS } from "./dln-options.js";
import { sampleRows } from "./dln-simulate.js";
import {
  allowNonConvergedOption,
  checkDmftSize,
  DMFT_SOLVER_OPTIONS,
  dmftOptionsOf,
  dmftParamsOf,
} from "./dmft-options.js";

export interface DmftRun {
  result: import("@meanfield/dmft").DmftResult;
  history: { stage: number; gridPoints: number; iteration: number; residual: number }[];
}

/** Solves the DMFT with progress on stderr and the residual history recorded. */
export async function runDmft(p: Params, ctx: RunContext, label = "DMFT"): Promise<DmftRun> {
  const dmft = await import("@meanfield/dmft");
  const history: DmftRun["history"] = [];
  const maxIt = p.maxIterations as number;
  const result = await ctx.time("dmft", () =>
    dmft.solveDmft(dmftParamsOf(p), {
      ...dmftOptionsOf(p),
      onProgress: (q) => {
        history.push({
          stage: q.stage,
          gridPoints: q.gridPoints,
          iteration: q.iteration,
          residual: q.residual,
        });
        ctx.progress.update(
          `${label} stage ${q.stage + 1}/${q.stages} (M=${q.gridPoints})`,
          q.iteration,
          maxIt,
          `residual ${sig(q.residual, 3)}`,
        );
        return undefined;
      },
    }),
  );
  if (!result.converged && !p.allowNonConverged) {
    throw new RuntimeFailure(
      `DMFT did not converge: ${result.message} (raise --max-iterations or --samples, or pass --allow-non-converged)`,
    );
  }
  return { result, history };
}

export const dmftSolve = defineCommand({
  id: "dmft solve",
  short: "the DMFT effective process: curves with convergence diagnostics",
  summary:
    "The DMFT effective process of DLN gradient flow (n, d → ∞, n/d = delta): curves with convergence diagnostics.",
  description:
    "Solves the closed equations for C_Δ, R_w, C_r, R_r of spec dln-dmft §3 by damped fixed-point iteration " +
    "(sample process exactly on the grid, parameter process by Monte Carlo with tangent responses, coarse-to-fine " +
    "grids). A solve that does not reach --tol within --max-iterations is a failure (exit 1) unless " +
    "--allow-non-converged.",
  options: [...DMFT_MODEL_OPTIONS, ...DMFT_SOLVER_OPTIONS, allowNonConvergedOption],
  examples: [
    "meanfield dmft solve --delta 0.5 --rho 0.1 --sigma 0 --alpha 0.01 --t-max 1000 --json",
    "meanfield dmft solve --alpha 0.1 --t-max 100 --samples 20000 --grid-points 400 --out out/dmft",
  ],
  output: [
    {
      field: "params, seed",
      description: "the parameters (delta, rho, sigma, alpha, tMax, prior, solver settings) and seed",
    },
    { field: "times", description: "the DMFT time grid t_0 = 0 … t_M = tMax" },
    { field: "trainLoss", description: "ℓ_train(t) = ½ C_r(t,t), one entry per time" },
    { field: "genError", description: "ε_gen(t) = C_Δ(t,t)" },
    {
      field: "l1Norm, l2NormSq, activeFraction",
      description: "E|w(t)| (= ‖w‖₁/d), E[w(t)²], fraction of active coordinates",
    },
    {
      field: "converged, iterations, residual, change, message",
      description: "convergence of the final stage: relative sup-norm change of each two-time function",
    },
    { field: "stages", description: "per coarse-to-fine stage: gridPoints, iterations, residual, converged" },
    { field: "residualHistory", description: "every iteration: stage, gridPoints, iteration, residual" },
    {
      field: "samples, gridPoints, solverTiming",
      description: "Monte Carlo samples, grid steps, the solver's own timing breakdown (ms)",
    },
    { field: "timings, versions", description: "wall-clock seconds; package versions" },
  ],
  check: checkDmftSize,
  files: [
    "result.json — the JSON above",
    "curves.csv — time, trainLoss, genError, l1Norm, l2NormSq, activeFraction",
    "curves.svg, curves.png — train loss and ε_gen against time (log-log)",
    "convergence.svg, convergence.png — residual against iteration, per stage",
  ],
  async run(p, ctx) {
    const { result: r, history } = await runDmft(p, ctx);
    const result = {
      times: r.t,
      trainLoss: r.trainLoss,
      genError: r.genError,
      l1Norm: r.meanAbsW,
      l2NormSq: r.meanSquareW,
      activeFraction: r.activeFraction,
      converged: r.converged,
      iterations: r.iterations,
      residual: r.residual,
      change: r.change,
      message: r.message,
      stages: r.stages,
      residualHistory: history,
      samples: r.samples,
      gridPoints: r.gridPoints,
      solverTiming: r.timing,
    };
    if (ctx.out) {
      ctx.out.writeColumnsCsv("curves.csv", {
        time: r.t,
        trainLoss: r.trainLoss,
        genError: r.genError,
        l1Norm: r.meanAbsW,
        l2NormSq: r.meanSquareW,
        activeFraction: r.activeFraction,
      });
      await ctx.time("figures", async () => {
        await writeFigure(ctx.out!, "curves", {
          title: `DMFT: delta=${p.delta}, rho=${p.rho}, sigma=${p.sigma}, alpha=${p.alpha}`,
          subtitle: `${r.converged ? "converged" : "NOT converged"}: residual ${sig(r.residual, 3)} after ${r.iterations} iterations`,
          xLabel: "time t",
          yLabel: "value",
          xScale: "log",
          yScale: "log",
          series: [
            { name: "train loss (DMFT)", x: r.t, y: r.trainLoss },
            { name: "ε_gen (DMFT)", x: r.t, y: r.genError },
          ],
        });
        const stages = [...new Set(history.map((h) => h.gridPoints))];
        await writeFigure(ctx.out!, "convergence", {
          title: "DMFT fixed-point iteration",
          subtitle: `tolerance ${p.tol}`,
          xLabel: "iteration",
          yLabel: "relative sup-norm change",
          yScale: "log",
          series: stages.map((M) => {
            const h = history.filter((x) => x.gridPoints === M);
            return { name: `grid M=${M}`, x: h.map((x) => x.iteration), y: h.map((x) => x.residual) };
          }),
        });
      });
    }
    const rows = sampleRows(r.t.length, 8).map((i) => [sig(r.t[i]), sig(r.trainLoss[i]), sig(r.genError[i])]);
    const summary = `dmft solve: delta=${p.delta} rho=${p.rho} sigma=${p.sigma} alpha=${p.alpha}; ${
      r.converged ? "converged" : "NOT CONVERGED"
    } (${r.iterations} iterations, residual ${sig(r.residual, 3)}, ${r.samples} samples, M=${r.gridPoints})\n${formatTable(
      ["t", "train loss", "ε_gen"],
      rows,
    )}`;
    return { result, summary };
  },
});
