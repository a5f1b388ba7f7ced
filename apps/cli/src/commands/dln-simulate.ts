import { defineCommand, type Params, type RunContext } from "../framework/command.js";
import { checkDesign, designOption, designParamsOf } from "../framework/design-option.js";
import {
  alphaOption,
  checkTimes,
  dOption,
  nOption,
  pointsOption,
  priorOption,
  rhoOption,
  seedsOption,
  sigmaOption,
  stiffHint,
  threadsOf,
  threadsOption,
  tMaxOption,
  tMinOption,
  truncationOption,
  workersOption,
} from "../framework/dln-options.js";
import { RuntimeFailure } from "../framework/errors.js";
import { type CurveFigure, writeFigure } from "../framework/figures.js";
import { stringOption } from "../framework/options.js";
import { sampleRows } from "../framework/sample-rows.js";
import { formatTable, sig } from "../framework/text.js";

export const modelOption = stringOption("model", {
  description:
    'network form: "u2-v2" (w = u⊙u − v⊙v), "uv" (w = u⊙v), "linear" (w itself, the alpha → ∞ reference)',
  default: "u2-v2",
  choices: ["u2-v2", "uv", "linear"],
  placeholder: "FORM",
});

/** The DlnParams of @meanfield/dln from the CLI's flags. */
export async function dlnParamsOf(p: Params): Promise<Record<string, unknown>> {
  return {
    n: p.n,
    d: p.d,
    rho: p.rho,
    sigma: p.sigma,
    alpha: p.alpha,
    prior: p.prior,
    T: p.tMax,
    model: p.model ?? "u2-v2",
    seed: p.seed,
    ...(p.truncation !== undefined ? { truncation: p.truncation } : {}),
    ...(await designParamsOf(p)),
  };
}

export const dlnSimulate = defineCommand({
  id: "dln simulate",
  short: "finite-size DLN gradient flow over seeds: train loss and ε_gen against time",
  summary:
    "Finite-size gradient flow of a diagonal linear network over several seeds: train loss and ε_gen over time.",
  description:
    "Draws X (n×d, entries N(0,1/d)), a teacher w* from the prior with density rho and labels y = X w* + sigma ξ, " +
    "then integrates the gradient flow of w = u⊙u − v⊙v from u(0) = v(0) = alpha with adaptive RK45 steps " +
    "(docs: theory/dln.md, “Gradient flow”). Seeds seed, seed+1, … each draw their own data; curves are the mean ± sample std over seeds.",
  options: [
    nOption,
    dOption,
    rhoOption,
    sigmaOption,
    alphaOption,
    tMaxOption,
    tMinOption,
    pointsOption,
    seedsOption,
    priorOption,
    modelOption,
    truncationOption,
    designOption,
    workersOption,
    threadsOption,
  ],
  examples: [
    "meanfield dln simulate --n 1000 --d 2000 --rho 0.1 --sigma 0 --alpha 0.01 --t-max 1000 --seeds 5 --seed 1 --json",
    "meanfield dln simulate --n 100 --d 200 --alpha 0.1 --t-max 100 --out out/sim",
  ],
  output: [
    {
      field: "params",
      description:
        "the parameters used (n, d, rho, sigma, alpha, tMax, tMin, points, seeds, prior, model, design)",
    },
    { field: "seed", description: "the base seed; run k uses seed + k" },
    { field: "seeds", description: "the seed of every run" },
    { field: "times", description: "output times: 0, then log-spaced from tMin to tMax" },
    {
      field: "trainLoss.mean, trainLoss.std",
      description: "ℓ_train(t) = ‖y − Xw‖²/(2n), mean and sample std over seeds, one entry per time",
    },
    { field: "genError.mean, genError.std", description: "ε_gen(t) = ‖w − w*‖²/d, mean and std over seeds" },
    {
      field: "l1Norm, l2NormSq, activeCount, supportRecovery",
      description: "‖w‖₁/d, ‖w‖₂²/d, active coordinates, recovered fraction of the support (mean, std)",
    },
    { field: "final", description: "trainLoss and genError at tMax (mean, std)" },
    { field: "converged, message", description: "true when every seed's integration reached tMax" },
    {
      field: "runs",
      description: "per seed: seed, converged, steps, rejected steps, max conserved-quantity drift",
    },
    {
      field: "timings, versions",
      description: "wall-clock seconds; versions of the CLI, every @meanfield package and Node",
    },
  ],
  files: [
    "result.json — the JSON above",
    "curves.csv — time, trainLoss mean/std, genError mean/std per output time",
    "curves.svg, curves.png — train loss and ε_gen against time (log-log), mean ± 1 standard error over seeds (std/√seeds)",
  ],
  check: async (p) => {
    checkTimes(p);
    await checkDesign(p);
  },
  async run(p, ctx) {
    const total = p.seeds as number;
    const res = await ctx.time("simulation", () => simulate(p, ctx));
    if (!res.converged)
      throw new RuntimeFailure(`gradient flow failed: ${res.message}${stiffHint(res.message)}`);
    const L = res.times.length;
    const pick = (
      k: "trainLoss" | "genError" | "l1Norm" | "l2NormSq" | "activeCount" | "supportRecovery",
    ) => ({
      mean: res.mean[k],
      std: res.std[k],
    });
    const result = {
      seeds: res.seeds,
      times: res.times,
      trainLoss: pick("trainLoss"),
      genError: pick("genError"),
      l1Norm: pick("l1Norm"),
      l2NormSq: pick("l2NormSq"),
      activeCount: pick("activeCount"),
      supportRecovery: pick("supportRecovery"),
      final: {
        trainLoss: { mean: res.mean.trainLoss[L - 1], std: res.std.trainLoss[L - 1] },
        genError: { mean: res.mean.genError[L - 1], std: res.std.genError[L - 1] },
      },
      converged: res.converged,
      message: res.message,
      runs: res.runs.map((r, k) => ({
        seed: res.seeds[k],
        converged: r.converged,
        steps: (r as { steps?: number }).steps,
        rejected: (r as { rejected?: number }).rejected,
        maxConservedDrift: Math.max(...Array.from(r.conservedDrift).filter(Number.isFinite), 0),
      })),
    };
    if (ctx.out) {
      ctx.out.writeColumnsCsv("curves.csv", {
        time: res.times,
        trainLossMean: res.mean.trainLoss,
        trainLossStd: res.std.trainLoss,
        genErrorMean: res.mean.genError,
        genErrorStd: res.std.genError,
      });
      await ctx.time("figures", () => writeFigure(ctx.out!, "curves", curvesFigure(p, res)));
    }
    const rows = sampleRows(L, 8).map((i) => [
      sig(res.times[i]),
      `${sig(res.mean.trainLoss[i])} ± ${sig(res.std.trainLoss[i], 2)}`,
      `${sig(res.mean.genError[i])} ± ${sig(res.std.genError[i], 2)}`,
    ]);
    const summary = `dln simulate: n=${p.n} d=${p.d} rho=${p.rho} sigma=${p.sigma} alpha=${p.alpha}, ${total} seed(s) from ${p.seed}\n${formatTable(
      ["t", "train loss (mean ± std)", "ε_gen (mean ± std)"],
      rows,
    )}`;
    return { result, summary };
  },
});

type Curves = Record<"trainLoss" | "genError", ArrayLike<number>>;

/**
 * The `curves` figure: the mean over seeds of the train loss and ε_gen against time, each with a band of
 * ± 1 standard error of that mean (the seed-to-seed sample std / √seeds; none for a single seed), which
 * the legend title states.
 */
export function curvesFigure(
  p: Record<string, unknown>,
  res: { times: ArrayLike<number>; mean: Curves; std: Curves; seeds: ArrayLike<unknown> },
): CurveFigure {
  const S = res.seeds.length;
  const se = (std: ArrayLike<number>) => (S > 1 ? Array.from(std, (v) => v / Math.sqrt(S)) : undefined);
  const band = (std: ArrayLike<number>) => {
    const e = se(std);
    return e ? { std: e } : {};
  };
  return {
    title: "DLN gradient flow: train loss and test error",
    subtitle: `n = ${p.n}, d = ${p.d}, ρ = ${p.rho}, σ = ${p.sigma}, α = ${p.alpha}`,
    xLabel: "time t",
    yLabel: "train loss ℓ_train, test error ε_gen",
    xScale: "log",
    yScale: "log",
    lineTitle: S > 1 ? `mean ± 1 standard error, ${S} seeds` : "1 seed",
    series: [
      { name: "train loss ℓ_train", x: res.times, y: res.mean.trainLoss, ...band(res.std.trainLoss) },
      { name: "test error ε_gen", x: res.times, y: res.mean.genError, ...band(res.std.genError) },
    ],
  };
}

/**
 * Runs the seeds: in parallel through simulateSeeds (progress per seed), or, for one seed or
 * --workers 0, serially here so that progress can follow the time steps.
 */
async function simulate(p: Params, ctx: RunContext) {
  const dln = await import("@meanfield/dln");
  const total = p.seeds as number;
  const flowOptions = { nTimes: p.points as number, tMin: p.tMin as number, ...threadsOf(p) };
  if (total > 1 && p.workers !== 0) {
    return dln.simulateSeeds((await dlnParamsOf(p)) as never, {
      seeds: total,
      workers: p.workers as number | undefined,
      flowOptions,
      onProgress: ({ completed }) => ctx.progress.update("seeds", completed, total),
    });
  }
  const seeds = Array.from({ length: total }, (_, k) => dln.seedOf(p.seed, k));
  const base = await dlnParamsOf(p);
  const runs = seeds.map((seed, k) =>
    dln.simulateGradientFlow({ ...base, seed } as never, {
      ...flowOptions,
      onProgress: (q) =>
        ctx.progress.update(
          total > 1 ? `seed ${k + 1}/${total}` : "gradient flow",
          q.index + 1,
          p.points as number,
          `t=${sig(q.t, 3)}`,
        ),
    }),
  );
  const length = Math.min(...runs.map((r) => r.times.length));
  const { mean, std } = dln.aggregateRuns(runs, length);
  const converged = runs.every((r) => r.converged);
  return {
    times: runs[0].times.slice(0, length),
    mean,
    std,
    runs,
    seeds,
    converged,
    message: converged
      ? `${total} seeds`
      : runs
          .filter((r) => !r.converged)
          .map((r) => r.message)
          .join("; "),
  };
}
