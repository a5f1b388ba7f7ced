import { contourLevels, wideRangeScale, writeHeatmapFigure } from "../framework/figures.js";
import { type CheckRow, info, type Recipe } from "../framework/recipe.js";
import { sig } from "../framework/text.js";

/**
 * A DMFT phase diagram (theory/dmft.md, "Phase diagram over (alpha, delta)"): ε_gen at time T over (alpha, delta), the
 * spec of examples/sweeps/dmft-phase-diagram.yaml at quick sizes. Small alpha (rich regime, ℓ1-like
 * implicit bias) recovers the sparse teacher above the ℓ1 recovery threshold δ_c(ρ), large alpha
 * (lazy, min-ℓ2) does not below delta = 1; the threshold is drawn over the cells. δ_c(ε) is the
 * minimax MSE of soft thresholding, min_τ ε(1 + τ²) + 2(1 − ε)[(1 + τ²)Φ(−τ) − τφ(τ)] (Donoho, Maleki
 * and Montanari 2009), computed here by golden-section search.
 */

/** The same grid as examples/sweeps/dmft-phase-diagram.yaml (test: recipes.test.ts). */
export const DMFT_PHASE_DIAGRAM = {
  fixed: { rho: 0.1, sigma: 0, tMax: 50, gridPoints: 40, samples: 4000, rtol: 0.3 },
  alphas: [0.001, 0.01, 0.1, 1],
  deltas: [0.3, 0.5, 0.7, 0.9],
};

/** The ℓ1 recovery threshold δ_c(ε) for a fraction ε of non-zero (signed) entries. */
export function l1Threshold(
  eps: number,
  normalCdf: (x: number) => number,
  normalPdf: (x: number) => number,
): number {
  const f = (t: number) =>
    eps * (1 + t * t) + 2 * (1 - eps) * ((1 + t * t) * normalCdf(-t) - t * normalPdf(t));
  let a = 0;
  let b = 8;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 200 && b - a > 1e-12; i++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (f(c) < f(d)) b = d;
    else a = c;
  }
  return f((a + b) / 2);
}

export const dmftPhaseDiagramRecipe: Recipe = {
  id: "dmft-phase-diagram",
  title: "Phase diagram: DMFT ε_gen(T) over (alpha, delta), with the ℓ1 recovery threshold",
  source:
    "the rich/lazy picture of arXiv:2510.01930 (ℓ1-like bias at small alpha); project parameters rho = 0.1, sigma = 0, T = 50",
  needs: ["@meanfield/dmft", "@meanfield/linalg"],
  async run(ctx) {
    const dmft = await import("@meanfield/dmft");
    const linalg = await import("@meanfield/linalg");
    const size = ctx.full
      ? {
          ...DMFT_PHASE_DIAGRAM,
          fixed: { ...DMFT_PHASE_DIAGRAM.fixed, gridPoints: 100, samples: 12000, rtol: 0.1 },
          alphas: [1e-4, 1e-3, 1e-2, 0.03, 0.1, 0.3, 1],
          deltas: [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
        }
      : DMFT_PHASE_DIAGRAM;
    const { rho, sigma, tMax, gridPoints, samples, rtol } = size.fixed;
    const z: number[][] = size.deltas.map(() => size.alphas.map(() => Number.NaN));
    const err: number[][] = size.deltas.map(() => size.alphas.map(() => Number.NaN));
    const table: (number | boolean)[][] = [];
    const total = size.alphas.length * size.deltas.length;
    let k = 0;
    for (const [j, delta] of size.deltas.entries()) {
      for (const [i, alpha] of size.alphas.entries()) {
        ctx.progress.update("dmft-phase-diagram", k++, total, `alpha=${alpha}, delta=${delta}`);
        const r = await dmft.solveDmftParallel(
          { alpha, delta, rho, sigma, T: tMax },
          { gridPoints, samples, rtol, seed: ctx.seed, allowNonConverged: true },
        );
        const M = r.genError.length - 1;
        z[j][i] = r.genError[M];
        err[j][i] = Math.hypot(r.genErrorStdErr[M], r.genErrorDiscError[M]);
        table.push([alpha, delta, z[j][i], err[j][i], r.converged]);
      }
    }
    ctx.progress.update("dmft-phase-diagram", total, total);
    const deltaC = l1Threshold(rho, linalg.normalCdf, linalg.normalPdf);
    const rows: CheckRow[] = [
      {
        quantity: `ℓ1 recovery threshold δ_c(rho = ${rho})`,
        theory: deltaC,
        theoryMethod: "minimax MSE of soft thresholding (closed form, minimised over the threshold)",
        check: null,
        checkMethod: "drawn over the DMFT diagram: at the smallest alpha, ε_gen(T) falls across it",
        ...info(
          "a reference line on the figure; the DMFT at finite T and alpha is not yet at the α → 0, T → ∞ limit",
        ),
      },
    ];
    const i0 = 0;
    for (const [j, delta] of size.deltas.entries()) {
      rows.push({
        quantity: `ε_gen(T = ${tMax}), alpha = ${size.alphas[i0]}, delta = ${delta} (${delta > deltaC ? "above" : "below"} δ_c)`,
        theory: z[j][i0],
        theoryError: err[j][i0],
        theoryMethod: `DMFT (M = ${gridPoints}, ${samples} samples)`,
        check: null,
        checkMethod: "none: a point of the diagram",
        ...info("the diagram's smallest-alpha column, for reading the recovery transition"),
      });
    }
    if (ctx.out) {
      ctx.out.writeJson("dmft-phase-diagram.json", {
        ...size,
        deltaC,
        genError: z,
        genErrorError: err,
      });
      ctx.out.writeCsv(
        "dmft-phase-diagram.csv",
        ["alpha", "delta", "genError", "genErrorError", "converged"],
        table,
      );
      const finite = z.flat().filter((v) => v > 0);
      await writeHeatmapFigure(ctx.out, "dmft-phase-diagram", {
        title: `DMFT ε_gen at T = ${tMax} over (alpha, delta)`,
        subtitle: `rho = ${rho}, sigma = ${sigma}; black line: ℓ1 recovery threshold δ_c = ${sig(deltaC, 3)} (alpha → 0)`,
        xLabel: "alpha (initialisation scale)",
        yLabel: "delta = n/d",
        zLabel: "ε_gen(T)",
        x: size.alphas,
        y: size.deltas,
        z,
        xScale: "log",
        yScale: "linear",
        zScale: wideRangeScale(finite, 100),
        contours: contourLevels(finite, true),
        boundary: [
          {
            name: `δ_c(ρ) = ${sig(deltaC, 3)}`,
            x: [size.alphas[0], size.alphas.at(-1) as number],
            y: [deltaC, deltaC],
          },
        ],
      });
    }
    return {
      rows,
      notes: [
        `dmft-phase-diagram: ${size.alphas.length} × ${size.deltas.length} DMFT solves (M = ${gridPoints}, ${samples} samples, rtol ${rtol}; non-converged points kept and flagged in the CSV); the same grid as examples/sweeps/dmft-phase-diagram.yaml, which 'meanfield sweep' runs into a store.`,
      ],
    };
  },
};
