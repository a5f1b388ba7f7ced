import { writeFigure } from "../framework/figures.js";
import { type CheckRow, type Recipe, verdict } from "../framework/recipe.js";
import { sig } from "../framework/text.js";

/**
 * The convergence-rate–generalisation trade-off (theory/dmft.md, "Long time"): smaller alpha generalises better on a
 * sparse teacher but the loss converges more slowly. Theory: the DMFT long-time fixed point and the
 * lower spectral edge at w_∞ (@meanfield/dmft). Check: finite-size gradient flow — the exponential rate
 * fitted to its late-time train loss and its final ε_gen (mean over seeds).
 */
export const rateTradeoffRecipe: Recipe = {
  id: "rate-tradeoff",
  title: "Convergence rate of the loss against long-time ε_gen across alpha (DMFT vs simulation)",
  source:
    "the rate–generalisation trade-off figure of arXiv:2510.01930; project parameters delta = 0.5, rho = 0.1, sigma = 0",
  needs: ["@meanfield/dmft", "@meanfield/dln"],
  async run(ctx) {
    const dmft = await import("@meanfield/dmft");
    const dln = await import("@meanfield/dln");
    const size = ctx.full
      ? {
          d: 2000,
          seeds: 4,
          alphas: [0.03, 0.1, 0.3, 1, 3],
          grid: [0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 3, 5],
        }
      : // quick: d = 400 is too small for the spectral edge at alpha = 0.1 (the n = 200 edge sat 33 % below the
        // limit, |z| 6); alpha 0.1 is checked against the d = 4000 long-time reference below instead
        { d: 400, seeds: 2, alphas: [0.3, 1, 3], grid: [0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 3, 5] };
    const model = { delta: 0.5, rho: 0.1, sigma: 0 };
    const n = Math.round(model.delta * size.d);
    const curve = dmft.rateGenErrorTradeoff(model, size.grid);
    const rows: CheckRow[] = [];
    const sims: Record<string, number>[] = [];
    for (const [k, alpha] of size.alphas.entries()) {
      ctx.progress.update("rate-tradeoff", k, size.alphas.length, `alpha=${alpha}`);
      const th = dmft.lossConvergenceRate({ ...model, alpha });
      // Long enough for ~e^{-30} of loss decay at the predicted rate; a linear output grid on the last
      // two thirds, where the decay is exponential.
      const T = Math.min(4000, 30 / th.rate);
      const times = [
        0,
        ...Array.from({ length: 20 }, (_, i) => (T / 3) * 10 ** (-3 + (3 * i) / 20)),
        ...Array.from({ length: 80 }, (_, i) => T / 3 + ((2 * T) / 3) * (i / 79)),
      ];
      const sim = await dln.simulateSeeds(
        { n, d: size.d, ...model, alpha, T, seed: ctx.seed },
        { seeds: size.seeds, flowOptions: { times } },
      );
      const rates = sim.runs.map((r) => {
        // Fit ln ℓ_train + (3/2) ln t = a − rate·t where ℓ_train/ℓ_train(0) is between 1e-22 and 1e-6: the
        // exponential regime, above the round-off floor, with the soft edge's t^{−3/2} removed
        // (theory/dmft.md, "The soft edge and the late-time slope"; without it the fit is ≈ 1.5/t too fast).
        const l0 = r.trainLoss[0];
        const xs: number[] = [];
        const ys: number[] = [];
        for (let i = 0; i < r.times.length; i++) {
          const rel = r.trainLoss[i] / l0;
          if (r.times[i] >= T / 3 && rel < 1e-6 && rel > 1e-22) {
            xs.push(r.times[i]);
            ys.push(Math.log(r.trainLoss[i]) + 1.5 * Math.log(r.times[i]));
          }
        }
        if (xs.length < 5) return Number.NaN;
        const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
        const my = ys.reduce((a, b) => a + b, 0) / ys.length;
        let sxy = 0;
        let sxx = 0;
        for (let i = 0; i < xs.length; i++) {
          sxy += (xs[i] - mx) * (ys[i] - my);
          sxx += (xs[i] - mx) ** 2;
        }
        return -sxy / sxx;
      });
      const okRates = rates.filter(Number.isFinite);
      const rate = okRates.length ? okRates.reduce((a, b) => a + b, 0) / okRates.length : Number.NaN;
      // Standard error of the mean rate over the seeds whose fit succeeded.
      const rateSe =
        okRates.length > 1
          ? Math.sqrt(
              okRates.reduce((a, b) => a + (b - rate) ** 2, 0) / (okRates.length - 1) / okRates.length,
            )
          : Number.NaN;
      const L = sim.times.length;
      const genError = sim.mean.genError[L - 1];
      sims.push({ alpha, rate, rateSe, genError, genErrorStd: sim.std.genError[L - 1], T });
      const v = verdict("independent", th.rate, 0, Number.isFinite(rate) ? rate : null, rateSe, {
        rel: 0.3,
        floorReason:
          "finite-d spectral-edge fluctuations; σ_theory = 0: the d → ∞ rate is a converged root, its error negligible",
      });
      rows.push({
        quantity: `loss rate, alpha=${alpha}`,
        theory: th.rate,
        theoryMethod: "DMFT: 2 λ₋ of X diag(F(w_∞)) Xᵀ",
        check: Number.isFinite(rate) ? rate : null,
        checkMethod: `exponential fit to late train loss, d=${size.d}, ${size.seeds} seeds (mean, standard error)`,
        ...v,
        agree: th.converged && v.agree,
        note: `per-seed rates ${rates.map((r) => sig(r, 3)).join(", ")}; final ε_gen ${sig(genError)} vs DMFT ${sig(th.genError)}`,
      });
    }
    ctx.progress.update("rate-tradeoff", size.alphas.length, size.alphas.length);
    // The committed long-time reference (minimum-Q_alpha interpolators and 2λ_min at them): the t → ∞ limit of the
    // finite-size flow computed directly, at no cost here. The first setting at d = 4000 (6–12 data sets per alpha;
    // the many-data-set studies at smaller d carry a finite-size shift and are compared in the dmft tests); the two
    // other settings at d = 2000 (10 data sets per alpha).
    const others = [
      { delta: 0.3, rho: 0.05, sigma: 0 },
      { delta: 0.5, rho: 0.1, sigma: 0.2 },
    ];
    const same = (a: typeof model, b: typeof model) =>
      a.delta === b.delta && a.rho === b.rho && a.sigma === b.sigma;
    const label = (m: typeof model) => `δ=${m.delta}, ρ=${m.rho}, σ=${m.sigma}`;
    const refPoints = new Map<string, Record<string, number>[]>();
    for (const [name, ref] of Object.entries(dmft.longTimeReference())) {
      const m = { delta: ref.params.delta, rho: ref.params.rho, sigma: ref.params.sigma };
      const main = same(m, model);
      if (main ? ref.d < 4000 : ref.d < 2000 || !others.some((o) => same(o, m))) continue;
      const p = { ...m, alpha: ref.params.alpha };
      const lt = dmft.longTimeFixedPoint(p);
      const th = dmft.lossConvergenceRate(p);
      const key = label(m);
      refPoints.set(key, [
        ...(refPoints.get(key) ?? []),
        { alpha: p.alpha, genError: ref.genError.mean, rate: ref.rate.mean, rateSe: ref.rate.stdErr },
      ]);
      const source = `d=${ref.d}, ${ref.seeds} data sets (committed long-time reference '${name}')`;
      const where = main ? `alpha=${p.alpha}` : `${key}, alpha=${p.alpha}`;
      const ev = verdict("independent", lt.genError, 0, ref.genError.mean, ref.genError.stdErr, {
        rel: main ? 0.02 : 0.05,
        floorReason: main ? "finite-d corrections" : "finite-d corrections at d = 2000",
      });
      rows.push({
        quantity: `ε_gen(∞), ${where}`,
        theory: lt.genError,
        theoryMethod: "DMFT long-time fixed point (proximal scalar problem)",
        check: ref.genError.mean,
        checkMethod: `minimum-Q_alpha interpolator, ${source}`,
        ...ev,
        agree: lt.converged && ev.agree,
      });
      const rv = verdict("independent", th.rate, 0, ref.rate.mean, ref.rate.stdErr, {
        rel: main ? 0.05 : 0.06,
        floorReason: main
          ? "the finite-n lower spectral edge lies off the limit by O(n^{−2/3})"
          : "the finite-n lower spectral edge lies off the limit by O(n^{−2/3}): +2.7 % and +5.2 % measured at n = 1000",
      });
      rows.push({
        quantity: `loss rate 2λ₋, ${where}`,
        theory: th.rate,
        theoryMethod: "DMFT: 2 λ₋ of X diag(F(w_∞)) Xᵀ (Silverstein equation)",
        check: ref.rate.mean,
        checkMethod: `2λ_min of X diag(F(w_∞)) Xᵀ at the interpolator (Lanczos), ${source}`,
        ...rv,
        agree: th.converged && rv.agree,
      });
    }
    if (ctx.out) {
      ctx.out.writeJson("rate-tradeoff.json", {
        params: { ...model, ...size, n, seed: ctx.seed },
        theory: curve,
        simulations: sims,
        longTimeReference: Object.fromEntries(refPoints),
      });
      ctx.out.writeColumnsCsv("rate-tradeoff.csv", {
        alpha: curve.map((c) => c.alpha),
        rateDmft: curve.map((c) => c.rate),
        genErrorDmft: curve.map((c) => c.genError),
      });
      // the same trade-off for the two other (delta, rho, sigma), with their d = 2000 interpolators as markers
      const otherCurves = others.map((m) => ({ m, pts: dmft.rateGenErrorTradeoff(m, size.grid) }));
      await writeFigure(ctx.out, "rate-tradeoff", {
        title: "Smaller alpha generalises better but converges more slowly",
        subtitle: `lines: DMFT theory over alpha; markers: t → ∞ limits of finite-size flows (min-Q_alpha interpolators) and a d=${size.d} flow; ± s.e. of the rate`,
        xLabel: "ε_gen(t → ∞)",
        yLabel: "loss convergence rate",
        xScale: "log",
        yScale: "log",
        series: [
          { name: label(model), x: curve.map((c) => c.genError), y: curve.map((c) => c.rate) },
          ...otherCurves.map(({ m, pts }) => ({
            name: label(m),
            x: pts.map((c) => c.genError),
            y: pts.map((c) => c.rate),
            style: "dashed" as const,
          })),
          {
            name: `flow d=${size.d}`,
            x: sims.map((s) => s.genError),
            y: sims.map((s) => s.rate),
            std: sims.map((s) => (Number.isFinite(s.rateSe) ? s.rateSe : 0)),
            style: "points",
          },
          ...[model, ...others].flatMap((m) => {
            const pts = refPoints.get(label(m)) ?? [];
            return pts.length
              ? [
                  {
                    name: `limit, ${label(m)}, d=${same(m, model) ? 4000 : 2000}`,
                    x: pts.map((s) => s.genError),
                    y: pts.map((s) => s.rate),
                    std: pts.map((s) => s.rateSe),
                    style: "points" as const,
                  },
                ]
              : [];
          }),
        ],
      });
    }
    return { rows };
  },
};
