import { type FigureRule, transitionRules, writeFigure } from "../framework/figures.js";
import { type CheckRow, type Recipe, verdict } from "../framework/recipe.js";
import { sig } from "../framework/text.js";

/**
 * Order parameters against the load (theory/replica.md, "The permutation-symmetry-breaking transition"): the PSB overlap q(α) for an activation
 * with a continuous transition (relu) and one with a discontinuous transition (erf). Check: the load
 * where a fine sweep first finds the PSB phase against α_PSB from the transition solver.
 */
export const replicaSweepRecipe: Recipe = {
  id: "replica-sweep",
  title:
    "Order parameters against the load α: PS → PSB transition for relu (continuous) and erf (discontinuous)",
  source: "the order-parameter curves of arXiv:2404.13404; project's choice of activations",
  needs: ["@meanfield/replica"],
  async run(ctx) {
    const replica = await import("@meanfield/replica");
    const points = ctx.full ? 200 : 60;
    const rows: CheckRow[] = [];
    const series = [];
    const rules: FigureRule[] = [];
    const data: Record<string, unknown>[] = [];
    const csv: Record<string, number[]> = {};
    for (const [k, name] of (["relu", "erf"] as const).entries()) {
      const cap = replica.alphaC({ activation: name });
      const psb = replica.alphaPSB({ activation: name });
      const top = 0.99 * (cap.alphaC as number);
      const alphas = Array.from({ length: points }, (_, i) => (top * (i + 1)) / points);
      const q: number[] = [];
      const phase: string[] = [];
      const correlation: number[] = [];
      for (const [i, alpha] of alphas.entries()) {
        ctx.progress.update(`replica-sweep ${name}`, k * points + i, 2 * points);
        const sp = replica.solveSaddlePoint({ activation: name, alpha });
        q.push(sp.solution?.q ?? Number.NaN);
        phase.push(sp.phase);
        correlation.push(sp.solution?.crossUnitCorrelation ?? Number.NaN);
      }
      const first = phase.indexOf("PSB");
      const step = alphas[1] - alphas[0];
      const detected = first >= 0 ? alphas[first] : null;
      // The transition lies in the grid interval ending at the first PSB load: its midpoint, ± half a
      // step. Both sides solve the same saddle-point equations, so this checks the numerics.
      const crossing = detected === null ? null : detected - step / 2;
      rows.push({
        quantity: `alpha_PSB (${name})`,
        theory: psb.alphaPSB,
        theoryMethod: `transition solver (${psb.transition})`,
        check: crossing,
        checkMethod: `the same saddle-point equations on a ${points}-point sweep: midpoint of the interval where PSB first holds (error: half the spacing ${step.toPrecision(2)}, a bound)`,
        ...verdict("consistency", psb.alphaPSB, 0, crossing, step / 2, {
          sigmas: 1,
          abs: 1e-9,
          floorReason: "round-off; one half-step (not three): the grid error is bounded, not Gaussian",
        }),
        note: detected === null ? "the sweep found no PSB load" : `first PSB load ${sig(detected)}`,
      });
      const seriesName = `${name} (α_c = ${(cap.alphaC as number).toPrecision(4)})`;
      series.push({ name: seriesName, x: alphas, y: q });
      // α_PSB and α_c of this activation as vertical lines in its colour
      for (const r of transitionRules(psb.alphaPSB, cap.divergent ? null : cap.alphaC))
        rules.push({ ...r, label: `${name}: ${r.label}`, series: seriesName });
      data.push({
        activation: name,
        alphaC: cap.alphaC,
        alphaPSB: psb.alphaPSB,
        transition: psb.transition,
        alphas,
        q,
        phase,
        correlation,
      });
      csv[`alpha_${name}`] = alphas;
      csv[`q_${name}`] = q;
      csv[`correlation_${name}`] = correlation;
    }
    ctx.progress.update("replica-sweep", 2 * points, 2 * points);
    if (ctx.out) {
      ctx.out.writeJson("replica-sweep.json", { curves: data });
      ctx.out.writeColumnsCsv("replica-sweep.csv", csv);
      await writeFigure(ctx.out, "replica-sweep", {
        title: "Overlap q of matched units against the load (K → ∞, κ = 0)",
        subtitle: "q = 0: permutation-symmetric phase; q > 0: permutation symmetry broken",
        xLabel: "load alpha (per parameter)",
        yLabel: "q",
        series,
        rules,
      });
    }
    return { rows };
  },
};
