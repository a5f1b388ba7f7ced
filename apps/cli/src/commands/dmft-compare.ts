import { defineCommand } from "../framework/command.js";
import { RuntimeFailure } from "../framework/errors.js";
import { writeFigure } from "../framework/figures.js";
import { integerOption } from "../framework/options.js";
import { formatTable, sig } from "../framework/text.js";
import { DMFT_MODEL_OPTIONS, seedsOption, teacherNormalizationOption } from "./dln-options.js";
import { checkTimes, sampleRows, stiffHint, workersOption } from "./dln-simulate.js";
import { allowNonConvergedOption, checkDmftSize, DMFT_SOLVER_OPTIONS } from "./dmft-options.js";
import { runDmft } from "./dmft-solve.js";

const dSimOption = integerOption("d", {
  description: "parameters d of the finite-size simulations (n = round(delta·d))",
  default: 400,
  min: 2,
  max: 1e6,
});

/** Largest |a − b| and where; with std, also the largest |a − b| / std (std floored at 1e-12). */
export function maxDiscrepancy(
  times: ArrayLike<number>,
  theory: ArrayLike<number>,
  mean: ArrayLike<number>,
  std: ArrayLike<number>,
) {
  let abs = 0;
  let at = 0;
  let rel = 0;
  let inStd = 0;
  let within2Std = 0;
  let count = 0;
  for (let i = 0; i < theory.length; i++) {
    const a = theory[i];
    const b = mean[i];
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    count++;
    const d = Math.abs(a - b);
    if (d > abs) {
      abs = d;
      at = times[i];
    }
    rel = Math.max(rel, d / Math.max(Math.abs(b), 1e-12));
    const z = d / Math.max(std[i], 1e-12);
    inStd = Math.max(inStd, z);
    if (d <= 2 * std[i] || d <= 1e-12) within2Std++;
  }
  return {
    absolute: abs,
    atTime: at,
    relative: rel,
    inStd,
    fractionWithin2Std: count ? within2Std / count : Number.NaN,
  };
}

export const dmftCompare = defineCommand({
  id: "dmft compare",
  short: "DMFT against finite-size simulations on one figure, with the max discrepancy",
  summary:
    "DMFT curves and finite-size simulations (several seeds, mean ± std) on one figure, with the maximum discrepancy.",
  description:
    "Solves the DMFT (as 'dmft solve') and runs --seeds finite-size gradient flows at d parameters and " +
    "n = round(delta·d) samples (as 'dln simulate'), output on the DMFT's own time grid, and reports the largest " +
    "discrepancy of train loss and ε_gen, in absolute terms and in units of the seed-to-seed std (spec dln-dmft §3: " +
    "agreement within the simulation's spread). By default the simulations' teachers are normalised exactly " +
    "(--teacher-normalization exact: round(rho·d) non-zeros, ‖w*‖²/d = 1, the DMFT's own teacher sample), so the " +
    "O(1/√(rho·d)) fluctuation of ε_gen(0) = ‖w*‖²/d does not bias the seed means.",
  options: [
    ...DMFT_MODEL_OPTIONS,
    dSimOption,
    seedsOption,
    teacherNormalizationOption,
    workersOption,
    ...DMFT_SOLVER_OPTIONS,
    allowNonConvergedOption,
  ],
  examples: [
    "meanfield dmft compare --delta 0.5 --rho 0.1 --alpha 0.1 --t-max 100 --d 2000 --seeds 5 --out out/compare",
  ],
  output: [
    {
      field: "params, seed",
      description: "the parameters (teacherNormalization included) and seed (simulation run k uses seed + k)",
    },
    { field: "times", description: "the DMFT time grid, also the simulations' output times" },
    { field: "dmft", description: "trainLoss, genError, converged, iterations, residual, message" },
    {
      field: "simulation",
      description: "n, d, seeds, trainLoss {mean, std}, genError {mean, std}, converged",
    },
    {
      field: "maxDiscrepancy.trainLoss, maxDiscrepancy.genError",
      description: "absolute, atTime, relative, inStd (max |DMFT − mean| / std), fractionWithin2Std",
    },
    {
      field: "timings, versions",
      description: "wall-clock seconds for dmft and simulation; package versions",
    },
  ],
  check(p) {
    checkDmftSize(p);
    checkTimes(p);
  },
  files: [
    "result.json — the JSON above",
    "curves.csv — time, DMFT train loss and ε_gen, simulation mean and std of both",
    "compare.svg, compare.png — DMFT lines, simulation mean ± std markers (log-log)",
  ],
  async run(p, ctx) {
    const dln = await import("@meanfield/dln");
    const { result: r } = await runDmft(p, ctx);
    const d = p.d as number;
    const n = Math.max(1, Math.round((p.delta as number) * d));
    const seeds = p.seeds as number;
    const sim = await ctx.time("simulation", () =>
      dln.simulateSeeds(
        {
          n,
          d,
          rho: p.rho as number,
          sigma: p.sigma as number,
          alpha: p.alpha as number,
          prior: p.prior as "bernoulliGaussian",
          teacherNormalization: p.teacherNormalization as "exact" | "none",
          T: p.tMax as number,
          seed: p.seed,
        },
        {
          seeds,
          workers: p.workers as number | undefined,
          flowOptions: { times: r.t },
          onProgress: ({ completed }) => ctx.progress.update("simulation seeds", completed, seeds),
        },
      ),
    );
    if (!sim.converged)
      throw new RuntimeFailure(`gradient flow failed: ${sim.message}${stiffHint(sim.message)}`);
    const train = maxDiscrepancy(r.t, r.trainLoss, sim.mean.trainLoss, sim.std.trainLoss);
    const gen = maxDiscrepancy(r.t, r.genError, sim.mean.genError, sim.std.genError);
    const result = {
      times: r.t,
      dmft: {
        trainLoss: r.trainLoss,
        genError: r.genError,
        converged: r.converged,
        iterations: r.iterations,
        residual: r.residual,
        message: r.message,
      },
      simulation: {
        n,
        d,
        seeds: sim.seeds,
        trainLoss: { mean: sim.mean.trainLoss, std: sim.std.trainLoss },
        genError: { mean: sim.mean.genError, std: sim.std.genError },
        converged: sim.converged,
      },
      maxDiscrepancy: { trainLoss: train, genError: gen },
    };
    if (ctx.out) {
      ctx.out.writeColumnsCsv("curves.csv", {
        time: r.t,
        dmftTrainLoss: r.trainLoss,
        dmftGenError: r.genError,
        simTrainLossMean: sim.mean.trainLoss,
        simTrainLossStd: sim.std.trainLoss,
        simGenErrorMean: sim.mean.genError,
        simGenErrorStd: sim.std.genError,
      });
      const idx = sampleRows(r.t.length, 30);
      const at = (a: ArrayLike<number>) => idx.map((i) => a[i]);
      await ctx.time("figures", () =>
        writeFigure(ctx.out!, "compare", {
          title: `DMFT vs simulation: delta=${p.delta}, rho=${p.rho}, sigma=${p.sigma}, alpha=${p.alpha}`,
          subtitle: `simulation d=${d}, n=${n}, ${seeds} seeds (mean ± std), teacher normalisation ${p.teacherNormalization}; max |Δε_gen| = ${sig(gen.absolute, 3)}`,
          xLabel: "time t",
          yLabel: "value",
          xScale: "log",
          yScale: "log",
          series: [
            { name: "train loss", x: r.t, y: r.trainLoss },
            { name: "ε_gen", x: r.t, y: r.genError },
            {
              name: "train loss",
              x: at(r.t),
              y: at(sim.mean.trainLoss),
              std: at(sim.std.trainLoss),
              style: "points",
            },
            {
              name: "ε_gen",
              x: at(r.t),
              y: at(sim.mean.genError),
              std: at(sim.std.genError),
              style: "points",
            },
          ],
        }),
      );
    }
    const rows = sampleRows(r.t.length, 8).map((i) => [
      sig(r.t[i]),
      sig(r.trainLoss[i]),
      `${sig(sim.mean.trainLoss[i])} ± ${sig(sim.std.trainLoss[i], 2)}`,
      sig(r.genError[i]),
      `${sig(sim.mean.genError[i])} ± ${sig(sim.std.genError[i], 2)}`,
    ]);
    const summary =
      `dmft compare: delta=${p.delta} rho=${p.rho} sigma=${p.sigma} alpha=${p.alpha}; simulation d=${d} n=${n}, ${seeds} seeds\n${formatTable(
        ["t", "train (DMFT)", "train (sim)", "ε_gen (DMFT)", "ε_gen (sim)"],
        rows,
      )}\nmax discrepancy: train loss ${sig(train.absolute, 3)} (${sig(train.inStd, 2)} std) at t=${sig(train.atTime, 3)}; ` +
      `ε_gen ${sig(gen.absolute, 3)} (${sig(gen.inStd, 2)} std) at t=${sig(gen.atTime, 3)}`;
    return { result, summary };
  },
});
