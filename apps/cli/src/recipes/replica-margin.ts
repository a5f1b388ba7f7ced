import { writeFigure } from "../framework/figures.js";
import { type CheckRow, info, type Recipe, verdict } from "../framework/recipe.js";

/**
 * A replica phase diagram over the margin (theory/replica.md, "Capacity"): α_c and α_PSB at K → ∞
 * against the margin κ for ReLU and erf, the grid of examples/sweeps/replica-margin.yaml. Below
 * α_PSB the permutation-symmetric solution holds, between α_PSB and α_c the hidden units specialise,
 * above α_c no solution exists. Checks: ReLU at κ = 0 against 5.503877, computed independently of
 * this code (own derivation, mpmath quadrature; 1e-5); the values at the largest margin are shown. (A bounded activation does not make α_c vanish at κ = sup|g − m₀| when K → ∞: the
 * committee's output, a sum of K units over √K, is not bounded.)
 */

/** The same grid as examples/sweeps/replica-margin.yaml (test: recipes.test.ts). */
export const REPLICA_MARGIN = { margins: [0, 0.25, 0.5, 0.75, 1], activations: ["relu", "erf"] as const };

export const replicaMarginRecipe: Recipe = {
  id: "replica-margin",
  title: "Phase diagram: α_c and α_PSB (K → ∞) against the margin κ for ReLU and erf",
  source: "the margin dependence of the capacity in arXiv:2404.13404; the project's grid of margins",
  needs: ["@meanfield/replica"],
  async run(ctx) {
    const replica = await import("@meanfield/replica");
    const margins = ctx.full ? Array.from({ length: 21 }, (_, i) => i / 20) : REPLICA_MARGIN.margins;
    const data: { activation: string; kappa: number; alphaC: number | null; alphaPSB: number | null }[] = [];
    const total = margins.length * REPLICA_MARGIN.activations.length;
    let k = 0;
    for (const activation of REPLICA_MARGIN.activations) {
      for (const kappa of margins) {
        ctx.progress.update("replica-margin", k++, total, `${activation}, κ = ${kappa}`);
        const c = replica.alphaC({ activation, kappa });
        const p = replica.alphaPSB({ activation, kappa });
        data.push({ activation, kappa, alphaC: c.alphaC, alphaPSB: p.alphaPSB });
      }
    }
    ctx.progress.update("replica-margin", total, total);
    const reluAt0 = data.find((d) => d.activation === "relu" && d.kappa === 0)?.alphaC ?? null;
    const rows: CheckRow[] = [
      {
        quantity: "alpha_c (relu, κ = 0, K → ∞)",
        theory: reluAt0,
        theoryMethod: "large-K limit (PSB, q → 1)",
        check: 5.503877,
        checkMethod:
          "independent derivation with mpmath quadrature (10 digits; recorded in the project's issue tracker)",
        ...verdict("independent", reluAt0, 0, 5.503877, 5e-7, {
          abs: 1e-5,
          floorReason: "the check's 7 digits",
        }),
      },
    ];
    for (const a of REPLICA_MARGIN.activations) {
      const of = data.filter((d) => d.activation === a).map((d) => d.alphaC ?? Number.NaN);
      const falls = of.every((v, i) => i === 0 || v < of[i - 1]);
      rows.push({
        quantity: `alpha_c (${a}) at κ = ${margins.at(-1)} (κ = 0: ${of[0].toPrecision(6)})`,
        theory: of.at(-1) as number,
        theoryMethod: "large-K limit (PSB, q → 1)",
        check: null,
        checkMethod: `none; α_c ${falls ? "falls" : "does NOT fall"} at every step of κ`,
        ...info("the diagram's last column"),
      });
    }
    if (ctx.out) {
      ctx.out.writeJson("replica-margin.json", { margins, data });
      ctx.out.writeCsv(
        "replica-margin.csv",
        ["activation", "kappa", "alphaC", "alphaPSB"],
        data.map((d) => [d.activation, d.kappa, d.alphaC, d.alphaPSB]),
      );
      const series = REPLICA_MARGIN.activations.flatMap((a) => {
        const of = data.filter((d) => d.activation === a);
        return [
          { name: `α_c ${a}`, x: of.map((d) => d.kappa), y: of.map((d) => d.alphaC ?? Number.NaN) },
          {
            name: `α_PSB ${a}`,
            x: of.map((d) => d.kappa),
            y: of.map((d) => d.alphaPSB ?? Number.NaN),
            style: "dashed" as const,
          },
        ];
      });
      await writeFigure(ctx.out, "replica-margin", {
        title: "Capacity α_c and the PS → PSB transition α_PSB against the margin κ (K → ∞)",
        subtitle:
          "per parameter; below α_PSB permutation-symmetric, between the curves specialised, above α_c UNSAT",
        xLabel: "margin κ",
        yLabel: "α (patterns per parameter)",
        series,
      });
    }
    return {
      rows,
      notes: [
        `replica-margin: ${margins.length} margins × ${REPLICA_MARGIN.activations.length} activations; the same grid as examples/sweeps/replica-margin.yaml.`,
      ],
    };
  },
};
