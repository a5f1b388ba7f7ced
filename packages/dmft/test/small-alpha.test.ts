import { saddleToSaddleCurves } from "@meanfield/dln";
import { createRng } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import {
  crossingTime,
  crossingTimes,
  type DmftResult,
  diluteActivation,
  meanStdErrOf,
  predictedTimescales,
  smallAlphaLimit,
  smallAlphaReference,
  solveDmft,
  timescaleScaling,
} from "../src/index.js";

const model = { delta: 0.5, rho: 0.1, sigma: 0 };

describe("diluteActivation: the start of the alpha → 0 dynamics in closed form", () => {
  // Second method: the saddle-to-saddle paths (alpha = 0 exactly) on 16 data sets at d = 2000, read where
  // fewer than 0.5 % of the coordinates are active (the neglected coupling is O(active fraction)).
  // The coupling of active coordinates is O(active fraction) relative in their values, but ε_gen's change is a
  // small difference (signal gained minus noise fitted) when the labels are noisy: there the closed form
  // holds only at the very start (measured: 6 standard errors off at 0.3 % active with sigma 0.3).
  for (const [name, params, tau, maxActive] of [
    [
      "bernoulliGaussian, sigma 0",
      { ...model, prior: "bernoulliGaussian" as const },
      [0.06, 0.08, 0.09, 0.1, 0.11, 0.12, 0.13, 0.14],
      0.005,
    ],
    [
      "rademacherSparse, sigma 0.3",
      { delta: 0.6, rho: 0.15, sigma: 0.3, prior: "rademacherSparse" as const },
      [0.1, 0.12, 0.13, 0.14, 0.15],
      0.001,
    ],
  ] as const) {
    it(`agrees with the saddle-to-saddle paths within 3 combined standard errors (${name})`, () => {
      const sim = saddleToSaddleCurves(
        { ...params, d: 2000, seed: `dilute-${name}`, teacherNormalization: "exact" },
        { seeds: 16, tau },
      );
      const th = diluteActivation(params, tau);
      let moved = false;
      for (let k = 0; k < tau.length; k++) {
        if (sim.activeFraction.mean[k] > maxActive) continue;
        for (const key of ["genError", "trainLoss", "activeFraction"] as const) {
          // where no data set has an active coordinate yet the spread is 0: then the binomial error of the count
          const se = Math.max(
            sim[key].stdErr[k],
            key === "activeFraction" ? Math.sqrt(th.activeFraction[k] / (2000 * 16)) : 0,
          );
          const diff = Math.abs(th[key][k] - sim[key].mean[k]);
          // a floor for the points where no data set has moved yet (zero spread)
          expect(diff).toBeLessThanOrEqual(3 * se + 1e-3 * Math.abs(th[key][k]) + 1e-6);
        }
        if (th.trainLoss[k] < 0.97 * th.trainLoss[0] || th.genError[k] < 0.97) moved = true;
      }
      expect(moved).toBe(true); // the compared range includes a visible part of the drop
    });
  }

  it("starts at the empty model and activates no one at τ → 0; unknown priors are refused", () => {
    const th = diluteActivation({ ...model, sigma: 0.5 }, [0, 1e-3]);
    expect(th.genError[0]).toBe(1);
    expect(th.trainLoss[0]).toBeCloseTo((1 + 0.25) / 2, 15);
    expect(th.activeFraction[1]).toBeLessThan(1e-100);
    expect(() => diluteActivation({ ...model, prior: { sample: () => 1 } }, [0.1])).toThrow(/prior/);
  });
});

describe("crossingTime / crossingTimes (the detector with error bars)", () => {
  it("finds the crossing of an exponential exactly in (ln t, ln v) and reports the (t, v) difference as its grid error", () => {
    // v = t^(−2) is a straight line in (ln t, ln v): log interpolation is exact
    const t = Array.from({ length: 30 }, (_, k) => 0.5 * 1.2 ** k);
    const v = t.map((x) => x ** -2);
    const c = crossingTime({ times: t, values: v }, 0.01);
    expect(c.time).toBeCloseTo(10, 10);
    expect(c.gridError).toBeGreaterThan(0);
    // a finer grid shrinks the (t, v) interpolation difference like h²
    const t2 = Array.from({ length: 59 }, (_, k) => 0.5 * Math.sqrt(1.2) ** k);
    const c2 = crossingTime({ times: t2, values: t2.map((x) => x ** -2) }, 0.01);
    expect(c2.gridError).toBeLessThan(c.gridError / 3);
    // value errors propagate through the slope: δt = δv/|dv/dt| = 0.0001/(2·10⁻³) at t = 10
    const e = crossingTime({ times: t2, values: t2.map((x) => x ** -2), errors: t2.map(() => 1e-4) }, 0.01);
    expect(e.valueError).toBeCloseTo(0.05, 2);
  });

  it("averages over curves with a standard error, and refuses a curve that never reaches the level", () => {
    const t = Array.from({ length: 50 }, (_, k) => 0.1 * k);
    const curves = [1, 1.1, 0.9, 1.05].map((r) => ({ times: t, values: t.map((x) => Math.exp(-r * x)) }));
    const [c] = crossingTimes(curves, [0.5]);
    const exact = [1, 1.1, 0.9, 1.05].map((r) => Math.log(2) / r);
    const mean = exact.reduce((a, b) => a + b) / 4;
    // (ln t, ln v) interpolation of an exponential is not exact: its error is what curveError estimates
    expect(Math.abs(c.mean - mean)).toBeLessThan(3 * c.curveError);
    expect(c.curveError).toBeLessThan(0.01);
    const sd = Math.sqrt(exact.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
    expect(Math.abs(c.stdErr - sd / 2)).toBeLessThan(0.01 * sd);
    expect(() => crossingTimes(curves, [1e-9])).toThrow(/curves\[0\]/);
  });
});

describe("smallAlphaLimit: the 1/ln(1/alpha) fit (consistency check of the machinery on synthetic solves)", () => {
  it("recovers a known limit within its standard error, with a χ² calibrated to its degrees of freedom", () => {
    const rng = createRng("small-alpha-synthetic");
    const alphas = [1e-2, 1e-3, 1e-4, 1e-6, 1e-8];
    const tau = [0.2, 0.5, 1];
    const limit = (x: number) => Math.exp(-3 * x);
    const corr = (x: number) => 2 * x;
    let chi = 0;
    let z2 = 0;
    const R = 300;
    for (let r = 0; r < R; r++) {
      const solves = alphas.map((alpha) => {
        const L = Math.log(1 / alpha);
        const t = Float64Array.from({ length: 200 }, (_, k) => (k * 1.2 * L) / 199);
        const v = t.map((x) => limit(x / L) * Math.exp(corr(x / L) / L));
        const rel = 0.02;
        const noisy = Float64Array.from(v, (x) => x * (1 + rel * rng.normal()));
        const err = Float64Array.from(v, (x) => x * rel);
        return {
          t,
          params: { alpha },
          genError: noisy,
          genErrorStdErr: err,
          genErrorDiscError: new Float64Array(t.length),
        };
      });
      // noise is independent per grid point; interpolation between neighbours averages it — read on nodes
      const fit = smallAlphaLimit(solves as unknown as DmftResult[], { tau });
      for (let k = 0; k < tau.length; k++) {
        z2 += ((fit.limit[k] - limit(tau[k])) / fit.limitStdErr[k]) ** 2;
        chi += fit.chi2[k];
      }
    }
    // interpolation between two noisy nodes reduces the noise a little, so both ratios sit at or below 1
    expect(z2 / (R * tau.length)).toBeGreaterThan(0.4);
    expect(z2 / (R * tau.length)).toBeLessThan(1.15);
    expect(chi / (R * tau.length) / 3).toBeGreaterThan(0.4);
    expect(chi / (R * tau.length) / 3).toBeLessThan(1.15);
  });

  it("refuses too few solves, alpha ≥ 1 and times beyond a solve", () => {
    const s = (alpha: number, T: number) =>
      ({
        t: Float64Array.from([0, T / 2, T]),
        params: { alpha },
        genError: Float64Array.from([1, 0.5, 0.1]),
        genErrorStdErr: new Float64Array(3).fill(0.01),
        genErrorDiscError: new Float64Array(3),
      }) as unknown as DmftResult;
    expect(() => smallAlphaLimit([s(0.1, 5), s(0.01, 5)], { tau: [0.5] })).toThrow(/at least 3/);
    expect(() => smallAlphaLimit([s(0.1, 5), s(0.01, 5), s(2, 5)], { tau: [0.5] })).toThrow(/alpha/);
    expect(() => smallAlphaLimit([s(0.1, 5), s(0.01, 5), s(0.001, 5)], { tau: [1] })).toThrow(/tau/);
  });
});

describe("the small-alpha limit: DMFT against the saddle-to-saddle limit and the flows at d = 4000 (committed reference)", () => {
  const ref = smallAlphaReference();
  const tauMax = 2;
  // quick solves (6000 samples, 60 grid points: ≈ 2 s each); their errors are part of every comparison
  const alphas = [1e-3, 1e-4, 1e-6, 1e-8];
  let solves: DmftResult[] = [];
  let limitCurve: { times: number[]; values: Float64Array; errors: Float64Array } | undefined;
  const tau = ref.tau.filter((x) => x >= 0.09 && x <= tauMax);
  const index = tau.map((x) => ref.tau.indexOf(x));

  it("DMFT solves approach the limit at the predicted rate and their extrapolation agrees with saddle-to-saddle", () => {
    solves = alphas.map((alpha) =>
      solveDmft({ ...model, alpha, T: tauMax * Math.log(1 / alpha) }, { samples: 6000, gridPoints: 60 }),
    );
    for (const s of solves) expect(s.converged).toBe(true);
    const lim = smallAlphaLimit(solves, { tau });
    limitCurve = { times: tau, values: lim.limit, errors: lim.limitStdErr };
    const limit = ref.limit.genError;
    let sumZ2 = 0;
    let rawMisses = 0;
    for (let k = 0; k < tau.length; k++) {
      const q = index[k];
      const combined = Math.hypot(lim.limitStdErr[k], limit.stdErr[q]);
      const z = (lim.limit[k] - limit.mean[q]) / combined;
      expect(Math.abs(z)).toBeLessThan(3);
      sumZ2 += z * z;
      // the 1/ln(1/alpha) law describes the four solves within their errors (χ² with 2 degrees of freedom:
      // 13.8 is its 0.1 % point)
      expect(lim.chi2[k]).toBeLessThan(13.8);
      // power: without the extrapolation the alpha = 1e-3 solve would miss the limit somewhere
      const raw = (lim.values[0][k] - limit.mean[q]) / Math.hypot(lim.errors[0][k], limit.stdErr[q]);
      if (Math.abs(raw) > 3) rawMisses++;
    }
    expect(sumZ2 / tau.length).toBeLessThan(2);
    expect(rawMisses).toBeGreaterThan(3);
  }, 120_000);

  it("at finite alpha the same DMFT solves agree with the d = 4000 flows on ε_gen, train loss and the active fraction (the staircase)", () => {
    // solves[k] at alphas[k]; the flows of the reference at the same alphas, on the same τ grid
    let compared = 0;
    for (const [k, alpha] of alphas.entries()) {
      const flow = ref.flows[String(alpha)];
      if (!flow) continue;
      const s = solves[k];
      const L = Math.log(1 / alpha);
      for (const q of index) {
        const t = ref.tau[q] * L;
        let j = 1;
        while (j < s.t.length - 1 && s.t[j] < t) j++;
        const w = (t - s.t[j - 1]) / (s.t[j] - s.t[j - 1]);
        const at = (v: Float64Array) => (1 - w) * v[j - 1] + w * v[j];
        for (const [key, se, disc] of [
          ["genError", "genErrorStdErr", "genErrorDiscError"],
          ["trainLoss", "trainLossStdErr", "trainLossDiscError"],
          ["activeFraction", "activeFractionStdErr", "activeFractionDiscError"],
        ] as const) {
          const theory = at(s[key]);
          const err = Math.hypot(at(s[se]), at(s[disc]));
          const sim = flow[key];
          // 2 % floor: finite-d corrections and the linear interpolation between DMFT grid points
          const allowed = Math.max(3 * Math.hypot(err, sim.stdErr[q]), 0.02 * Math.abs(sim.mean[q]));
          expect(
            Math.abs(theory - sim.mean[q]),
            `${key} at alpha ${alpha}, τ ${ref.tau[q]}`,
          ).toBeLessThanOrEqual(allowed);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it("search-time scaling: the flows' slope per ln(1/alpha) equals the limit's τ (paired) and the closed form (two-sided)", () => {
    const levels = [0.9, 0.5];
    // alpha ≤ 1e-3: at 1e-2 the O(1/ln²(1/alpha)) remainder is visible (theory/dmft.md, "Timescales and incremental learning")
    const flowAlphas = ref.alphas.filter((a) => a <= 1e-3);
    const scaling = timescaleScaling(
      flowAlphas,
      flowAlphas.map((a) =>
        ref.flows[String(a)].genError.runs.map((values) => ({
          times: ref.tau.map((x) => x * Math.log(1 / a)),
          values,
        })),
      ),
      levels,
    );
    const limitCross = crossingTimes(
      ref.limit.genError.runs.map((values) => ({ times: ref.tau, values })),
      levels,
    );
    for (const [li, level] of levels.entries()) {
      const s = scaling[li];
      // paired: the per-data-set slope minus the same data set's alpha = 0 crossing
      const { mean: md, stdErr: sd } = meanStdErrOf(
        s.perDataSet.map((v, k) => v - limitCross[li].perCurve[k].time),
      );
      expect(Math.abs(md)).toBeLessThan(3 * sd + 3 * limitCross[li].curveError + 1e-3);
      if (level === 0.9) {
        // the closed form (leading order) against the flows, two-sided; the check can see 5 %
        const closed = predictedTimescales({ ...model, alpha: 1e-4 }).rescaledSearchTime;
        expect(Math.abs(s.tau - closed)).toBeLessThan(3 * s.tauStdErr);
        expect((3 * s.tauStdErr) / closed).toBeLessThan(0.06);
      } else if (limitCurve) {
        // the DMFT's alpha → 0 limit curve, crossed at the same level, against the flows' slope
        const c = crossingTime(limitCurve, level);
        const err = Math.hypot(c.gridError, c.valueError, s.tauStdErr);
        expect(Math.abs(s.tau - c.time)).toBeLessThan(3 * err);
      }
    }
  });
});
