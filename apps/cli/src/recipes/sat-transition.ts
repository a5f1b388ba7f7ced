import { writeFigure } from "../framework/figures.js";
import { type CheckRow, type Recipe, verdict } from "../framework/recipe.js";
import { sig } from "../framework/text.js";

/** Standard error of the load where the SAT fraction crosses ½ (linear interpolation), or NaN. */
function crossingError(points: readonly { alpha: number; fraction: number }[], instances: number): number {
  const se = (f: number) => Math.sqrt(Math.max(f * (1 - f), 1 / instances) / instances);
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (a.fraction >= 0.5 && b.fraction < 0.5) {
      return ((b.alpha - a.alpha) * Math.hypot(se(a.fraction), se(b.fraction))) / (a.fraction - b.fraction);
    }
  }
  return Number.NaN;
}

/**
 * The empirical check of theory/replica-finite-k.md, "Finite-size experiments": train finite networks on random labels and find the
 * load where the fraction of stored (SAT) instances falls through ½. The replica-symmetric capacity is
 * an upper bound, and a gradient solver finds solutions only up to some algorithmic threshold, so the
 * check is that the empirical transition lies below the theory.
 */
export const satTransitionRecipe: Recipe = {
  id: "sat-transition",
  title:
    "Empirical SAT transition of finite two-layer networks (gradient solver) against the replica capacity",
  source: "finite-size SAT experiments, an empirical check beyond arXiv:2404.13404; project defaults",
  needs: ["@meanfield/replica"],
  async run(ctx) {
    const replica = await import("@meanfield/replica");
    const size = ctx.full
      ? {
          N: 100,
          K: 4,
          instances: 20,
          epochs: 2000,
          alphas: [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4],
        }
      : { N: 30, K: 3, instances: 6, epochs: 800, alphas: [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5] };
    const rows: CheckRow[] = [];
    const series = [];
    const data: Record<string, unknown>[] = [];
    const csv: Record<string, number[]> = {};
    const names: ("relu" | "erf")[] = ctx.full ? ["relu", "erf"] : ["relu"];
    for (const [k, name] of names.entries()) {
      ctx.progress.update("sat-transition", k, names.length, `${name}, N=${size.N}, K=${size.K}`);
      const exp = await replica.satExperiment({
        activation: name,
        N: size.N,
        K: size.K,
        alphas: size.alphas,
        instances: size.instances,
        seed: ctx.seed,
        solver: { epochs: size.epochs },
        workers: 2,
      });
      const finite = replica.alphaC({ activation: name, K: size.K });
      const inf = replica.alphaC({ activation: name });
      const emp = exp.alphaEmpirical;
      // The crossing's standard error: the binomial errors of the two loads around it, through the
      // slope of the interpolating line (a fraction of 0 or 1 counts as ±1/instances, not as exact).
      const empError = crossingError(exp.points, size.instances);
      const v = verdict("independent", finite.alphaC, finite.standardError ?? 0, emp, empError, {
        upper: true,
        rel: 0.05,
        floorReason: `the finite-K theory is ${finite.approximate ? "approximate (Gaussian-equivalent)" : "exact"}; a solver's transition may lie anywhere below the capacity`,
      });
      rows.push({
        quantity: `SAT transition (${name}, N=${size.N}, K=${size.K})`,
        theory: finite.alphaC,
        theoryMethod: `replica α_c at K=${size.K} (${finite.method}${finite.approximate ? ", approximate" : ""})`,
        check: emp,
        checkMethod: `SAT fraction = ½ crossing, ${size.instances} instances/load, Adam on the hinge loss (error: binomial, through the crossing)`,
        ...v,
        note: `K → ∞ capacity ${sig(inf.alphaC)}; the gap below α_c is the solver's algorithmic threshold plus finite-N effects`,
      });
      series.push(
        {
          name,
          x: exp.points.map((p) => p.alpha),
          y: exp.points.map((p) => p.fraction),
          std: exp.points.map((p) => p.standardError),
          style: "points" as const,
        },
        {
          name: `${name}: replica α_c (K=${size.K})`,
          x: [finite.alphaC ?? 0, finite.alphaC ?? 0],
          y: [0, 1],
        },
      );
      data.push({
        activation: name,
        points: exp.points,
        alphaEmpirical: emp,
        alphaCFiniteK: finite.alphaC,
        alphaCInfinite: inf.alphaC,
      });
      csv[`alpha_${name}`] = exp.points.map((p) => p.alpha);
      csv[`satFraction_${name}`] = exp.points.map((p) => p.fraction);
      csv[`standardError_${name}`] = exp.points.map((p) => p.standardError);
    }
    ctx.progress.update("sat-transition", names.length, names.length);
    if (ctx.out) {
      ctx.out.writeJson("sat-transition.json", { params: { ...size, seed: ctx.seed }, experiments: data });
      ctx.out.writeColumnsCsv("sat-transition.csv", csv);
      await writeFigure(ctx.out, "sat-transition", {
        title: `Fraction of stored random-label instances (N=${size.N}, K=${size.K})`,
        subtitle: "markers: experiment ± binomial s.e.; vertical line: replica capacity at this K",
        xLabel: "load alpha (per parameter)",
        yLabel: "SAT fraction",
        series,
      });
    }
    return {
      rows,
      notes: [
        `Sizes: N=${size.N}, K=${size.K}, ${size.instances} instances per load, ${size.epochs} epochs × 2 restarts.`,
      ],
    };
  },
};
