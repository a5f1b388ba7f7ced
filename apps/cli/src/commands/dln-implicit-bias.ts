import { defineCommand } from "../framework/command.js";
import { checkDesign, designOption, designParamsOf } from "../framework/design-option.js";
import {
  alphaOption,
  checkTimes,
  dOption,
  MAX_T,
  nOption,
  priorOption,
  rhoOption,
  sigmaOption,
  stiffHint,
} from "../framework/dln-options.js";
import { RuntimeFailure } from "../framework/errors.js";
import { type CurveFigure, writeFigure } from "../framework/figures.js";
import { numberOption } from "../framework/options.js";
import { formatTable, sig } from "../framework/text.js";

const tMaxLong = numberOption("t-max", {
  description: `final time of the gradient-flow simulation compared with the limit (small alpha needs long times; at most ${MAX_T})`,
  default: 1000,
  min: 0,
  minExclusive: true,
  max: MAX_T,
});

const tMinOpt = numberOption("t-min", {
  description: "first output time of the simulation's log-spaced grid",
  default: 0.01,
  min: 0,
  minExclusive: true,
});

function relDistance(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return den > 0 ? Math.sqrt(num / den) : Math.sqrt(num);
}

function l1PerD(w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += Math.abs(w[i]);
  return s / w.length;
}

const r0 = (times: ArrayLike<number>) => times[times.length - 1];

/**
 * The `weights` figure: a scatter of the flow's w_i(T) (y) against the implicit-bias prediction w_Q,i (x),
 * one marker per coordinate, coordinates in the teacher's support and the others as separate series
 * (distinct colours and legend entries), with the dashed diagonal w_flow = w_Q on which they agree.
 */
export function weightsFigure(
  p: Record<string, unknown>,
  w: {
    wQ: ArrayLike<number>;
    wFlow: ArrayLike<number>;
    wStar: ArrayLike<number>;
    tMax: number;
    distance: number;
    underdetermined: boolean;
  },
): CurveFigure {
  const on = { x: [] as number[], y: [] as number[] };
  const off = { x: [] as number[], y: [] as number[] };
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < w.wQ.length; i++) {
    const into = w.wStar[i] !== 0 ? on : off;
    into.x.push(w.wQ[i]);
    into.y.push(w.wFlow[i]);
    for (const v of [w.wQ[i], w.wFlow[i]]) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const limit = w.underdetermined ? "min-Q_α interpolator" : "least squares";
  const series: CurveFigure["series"] = [];
  if (Number.isFinite(lo) && hi > lo) {
    series.push({ name: "w_flow = w_Q", x: [lo, hi], y: [lo, hi], style: "dashed" });
  }
  if (on.x.length > 0) series.push({ name: "w*_i ≠ 0 (teacher support)", ...on, style: "points" });
  if (off.x.length > 0) series.push({ name: "w*_i = 0", ...off, style: "points" });
  return {
    title: "Gradient flow against its implicit-bias limit",
    subtitle: `n = ${p.n}, d = ${p.d}, α = ${p.alpha}; ‖w_flow − w_Q‖/‖w_Q‖ = ${sig(w.distance, 3)}`,
    xLabel: `implicit-bias prediction w_Q,i (${limit})`,
    yLabel: `gradient flow w_i(t = ${sig(w.tMax)})`,
    lineTitle: "agreement",
    pointTitle: "coordinate i",
    width: 360,
    height: 360,
    series,
  };
}

export const dlnImplicitBias = defineCommand({
  id: "dln implicit-bias",
  short: "the implicit-bias limit (min Q_alpha) and its distance to the flow's w(T)",
  summary:
    "The long-time interpolator predicted by the implicit-bias theory, and its distance to the simulation's.",
  description:
    "For one data set (same flags and seed as 'dln simulate'), solves argmin Q_alpha(w) subject to Xw = y " +
    "(the mirror-flow limit; docs: theory/dln.md, “Implicit bias”) by Newton's method on its dual, integrates the gradient flow to " +
    "--t-max on the same data, and reports the relative distance ‖w_flow − w_Q‖/‖w_Q‖ together with the two " +
    "limits alpha → 0 (minimum ℓ1, basis pursuit) and alpha → ∞ (minimum ℓ2). For n > d the limit is the " +
    "least-squares solution.",
  options: [
    nOption,
    dOption,
    rhoOption,
    sigmaOption,
    alphaOption,
    tMaxLong,
    tMinOpt,
    priorOption,
    designOption,
  ],
  examples: ["meanfield dln implicit-bias --n 100 --d 200 --rho 0.1 --alpha 0.01 --t-max 10000 --json"],
  output: [
    {
      field: "params, seed",
      description: "the parameters and seed (the data are those of 'dln simulate' run 0)",
    },
    {
      field: "implicitBias",
      description:
        "the min-Q_alpha interpolator: genError, l1Norm (‖w‖₁/d), trainLoss, converged, iterations, residual ‖Xw − y‖",
    },
    {
      field: "simulation",
      description: "the gradient flow at tMax: genError, trainLoss, l1Norm, converged, steps",
    },
    { field: "distance", description: "‖w_flow(tMax) − w_Q‖₂ / ‖w_Q‖₂" },
    { field: "minL1", description: "basis pursuit (alpha → 0 limit): genError, l1Norm, converged" },
    { field: "minL2", description: "minimum-ℓ2 interpolator (alpha → ∞ limit): genError, l1Norm" },
    { field: "converged", description: "true when the solver and the flow both converged" },
    { field: "timings, versions", description: "wall-clock seconds per stage; package versions" },
  ],
  files: [
    "result.json — the JSON above",
    "weights.csv — i, wStar, implicit-bias w, flow w(tMax), min-ℓ1 w, min-ℓ2 w per coordinate",
    "weights.svg, weights.png — scatter of the flow's w_i(tMax) against the implicit-bias prediction w_Q,i, one marker per coordinate (teacher support and the rest apart), with the diagonal w_flow = w_Q",
  ],
  check: async (p) => {
    checkTimes(p);
    await checkDesign(p);
  },
  async run(p, ctx) {
    const dln = await import("@meanfield/dln");
    const params = {
      n: p.n as number,
      d: p.d as number,
      rho: p.rho as number,
      sigma: p.sigma as number,
      alpha: p.alpha as number,
      prior: p.prior as "bernoulliGaussian",
      T: p.tMax as number,
      seed: p.seed,
      ...((await designParamsOf(p)) as { design?: "gaussian"; X?: never }),
    };
    const resolved = dln.validateDlnParams(params);
    const data = dln.createDlnData(resolved);
    const wStar = data.wStar as Float64Array;
    const n = resolved.n;
    const trainLoss = (w: Float64Array) => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        let xi = 0;
        for (let j = 0; j < resolved.d; j++) xi += data.X.data[i * resolved.d + j] * w[j];
        s += (data.y[i] - xi) ** 2;
      }
      return s / (2 * n);
    };
    const underdetermined = n <= resolved.d;
    const ib = await ctx.time("implicitBias", () =>
      underdetermined
        ? dln.minQAlphaInterpolator(data.X, data.y, resolved.alpha)
        : (() => {
            const r = dln.minL2Interpolator(data.X, data.y);
            return { ...r, iterations: 1 };
          })(),
    );
    if (!ib.converged) throw new RuntimeFailure(`implicit-bias solver did not converge: ${ib.message}`);
    const sim = await ctx.time("simulation", () =>
      dln.simulateGradientFlow(params, {
        data,
        nTimes: 40,
        tMin: p.tMin as number,
        onProgress: (q) => ctx.progress.update("gradient flow", q.index + 1, 40, `t=${sig(q.t, 3)}`),
      }),
    );
    if (!sim.converged) {
      throw new RuntimeFailure(`gradient flow did not reach t-max: ${sim.message}${stiffHint(sim.message)}`);
    }
    const l1 = underdetermined ? await ctx.time("minL1", () => dln.basisPursuit(data.X, data.y)) : undefined;
    const l2 = dln.minL2Interpolator(data.X, data.y);
    const distance = relDistance(sim.w, ib.w);
    const result = {
      implicitBias: {
        problem: underdetermined ? "argmin Q_alpha(w) s.t. Xw = y" : "least squares (n > d)",
        genError: dln.genError(ib.w, wStar),
        l1Norm: l1PerD(ib.w),
        trainLoss: trainLoss(ib.w),
        converged: ib.converged,
        iterations: ib.iterations,
        residual: ib.residual,
        message: ib.message,
      },
      simulation: {
        tMax: sim.times[sim.times.length - 1],
        genError: sim.genError[sim.genError.length - 1],
        trainLoss: sim.trainLoss[sim.trainLoss.length - 1],
        l1Norm: l1PerD(sim.w),
        converged: sim.converged,
        steps: sim.steps,
      },
      distance,
      minL1: l1
        ? { genError: dln.genError(l1.w, wStar), l1Norm: l1PerD(l1.w), converged: l1.converged }
        : null,
      minL2: { genError: dln.genError(l2.w, wStar), l1Norm: l1PerD(l2.w) },
      converged: ib.converged && sim.converged,
    };
    if (ctx.out) {
      const idx = Array.from({ length: resolved.d }, (_, i) => i);
      ctx.out.writeColumnsCsv("weights.csv", {
        i: idx,
        wStar,
        implicitBias: ib.w,
        flow: sim.w,
        minL1: l1 ? l1.w : new Float64Array(resolved.d).fill(Number.NaN),
        minL2: l2.w,
      });
      await ctx.time("figures", () =>
        writeFigure(
          ctx.out!,
          "weights",
          weightsFigure(p, { wQ: ib.w, wFlow: sim.w, wStar, tMax: r0(sim.times), distance, underdetermined }),
        ),
      );
    }
    const r = result;
    const summary = `dln implicit-bias: n=${p.n} d=${p.d} rho=${p.rho} sigma=${p.sigma} alpha=${p.alpha}, seed ${p.seed}\n${formatTable(
      ["", "ε_gen", "‖w‖₁/d", "train loss"],
      [
        [
          "implicit bias (min Q_alpha)",
          sig(r.implicitBias.genError),
          sig(r.implicitBias.l1Norm),
          sig(r.implicitBias.trainLoss),
        ],
        [
          `gradient flow at t=${sig(r.simulation.tMax)}`,
          sig(r.simulation.genError),
          sig(r.simulation.l1Norm),
          sig(r.simulation.trainLoss),
        ],
        ["min ℓ1 (alpha → 0)", sig(r.minL1?.genError), sig(r.minL1?.l1Norm), ""],
        ["min ℓ2 (alpha → ∞)", sig(r.minL2.genError), sig(r.minL2.l1Norm), ""],
      ],
    )}\nrelative distance ‖w_flow − w_Q‖/‖w_Q‖ = ${sig(distance, 3)}`;
    return { result, summary };
  },
});
