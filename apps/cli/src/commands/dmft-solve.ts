import { defineCommand } from "../framework/command.js";
import { DMFT_MODEL_OPTIONS } from "../framework/dln-options.js";
import {
  allowNonConvergedOption,
  checkDmftSize,
  DMFT_SOLVER_OPTIONS,
  dmftWorkersOption,
} from "../framework/dmft-options.js";
import { type DmftRun, runDmft } from "../framework/dmft-run.js";
import { type CurveFigure, writeFigure } from "../framework/figures.js";
import { sampleRows } from "../framework/sample-rows.js";
import { formatTable, sig } from "../framework/text.js";

/**
 * The `convergence` figure: the fixed-point residual (largest relative change per iteration) of replica 1
 * against the iteration, one line per grid stage, and --tol as a labelled horizontal line.
 */
export function convergenceFigure(history: DmftRun["history"], tol: number): CurveFigure {
  const stages = [...new Set(history.map((h) => h.gridPoints))];
  return {
    title: "DMFT fixed-point iteration (replica 1)",
    subtitle: "the iteration stops when the estimated distance to the fixed point is below --tol",
    xLabel: "iteration",
    yLabel: "largest relative change",
    yScale: "log",
    lineTitle: "grid stage (--grid-points)",
    rules: [{ y: tol, label: `--tol ${tol}` }],
    series: stages.map((M) => {
      const h = history.filter((x) => x.gridPoints === M && x.replica === 0);
      return { name: `M = ${M}`, x: h.map((x) => x.iteration), y: h.map((x) => x.residual) };
    }),
  };
}

export const dmftSolve = defineCommand({
  id: "dmft solve",
  short: "the DMFT effective process: curves with convergence diagnostics",
  summary:
    "The DMFT effective process of DLN gradient flow (n, d → ∞, n/d = delta): curves with convergence diagnostics.",
  description:
    "Solves the closed equations for C_Δ, R_w, C_r, R_r (theory: docs/theory/dmft-numerics.md) by fixed-point " +
    "iteration in --replicas independent Monte Carlo replicas (sample process exactly on the grid, parameter " +
    "process by stratified Monte Carlo with tangent responses), each also on the half grid. Every curve comes " +
    "with its standard error (over replicas) and a discretisation-error estimate (Richardson, half grid). A solve " +
    "whose fixed points do not converge, or whose estimated error exceeds --rtol, is a failure (exit 1) unless " +
    "--allow-non-converged.",
  options: [...DMFT_MODEL_OPTIONS, ...DMFT_SOLVER_OPTIONS, dmftWorkersOption, allowNonConvergedOption],
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
    {
      field: "trainLoss, trainLossStdErr, trainLossDiscError",
      description:
        "ℓ_train(t) = ½ C_r(t,t) (non-increasing), its standard error and discretisation-error estimate",
    },
    {
      field: "trainLossResolved",
      description:
        "per time: true where the train loss is above --resolve-floor and twice its error (else an upper bound)",
    },
    {
      field: "genError, genErrorStdErr, genErrorDiscError",
      description: "ε_gen(t) = C_Δ(t,t), its standard error and discretisation-error estimate",
    },
    {
      field: "accuracy",
      description:
        "largest estimated relative errors (train loss above --loss-floor, and below it where resolved), fixed-point error, rtol, lossFloor, resolveFloor, resolvedDownTo",
    },
    {
      field: "l1Norm, l2NormSq, activeFraction (+ …Error)",
      description:
        "E|w(t)| (= ‖w‖₁/d), E[w(t)²], fraction of active coordinates, each with its total estimated error",
    },
    {
      field: "converged, iterations, residual, change, message",
      description:
        "converged = fixed points converged and estimated errors within --rtol; last changes of the four functions",
    },
    {
      field: "stages",
      description: "per replica and grid: gridPoints, iterations, residual, contraction, converged",
    },
    {
      field: "residualHistory",
      description: "every iteration: replica, stage, gridPoints, iteration, residual",
    },
    {
      field: "samples, gridPoints, solverTiming",
      description: "Monte Carlo samples, grid steps, the solver's own timing breakdown (ms)",
    },
    { field: "timings, versions", description: "wall-clock seconds; package versions" },
  ],
  check: checkDmftSize,
  files: [
    "result.json — the JSON above",
    "curves.csv — time, trainLoss, trainLossStdErr, trainLossDiscError, trainLossResolved, genError, genErrorStdErr, genErrorDiscError, l1Norm, l2NormSq, activeFraction",
    "curves.svg, curves.png — train loss and ε_gen against time (log-log), bands ± 2 × estimated error",
    "convergence.svg, convergence.png — residual against iteration, per stage, with the --tol line",
  ],
  async run(p, ctx) {
    const { result: r, history } = await runDmft(p, ctx);
    const { totalError } = await import("@meanfield/dmft");
    const dmftErr = (se: Float64Array, disc: Float64Array) => Array.from(totalError(se, disc));
    const result = {
      times: r.times,
      trainLoss: r.trainLoss,
      trainLossStdErr: r.trainLossStdErr,
      trainLossDiscError: r.trainLossDiscError,
      trainLossResolved: Array.from(r.trainLossResolved, (x) => x === 1),
      genError: r.genError,
      genErrorStdErr: r.genErrorStdErr,
      genErrorDiscError: r.genErrorDiscError,
      accuracy: r.accuracy,
      l1Norm: r.l1Norm,
      l1NormError: dmftErr(r.l1NormStdErr, r.l1NormDiscError),
      l2NormSq: r.l2NormSq,
      l2NormSqError: dmftErr(r.l2NormSqStdErr, r.l2NormSqDiscError),
      activeFraction: r.activeFraction,
      activeFractionError: dmftErr(r.activeFractionStdErr, r.activeFractionDiscError),
      converged: r.converged,
      iterations: r.iterations,
      residual: r.residual,
      change: r.change,
      message: r.message,
      stages: r.stages,
      residualHistory: history,
      samples: r.samples,
      replicas: r.replicas,
      gridPoints: r.gridPoints,
      solverTiming: r.timing,
    };
    const band = (se: Float64Array, disc: Float64Array) =>
      Array.from(se, (x, i) => 2 * Math.hypot(x, disc[i]));
    if (ctx.out) {
      ctx.out.writeColumnsCsv("curves.csv", {
        time: r.t,
        trainLoss: r.trainLoss,
        trainLossStdErr: r.trainLossStdErr,
        trainLossDiscError: r.trainLossDiscError,
        trainLossResolved: Array.from(r.trainLossResolved),
        genError: r.genError,
        genErrorStdErr: r.genErrorStdErr,
        genErrorDiscError: r.genErrorDiscError,
        l1Norm: r.l1Norm,
        l2NormSq: r.l2NormSq,
        activeFraction: r.activeFraction,
      });
      await ctx.time("figures", async () => {
        await writeFigure(ctx.out!, "curves", {
          title: "DMFT: train loss and test error",
          subtitle: `δ = ${p.delta}, ρ = ${p.rho}, σ = ${p.sigma}, α = ${p.alpha}; ${r.converged ? "converged" : "NOT converged (see result.json)"}`,
          xLabel: "time t",
          yLabel: "train loss ℓ_train, test error ε_gen",
          xScale: "log",
          yScale: "log",
          lineTitle: "DMFT ± 2 estimated errors",
          series: [
            {
              name: "train loss (DMFT)",
              x: r.t,
              y: r.trainLoss.map((v, i) => (r.trainLossResolved[i] ? v : Number.NaN)),
              std: band(r.trainLossStdErr, r.trainLossDiscError),
            },
            { name: "ε_gen (DMFT)", x: r.t, y: r.genError, std: band(r.genErrorStdErr, r.genErrorDiscError) },
          ],
        });
        await writeFigure(ctx.out!, "convergence", convergenceFigure(history, r.accuracy.tol));
      });
    }
    const pm = (v: number, se: number, disc: number) => `${sig(v)} ± ${sig(Math.hypot(se, disc), 2)}`;
    const rows = sampleRows(r.t.length, 8).map((i) => [
      sig(r.t[i]),
      r.trainLossResolved[i]
        ? pm(r.trainLoss[i], r.trainLossStdErr[i], r.trainLossDiscError[i])
        : `< ${sig(Math.max(r.trainLoss[i], 2 * Math.hypot(r.trainLossStdErr[i], r.trainLossDiscError[i])), 2)} (unresolved)`,
      pm(r.genError[i], r.genErrorStdErr[i], r.genErrorDiscError[i]),
    ]);
    const summary = `dmft solve: delta=${p.delta} rho=${p.rho} sigma=${p.sigma} alpha=${p.alpha}; ${
      r.converged ? "converged" : "NOT CONVERGED"
    } (${r.replicas} replicas × ${Math.ceil(r.samples / r.replicas)} samples, M=${r.gridPoints}): ${r.message}\n${formatTable(
      ["t", "train loss ± error", "ε_gen ± error"],
      rows,
    )}`;
    return { result, summary };
  },
});
