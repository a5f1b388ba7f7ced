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
      : { d: 400, seeds: 2, alphas: [0.1, 0.3, 1, 3], grid: [0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 3, 5] };
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
        // Fit ln ℓ_train = a − rate·t where ℓ_train/ℓ_train(0) is between 1e-22 and 1e-6: the exponential
        // regime, above the round-off floor.
        const l0 = r.trainLoss[0];
        const xs: number[] = [];
        const ys: number[] = [];
        for (let i = 0; i < r.times.length; i++) {
          const rel = r.trainLoss[i] / l0;
          if (r.times[i] >= T / 3 && rel < 1e-6 && rel > 1e-22) {
            xs.push(r.times[i]);
            ys.push(Math.log(r.trainLoss[i]));
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
      sims.push({ alpha, rate, genError, genErrorStd: sim.std.genError[L - 1], T });
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
    if (ctx.out) {
      ctx.out.writeJson("rate-tradeoff.json", {
        params: { ...model, ...size, n, seed: ctx.seed },
        theory: curve,
        simulations: sims,
      });
      ctx.out.writeColumnsCsv("rate-tradeoff.csv", {
        alpha: curve.map((c) => c.alpha),
        rateDmft: curve.map((c) => c.rate),
        genErrorDmft: curve.map((c) => c.genError),
      });
      await writeFigure(ctx.out, "rate-tradeoff", {
        title: "Smaller alpha generalises better but converges more slowly",
        subtitle: `line: DMFT long-time theory over alpha; markers: gradient flow d=${size.d}, ${size.seeds} seeds`,
        xLabel: "ε_gen(t → ∞)",
        yLabel: "loss convergence rate",
        xScale: "log",
        yScale: "log",
        series: [
          { name: "trade-off", x: curve.map((c) => c.genError), y: curve.map((c) => c.rate) },
          { name: "trade-off", x: sims.map((s) => s.genError), y: sims.map((s) => s.rate), style: "points" },
        ],
      });
    }
    return { rows };
  },
};
