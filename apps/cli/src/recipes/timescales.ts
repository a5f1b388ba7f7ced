import { writeFigure } from "../framework/figures.js";
import { type CheckRow, type Recipe, verdict } from "../framework/recipe.js";
import { sig } from "../framework/text.js";

/** Least-squares slope of y against x, and its standard error from the residuals (NaN for 2 points). */
function slope(x: number[], y: number[]): { slope: number; stdErr: number } {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  const b = sxy / sxx;
  let ssr = 0;
  for (let i = 0; i < n; i++) ssr += (y[i] - my - b * (x[i] - mx)) ** 2;
  return { slope: b, stdErr: n > 2 ? Math.sqrt(ssr / (n - 2) / sxx) : Number.NaN };
}

/** Mean and standard error of the finite values. */
function meanStdErr(xs: number[]): { mean: number; stdErr: number } {
  const v = xs.filter(Number.isFinite);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const variance = v.length > 1 ? v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1) : Number.NaN;
  return { mean, stdErr: Math.sqrt(variance / v.length) };
}

/** The prediction is an order-of-magnitude linearisation: it is held to a factor 2 at best. */
const MODEL_FLOOR = {
  log: true,
  rel: 1,
  floorReason: "factor 2, the accuracy of an order-of-magnitude prediction without fitted constants",
} as const;

/**
 * Learning timescales (theory/dmft.md, "Timescales and incremental learning"): at small alpha the search (plateau) phase lasts ~ log(1/alpha).
 * Theory: the predicted search time of @meanfield/dmft (an order-of-magnitude linearisation, no fitted
 * constants). Check: the descent phase read off finite-size gradient-flow curves (mean over seeds) by
 * the phase detector — the time ε_gen has dropped halfway between 10% and 90% of its total drop, on a
 * log scale — and the slope of both against log(1/alpha).
 */
export const timescalesRecipe: Recipe = {
  id: "timescales",
  title: "Learning timescales: plateau (search) time against log(1/alpha), prediction vs simulation",
  source:
    "the timescale-scaling figure of arXiv:2510.01930; project parameters delta = 0.5, rho = 0.1, sigma = 0",
  needs: ["@meanfield/dmft", "@meanfield/dln"],
  async run(ctx) {
    const dmft = await import("@meanfield/dmft");
    const dln = await import("@meanfield/dln");
    const size = ctx.full
      ? { d: 2000, seeds: 5, alphas: [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-8] }
      : { d: 300, seeds: 3, alphas: [1e-2, 1e-3, 1e-4, 1e-6] };
    const model = { delta: 0.5, rho: 0.1, sigma: 0 };
    const n = Math.round(model.delta * size.d);
    const rows: CheckRow[] = [];
    const points: Record<string, number>[] = [];
    for (const [k, alpha] of size.alphas.entries()) {
      ctx.progress.update("timescales", k, size.alphas.length, `alpha=${alpha}`);
      const pred = dmft.predictedTimescales({ alpha, delta: model.delta, rho: model.rho });
      const T = Math.max(30, 10 * pred.searchTime);
      const sim = await dln.simulateSeeds(
        { n, d: size.d, ...model, alpha, T, seed: ctx.seed },
        { seeds: size.seeds, flowOptions: { nTimes: 160 } },
      );
      const ph = dmft.detectPhases({
        times: sim.times,
        trainLoss: sim.mean.trainLoss,
        genError: sim.mean.genError,
      });
      const mid = Math.sqrt(ph.descentStart * ph.descentEnd);
      // The seed-to-seed spread of the descent midpoint, on a log scale: the check's standard error.
      const lnMids = sim.runs.map((run) => {
        const q = dmft.detectPhases(run);
        return 0.5 * Math.log(q.descentStart * q.descentEnd);
      });
      const lnMidSe = meanStdErr(lnMids).stdErr;
      points.push({
        alpha,
        logInvAlpha: Math.log(1 / alpha),
        searchTime: pred.searchTime,
        descentStart: ph.descentStart,
        descentEnd: ph.descentEnd,
        descentMid: mid,
        separationTime: ph.separationTime,
      });
      rows.push({
        quantity: `search time, alpha=${alpha}`,
        theory: pred.searchTime,
        theoryMethod: "predicted (linearised growth from alpha²)",
        check: mid,
        checkMethod: `descent midpoint of gradient flow (mean curve), d=${size.d}, ${size.seeds} seeds (error: seed-to-seed standard error)`,
        ...verdict("independent", pred.searchTime, 0, mid, mid * lnMidSe, MODEL_FLOOR),
        note: `descent from t=${sig(ph.descentStart, 3)} to t=${sig(ph.descentEnd, 3)}; the prediction has no error estimate (σ_theory = 0): its accuracy is the factor-2 floor`,
      });
    }
    ctx.progress.update("timescales", size.alphas.length, size.alphas.length);
    const x = points.map((p) => p.logInvAlpha);
    const sTheory = slope(
      x,
      points.map((p) => p.searchTime),
    ).slope;
    const fit = slope(
      x,
      points.map((p) => p.descentMid),
    );
    const sSim = fit.slope;
    rows.push({
      quantity: "d(search time)/d log(1/alpha)",
      theory: sTheory,
      theoryMethod: "predicted: √rho / (2 delta)",
      check: sSim,
      checkMethod: "least-squares slope of the simulated descent midpoints (error: from the fit's residuals)",
      ...verdict("independent", sTheory, 0, sSim, fit.stdErr, MODEL_FLOOR),
    });
    if (ctx.out) {
      ctx.out.writeJson("timescales.json", {
        params: { ...model, ...size, n, seed: ctx.seed },
        points,
        slopes: { theory: sTheory, simulation: sSim },
      });
      ctx.out.writeColumnsCsv("timescales.csv", {
        alpha: points.map((p) => p.alpha),
        logInvAlpha: x,
        predictedSearchTime: points.map((p) => p.searchTime),
        simDescentStart: points.map((p) => p.descentStart),
        simDescentMid: points.map((p) => p.descentMid),
        simDescentEnd: points.map((p) => p.descentEnd),
      });
      await writeFigure(ctx.out, "timescales", {
        title: "Plateau length grows like log(1/alpha)",
        subtitle: `delta=0.5, rho=0.1, sigma=0; simulation d=${size.d}, ${size.seeds} seeds`,
        xLabel: "log(1/alpha)",
        yLabel: "time",
        series: [
          { name: "search time (prediction)", x, y: points.map((p) => p.searchTime) },
          { name: "descent start (simulation)", x, y: points.map((p) => p.descentStart), style: "points" },
          { name: "descent end (simulation)", x, y: points.map((p) => p.descentEnd), style: "points" },
        ],
      });
    }
    return { rows };
  },
};
