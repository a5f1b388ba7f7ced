import { defineCommand } from "../framework/command.js";
import { checkDesign, designOption, designParamsOf } from "../framework/design-option.js";
import {
  checkTimes,
  DMFT_MODEL_OPTIONS,
  seedsOption,
  stiffHint,
  teacherNormalizationOption,
  threadsOf,
  threadsOption,
  workersOption,
} from "../framework/dln-options.js";
import { allowNonConvergedOption, checkDmftSize, DMFT_SOLVER_OPTIONS } from "../framework/dmft-options.js";
import { runDmft } from "../framework/dmft-run.js";
import { RuntimeFailure } from "../framework/errors.js";
import { writeFigure } from "../framework/figures.js";
import { integerOption } from "../framework/options.js";
import { sampleRows } from "../framework/sample-rows.js";
import { formatTable, sig } from "../framework/text.js";

const dSimOption = integerOption("d", {
  description: "parameters d of the finite-size simulations (n = round(delta·d))",
  default: 400,
  min: 2,
  max: 1e6,
});

export const dmftCompare = defineCommand({
  id: "dmft compare",
  short: "DMFT against finite-size simulations on one figure, with the max discrepancy",
  summary:
    "DMFT curves (± estimated error) and finite-size simulations (mean ± standard error over seeds) on one figure, compared two-sided.",
  description:
    "Solves the DMFT (as 'dmft solve') and runs --seeds finite-size gradient flows at d parameters and " +
    "n = round(delta·d) samples (as 'dln simulate'), output on the DMFT's own time grid, and compares train loss and " +
    "ε_gen point by point, two-sided: a point agrees when |DMFT − mean| ≤ 3·√(DMFT error² + simulation standard " +
    "error²) or within 2 % (ε_gen) / 5 % (train loss); the train loss is compared down to 1e-8 of its start where " +
    "the DMFT resolves it. The report states the smallest relative discrepancy the comparison could detect, and " +
    "warns when the curves disagree (exit code stays 0: a disagreement is a result, not a failure). By default the simulations' teachers are normalised exactly " +
    "(--teacher-normalization exact: round(rho·d) non-zeros, ‖w*‖²/d = 1, the DMFT's own teacher sample), so the " +
    "O(1/√(rho·d)) fluctuation of ε_gen(0) = ‖w*‖²/d does not bias the seed means.",
  options: [
    ...DMFT_MODEL_OPTIONS,
    dSimOption,
    seedsOption,
    teacherNormalizationOption,
    designOption,
    workersOption,
    threadsOption,
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
    {
      field: "dmft",
      description:
        "trainLoss, trainLossError, genError, genErrorError (total estimated errors), converged, iterations, residual, message",
    },
    {
      field: "simulation",
      description: "n, d, seeds, trainLoss {mean, std, stdErr}, genError {mean, std, stdErr}, converged",
    },
    {
      field: "agreement.trainLoss, agreement.genError",
      description:
        "absolute, atTime, relative, maxZ (|DMFT − mean| / combined standard error), fractionWithin2Se, detectable (smallest detectable relative discrepancy), compared, agrees",
    },
    {
      field: "timings, versions",
      description: "wall-clock seconds for dmft and simulation; package versions",
    },
  ],
  async check(p) {
    checkDmftSize(p);
    checkTimes(p);
    await checkDesign(p);
  },
  files: [
    "result.json — the JSON above",
    "curves.csv — time, DMFT train loss and ε_gen with their errors, simulation mean, std and standard error of both",
    "compare.svg, compare.png — DMFT lines (± 2 errors), simulation mean ± 2 standard errors markers (log-log)",
  ],
  async run(p, ctx) {
    const dln = await import("@meanfield/dln");
    // a --design file fixes n and d (written into p), and the DMFT's delta = n/d with them
    const design = await designParamsOf(p);
    if (design.X) p.delta = (design.n as number) / (design.d as number);
    const q = p;
    const { result: r } = await runDmft(q, ctx);
    const d = q.d as number;
    const n = design.X ? (design.n as number) : Math.max(1, Math.round((p.delta as number) * d));
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
          ...(p.truncation !== undefined ? { truncation: p.truncation as number } : {}),
          ...(design as { design?: "gaussian" }),
        },
        {
          seeds,
          workers: p.workers as number | undefined,
          flowOptions: { times: r.times, ...threadsOf(p) },
          onProgress: ({ completed }) => ctx.progress.update("simulation seeds", completed, seeds),
        },
      ),
    );
    if (!sim.converged)
      throw new RuntimeFailure(`gradient flow failed: ${sim.message}${stiffHint(sim.message)}`);
    const S = sim.seeds.length;
    const se = (std: Float64Array) => Array.from(std, (x) => x / Math.sqrt(S));
    const simTrainSe = se(sim.std.trainLoss);
    const simGenSe = se(sim.std.genError);
    const dmft = await import("@meanfield/dmft");
    const trainErr = Array.from(dmft.totalError(r.trainLossStdErr, r.trainLossDiscError));
    const genErr = Array.from(dmft.totalError(r.genErrorStdErr, r.genErrorDiscError));
    const { rows: _trainRows, ...train } = dmft.compareCurve(
      r.t,
      r.trainLoss,
      trainErr,
      sim.mean.trainLoss,
      simTrainSe,
      {
        relTol: 0.05,
        floorRel: 1e-8,
        include: r.trainLossResolved,
      },
    );
    const { rows: _genRows, ...gen } = dmft.compareCurve(
      r.t,
      r.genError,
      genErr,
      sim.mean.genError,
      simGenSe,
      {
        relTol: 0.02,
      },
    );
    const result = {
      times: r.t,
      dmft: {
        trainLoss: r.trainLoss,
        trainLossError: trainErr,
        genError: r.genError,
        genErrorError: genErr,
        converged: r.converged,
        iterations: r.iterations,
        residual: r.residual,
        message: r.message,
      },
      simulation: {
        n,
        d,
        seeds: sim.seeds,
        trainLoss: { mean: sim.mean.trainLoss, std: sim.std.trainLoss, stdErr: simTrainSe },
        genError: { mean: sim.mean.genError, std: sim.std.genError, stdErr: simGenSe },
        converged: sim.converged,
      },
      agreement: { trainLoss: train, genError: gen },
    };
    if (ctx.out) {
      ctx.out.writeColumnsCsv("curves.csv", {
        time: r.t,
        dmftTrainLoss: r.trainLoss,
        dmftTrainLossError: trainErr,
        dmftGenError: r.genError,
        dmftGenErrorError: genErr,
        simTrainLossMean: sim.mean.trainLoss,
        simTrainLossStd: sim.std.trainLoss,
        simTrainLossStdErr: simTrainSe,
        simGenErrorMean: sim.mean.genError,
        simGenErrorStd: sim.std.genError,
        simGenErrorStdErr: simGenSe,
      });
      const idx = sampleRows(r.t.length, 30);
      const at = (a: ArrayLike<number>) => idx.map((i) => a[i]);
      await ctx.time("figures", () =>
        writeFigure(ctx.out!, "compare", {
          title: "DMFT against finite-size gradient flow",
          subtitle: `δ = ${sig(q.delta as number, 4)}, ρ = ${p.rho}, σ = ${p.sigma}, α = ${p.alpha}; simulation d = ${d}, n = ${n}, teacher ${p.teacherNormalization}; ε_gen ${gen.agrees ? "agrees" : "DISAGREES"} (max z ${sig(gen.maxZ, 2)})`,
          xLabel: "time t",
          yLabel: "train loss ℓ_train, test error ε_gen",
          xScale: "log",
          yScale: "log",
          lineTitle: "DMFT ± 2 estimated errors",
          pointTitle: `simulation mean ± 2 standard errors, ${seeds} seeds`,
          series: [
            {
              name: "train loss",
              x: r.t,
              y: r.trainLoss.map((v, i) => (r.trainLossResolved[i] ? v : Number.NaN)),
              std: trainErr.map((x) => 2 * x),
            },
            { name: "ε_gen", x: r.t, y: r.genError, std: genErr.map((x) => 2 * x) },
            {
              name: "train loss",
              x: at(r.t),
              y: at(sim.mean.trainLoss),
              std: at(simTrainSe.map((x) => 2 * x)),
              style: "points",
            },
            {
              name: "ε_gen",
              x: at(r.t),
              y: at(sim.mean.genError),
              std: at(simGenSe.map((x) => 2 * x)),
              style: "points",
            },
          ],
        }),
      );
    }
    const rows = sampleRows(r.t.length, 8).map((i) => [
      sig(r.t[i]),
      `${sig(r.trainLoss[i])} ± ${sig(trainErr[i], 2)}`,
      `${sig(sim.mean.trainLoss[i])} ± ${sig(simTrainSe[i], 2)}`,
      `${sig(r.genError[i])} ± ${sig(genErr[i], 2)}`,
      `${sig(sim.mean.genError[i])} ± ${sig(simGenSe[i], 2)}`,
    ]);
    const verdict = (name: string, a: typeof gen) =>
      `${name}: ${a.agrees ? "agrees" : "DISAGREES"} within max(${a.nSe} combined s.e., ${100 * a.relTol} %) at ${a.compared} times (max z ${sig(a.maxZ, 2)} at t=${sig(a.atTime, 3)}; could detect ≥ ${sig(100 * a.detectable, 2)} %)`;
    if (!gen.agrees || !train.agrees)
      process.stderr.write(
        `warning: DMFT and simulation disagree beyond their combined errors (${[!gen.agrees ? "ε_gen" : "", !train.agrees ? "train loss" : ""].filter(Boolean).join(", ")}); see the table\n`,
      );
    const summary = `dmft compare: delta=${sig(q.delta as number, 4)} rho=${p.rho} sigma=${p.sigma} alpha=${p.alpha}; simulation d=${d} n=${n}, ${seeds} seeds\n${formatTable(
      ["t", "train (DMFT)", "train (sim, ± s.e.)", "ε_gen (DMFT)", "ε_gen (sim, ± s.e.)"],
      rows,
    )}\n${verdict("ε_gen", gen)}\n${verdict("train loss", train)}`;
    return { result, summary };
  },
});
