import { CAPACITY_ACTIVATIONS } from "../framework/capacity-activations.js";
import { writeBarFigure } from "../framework/figures.js";
import { type CheckRow, type Recipe, verdict } from "../framework/recipe.js";
import { sig } from "../framework/text.js";

/**
 * The capacity bar chart (theory/replica.md, "Capacity"): α_c (K → ∞) and α_PSB per activation side by
 * side, with α_c at a large finite K from the Gaussian-equivalent formula (a second route to the
 * same limit) as the check.
 */
export const capacityBarRecipe: Recipe = {
  id: "capacity-bar",
  title: "Bar chart: α_c and α_PSB per activation (K → ∞), with the finite-K formula's approach to the limit",
  source:
    "the paper's capacity comparison across activations (arXiv:2404.13404); its values are not recorded in the project",
  needs: ["@meanfield/replica"],
  async run(ctx) {
    const replica = await import("@meanfield/replica");
    const Kbig = ctx.full ? 4096 : 1024;
    const bars: { category: string; group: string; value: number }[] = [];
    const rows: CheckRow[] = [];
    const names = CAPACITY_ACTIVATIONS.filter((n) => n !== "sign" && n !== "linear");
    for (const [i, name] of names.entries()) {
      ctx.progress.update("capacity-bar", i, names.length, name);
      const cap = replica.alphaC({ activation: name });
      const psb = replica.alphaPSB({ activation: name });
      const big = replica.alphaC({ activation: name, K: Kbig });
      // The finite-K correction falls off like 1/K, so α_c(K) − α_c(K/2) estimates how far α_c(K) still
      // is from the limit: the check's error as an estimate of K → ∞.
      const half = replica.alphaC({ activation: name, K: Kbig / 2 });
      const finiteK =
        big.alphaC !== null && half.alphaC !== null ? Math.abs(big.alphaC - half.alphaC) : Number.NaN;
      if (cap.alphaC !== null) bars.push({ category: name, group: "α_c (K → ∞)", value: cap.alphaC });
      if (big.alphaC !== null) bars.push({ category: name, group: `α_c (K = ${Kbig})`, value: big.alphaC });
      if (psb.alphaPSB !== null) bars.push({ category: name, group: "α_PSB", value: psb.alphaPSB });
      rows.push({
        quantity: `alpha_c (${name}): K → ∞ vs K = ${Kbig}`,
        theory: cap.alphaC,
        theoryMethod: "large-K limit (PSB, q → 1)",
        check: big.alphaC,
        checkMethod: `the same theory's finite-K Gaussian-equivalent formula at K = ${Kbig} (error: its 1/K correction, α_c(${Kbig}) − α_c(${Kbig / 2}))`,
        ...verdict("consistency", cap.alphaC, 0, big.alphaC, finiteK, {
          rel: 1e-6,
          floorReason:
            "round-off where the finite-K correction vanishes (quadratic g); σ_theory = 0: a closed form",
        }),
      });
    }
    ctx.progress.update("capacity-bar", names.length, names.length);
    if (ctx.out) {
      ctx.out.writeJson("capacity-bar.json", { bars, Kbig });
      ctx.out.writeCsv(
        "capacity-bar.csv",
        ["activation", "series", "value"],
        bars.map((b) => [b.category, b.group, b.value]),
      );
      await writeBarFigure(ctx.out, "capacity-bar", {
        title: "Storage capacity per parameter and the PS → PSB transition",
        subtitle: `sign: α_c diverges at K → ∞; linear: α_c → 0 (not shown). κ = 0.`,
        xLabel: "activation",
        yLabel: "load per parameter",
        bars,
      });
    }
    return {
      rows,
      notes: [
        `Largest finite K shown: ${Kbig}. Values: ${bars.map((b) => `${b.category} ${b.group} ${sig(b.value)}`).join("; ")}.`,
      ],
    };
  },
};
