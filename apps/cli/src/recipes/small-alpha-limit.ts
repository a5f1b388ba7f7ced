import { type FigureSeries, writeFigure } from "../framework/figures.js";
import { type CheckRow, info, type Recipe, verdict } from "../framework/recipe.js";
import { sig } from "../framework/text.js";

/**
 * The alpha → 0 limit on the rescaled clock τ = t/ln(1/alpha) (theory/dmft.md, "The small-alpha limit"). Theory: DMFT
 * solves at alpha = 1e-3 … 1e-8 and their extrapolation ln v = ln v₀ + c/ln(1/alpha) (smallAlphaLimit, with χ²: the
 * check of the predicted rate). Checks: the saddle-to-saddle paths (alpha = 0 exactly) of the d = 4000 reference
 * shipped with @meanfield/dmft, two-sided; the staircase of active coordinates: DMFT, the reference's mean, and
 * one finite-size path's jumps.
 */
export const smallAlphaLimitRecipe: Recipe = {
  id: "small-alpha-limit",
  title: "The small-alpha limit: DMFT curves converge in τ = t/ln(1/alpha) to the saddle-to-saddle limit",
  source:
    "the small-alpha (search/descent, incremental learning) analysis of arXiv:2510.01930 and the saddle-to-saddle limit of Pesme & Flammarion (2023); project parameters delta = 0.5, rho = 0.1, sigma = 0",
  needs: ["@meanfield/dmft", "@meanfield/dln"],
  async run(ctx) {
    const dmft = await import("@meanfield/dmft");
    const dln = await import("@meanfield/dln");
    const ref = dmft.smallAlphaReference();
    const model = ref.model;
    const solve = ctx.full ? {} : { samples: 6000, gridPoints: 60 };
    // alpha ≥ 1e-2 still carries a visible O(1/ln²(1/alpha)) remainder: with it the fit's limit moves by ≈ 1 standard error
    const alphas = [1e-3, 1e-4, 1e-6, 1e-8];
    const tauMax = 3;
    const solves = [];
    for (const [k, alpha] of alphas.entries()) {
      ctx.progress.update("small-alpha-limit", k, alphas.length + 1, `DMFT alpha=${alpha}`);
      solves.push(
        await dmft.solveDmftParallel(
          { delta: model.delta, rho: model.rho, sigma: model.sigma, alpha, T: tauMax * Math.log(1 / alpha) },
          { ...solve, seed: ctx.seed, allowNonConverged: true },
        ),
      );
    }
    ctx.progress.update("small-alpha-limit", alphas.length, alphas.length + 1, "saddle-to-saddle path");
    const converged = solves.every((s) => s.converged);
    const index = ref.tau.map((x, i) => [x, i] as const).filter(([x]) => x >= 0.09 && x <= tauMax);
    const tau = index.map(([x]) => x);
    const gen = dmft.smallAlphaLimit(solves, { tau });
    const act = dmft.smallAlphaLimit(solves, { tau, quantity: "activeFraction" });
    // one finite-size path (d = 1000) for the staircase
    const d = 1000;
    const data = dln.createDlnData(
      dln.validateDlnParams({
        d,
        delta: model.delta,
        rho: model.rho,
        sigma: model.sigma,
        alpha: 1,
        T: 1,
        seed: ctx.seed,
      }),
    );
    const path = dln.saddleToSaddle(data.X, data.y, { maxTau: tauMax });
    ctx.progress.update("small-alpha-limit", alphas.length + 1, alphas.length + 1);
    const rows: CheckRow[] = [];
    const theoryMethod = `DMFT at alpha ${alphas.join(", ")} (${ctx.full ? "default solves" : "6000 samples, M = 60"}; ${converged ? "all converged" : "NOT all converged"}), extrapolated in 1/ln(1/alpha) (standard error from the solves' errors)`;
    const checkMethod = `saddle-to-saddle (alpha = 0) on the d = ${ref.d} reference, ${ref.seeds} data sets (standard error)`;
    let sumZ2 = 0;
    let maxChi = 0;
    for (let k = 0; k < tau.length; k++) {
      const i = index[k][1];
      const z =
        (gen.limit[k] - ref.limit.genError.mean[i]) /
        Math.hypot(gen.limitStdErr[k], ref.limit.genError.stdErr[i]);
      sumZ2 += z * z;
      maxChi = Math.max(maxChi, gen.chi2[k]);
    }
    for (const target of [0.12, 0.2, 0.35, 0.6, 1, 1.8, 3]) {
      const k = tau.reduce(
        (best, x, j) => (Math.abs(x - target) < Math.abs(tau[best] - target) ? j : best),
        0,
      );
      const i = index[k][1];
      const v = verdict(
        "independent",
        gen.limit[k],
        gen.limitStdErr[k],
        ref.limit.genError.mean[i],
        ref.limit.genError.stdErr[i],
        {
          rel: 0.02,
          floorReason: "finite-d corrections of the reference paths",
        },
      );
      rows.push({
        quantity: `ε_gen(τ = ${sig(tau[k], 3)}), alpha → 0`,
        theory: gen.limit[k],
        theoryError: gen.limitStdErr[k],
        theoryMethod,
        check: ref.limit.genError.mean[i],
        checkError: ref.limit.genError.stdErr[i],
        checkMethod,
        ...v,
        // the predicted rate: the 1/ln(1/alpha) law must describe the solves (13.8: the 0.1 % point of χ² with 2 dof)
        agree: v.agree === true && converged && gen.chi2[k] <= 13.8,
        note: `fit χ² = ${sig(gen.chi2[k], 2)} for ${gen.dof} degrees of freedom (≤ 13.8 required); alpha = 1e-3 alone: ${sig(gen.values[0][k], 3)}`,
      });
    }
    // the predicted rate: the χ² of the 1/ln(1/alpha) law over all τ (0.1 % point of χ² with 2 dof is 13.8)
    rows.push({
      quantity: `largest χ² of the 1/ln(1/alpha) law over ${tau.length} times (${gen.dof} dof; mean z² against the paths ${sig(sumZ2 / tau.length, 2)})`,
      theory: maxChi,
      theoryMethod: "smallAlphaLimit fit of the DMFT solves",
      check: 13.8,
      checkMethod: "0.1 % point of χ² with 2 degrees of freedom",
      ...info("the rate check: each ε_gen row above also requires its own χ² ≤ 13.8"),
    });
    const lastActive = act.limit[act.limit.length - 1];
    rows.push({
      quantity: `active fraction / rho at τ = ${sig(tau[tau.length - 1], 2)}, alpha → 0`,
      theory: lastActive / model.rho,
      theoryError: act.limitStdErr[act.limit.length - 1] / model.rho,
      theoryMethod: `${theoryMethod}; |w| > ${solves[0].activeThreshold}`,
      check: ref.limit.activeFraction.mean[index[index.length - 1][1]] / model.rho,
      checkError: ref.limit.activeFraction.stdErr[index[index.length - 1][1]] / model.rho,
      checkMethod: `${checkMethod}; |β| > 0.1`,
      ...info(
        'both count |w| > 0.1, but a thresholded count approaches its alpha → 0 limit less regularly than ε_gen (theory/dmft.md, "The small-alpha limit"): shown, not compared',
      ),
    });
    if (ctx.out) {
      ctx.out.writeJson("small-alpha-limit.json", {
        params: {
          ...model,
          alphas,
          tauMax,
          solve,
          seed: ctx.seed,
          reference: { d: ref.d, seeds: ref.seeds },
        },
        tau,
        limit: {
          genError: Array.from(gen.limit),
          stdErr: Array.from(gen.limitStdErr),
          correction: Array.from(gen.correction),
          chi2: Array.from(gen.chi2),
        },
        reference: {
          genError: index.map(([, i]) => ref.limit.genError.mean[i]),
          stdErr: index.map(([, i]) => ref.limit.genError.stdErr[i]),
        },
        staircase: { d, jumpTimes: Array.from(path.jumpTimes), active: path.activeSets.map((a) => a.length) },
      });
      ctx.out.writeColumnsCsv("small-alpha-limit.csv", {
        tau,
        dmftLimit: gen.limit,
        dmftLimitStdErr: gen.limitStdErr,
        saddleToSaddle: index.map(([, i]) => ref.limit.genError.mean[i]),
        saddleToSaddleStdErr: index.map(([, i]) => ref.limit.genError.stdErr[i]),
        ...Object.fromEntries(alphas.map((a, j) => [`dmft_alpha_${a}`, gen.values[j]])),
      });
      const series: FigureSeries[] = alphas.map((a, j) => ({
        name: `DMFT alpha=${a}`,
        x: tau,
        y: gen.values[j],
        style: "dashed",
      }));
      series.push(
        {
          name: "DMFT alpha → 0 (extrapolated)",
          x: tau,
          y: gen.limit,
          std: Array.from(gen.limitStdErr, (v) => 2 * v),
        },
        {
          name: `saddle-to-saddle d=${ref.d}`,
          x: tau,
          y: index.map(([, i]) => ref.limit.genError.mean[i]),
          std: index.map(([, i]) => 2 * ref.limit.genError.stdErr[i]),
          style: "points",
        },
      );
      await writeFigure(ctx.out, "small-alpha-limit", {
        title: "Small-alpha limit: ε_gen against τ = t/ln(1/alpha)",
        subtitle: `delta=${model.delta}, rho=${model.rho}, sigma=${model.sigma}; bands and bars: 2 standard errors`,
        xLabel: "τ = t / ln(1/alpha)",
        yLabel: "ε_gen",
        xScale: "log",
        yScale: "log",
        series,
      });
      // the staircase: one path's active count (steps), the reference's mean, the DMFT
      const stepX: number[] = [];
      const stepY: number[] = [];
      for (let j = 0; j < path.jumpTimes.length; j++) {
        const next = j + 1 < path.jumpTimes.length ? path.jumpTimes[j + 1] : tauMax;
        const y = path.activeSets[j].length / (model.rho * d);
        if (path.jumpTimes[j] > 0) {
          stepX.push(path.jumpTimes[j]);
          stepY.push(y);
        }
        stepX.push(Math.max(next, 1e-3));
        stepY.push(y);
      }
      await writeFigure(ctx.out, "staircase", {
        title: "Incremental learning: active coordinates against τ",
        subtitle: `active: |w| > 0.1 (the one path: β ≠ 0); one saddle-to-saddle path at d=${d} (steps), the d=${ref.d} mean over ${ref.seeds} data sets (± 2 standard errors), DMFT`,
        xLabel: "τ = t / ln(1/alpha)",
        yLabel: "active fraction / rho",
        xScale: "log",
        lineTitle: "DMFT; one path (steps)",
        pointTitle: "mean of the paths",
        series: [
          { name: `one path, d=${d} (β ≠ 0)`, x: stepX, y: stepY },
          {
            name: `saddle-to-saddle d=${ref.d}`,
            x: tau,
            y: index.map(([, i]) => ref.limit.activeFraction.mean[i] / model.rho),
            std: index.map(([, i]) => (2 * ref.limit.activeFraction.stdErr[i]) / model.rho),
            style: "points",
          },
          {
            name: `DMFT alpha=${alphas[alphas.length - 1]}`,
            x: tau,
            y: Array.from(act.values[alphas.length - 1], (v) => v / model.rho),
            style: "dashed",
          },
          { name: "DMFT alpha → 0", x: tau, y: Array.from(act.limit, (v) => v / model.rho) },
        ],
      });
    }
    return {
      rows,
      notes: [
        `Small-alpha limit: the check is the shipped d = ${ref.d} reference (packages/dmft/scripts/small-alpha-reference.mjs); the DMFT solves run here.`,
      ],
    };
  },
};
