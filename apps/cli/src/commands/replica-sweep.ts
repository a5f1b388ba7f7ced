import { defineCommand } from "../framework/command.js";
import { UsageError } from "../framework/errors.js";
import { transitionRules, writeFigure } from "../framework/figures.js";
import { integerOption, numberOption } from "../framework/options.js";
import {
  activationOption,
  activationSpec,
  checkActivation,
  kOf,
  kOption,
  marginOption,
  resolveActivation,
} from "../framework/replica-options.js";
import { sampleRows } from "../framework/sample-rows.js";
import { formatTable, sig } from "../framework/text.js";

const alphaMinOption = numberOption("alpha-min", {
  description: "smallest load alpha of the sweep",
  default: 0.1,
  min: 0,
  minExclusive: true,
  max: 1000,
});
const alphaMaxOption = numberOption("alpha-max", {
  description: "largest load alpha (default: just below alpha_c, or 3·alpha_PSB when alpha_c diverges)",
  min: 0,
  minExclusive: true,
  max: 1000,
});
const pointsOption = integerOption("points", {
  description: "number of loads, evenly spaced from --alpha-min to --alpha-max",
  default: 30,
  min: 2,
  max: 2000,
});

export const replicaSweep = defineCommand({
  id: "replica sweep",
  short: "replica order parameters and free entropies against the load α",
  summary:
    "Order parameters (overlap q, field overlap, cross-unit correlation, free entropy) as functions of the load α.",
  description:
    "Solves the permutation-symmetric (PS) and permutation-symmetry-broken (PSB) replica-symmetric saddle points " +
    "at each load (K → ∞; docs: theory/replica.md) and reports which phase holds (lowest free entropy), its " +
    "order parameters, and both free entropies.",
  options: [activationOption, kOption, marginOption, alphaMinOption, alphaMaxOption, pointsOption],
  examples: [
    "meanfield replica sweep --activation relu --points 40 --out out/sweep",
    "meanfield replica sweep --activation erf --alpha-max 7 --json",
  ],
  output: [
    {
      field: "activation, K, margin",
      description: 'the model (K is "infinity": saddle points are implemented at K → ∞)',
    },
    {
      field: "alphaC, alphaPSB",
      description: "capacity and PS → PSB transition of this activation (null if divergent / none)",
    },
    { field: "alphas", description: "the loads" },
    { field: "phase", description: '"PS", "PSB" or "UNSAT" at each load' },
    {
      field: "q",
      description: "overlap of matched units between two solutions of the phase that holds (0 in PS)",
    },
    { field: "fieldOverlap", description: "normalised field overlap r = C¹/C⁰ of the phase that holds" },
    { field: "correlation", description: "K-scaled intra-solution cross-unit correlation K·Q_{k≠l}" },
    { field: "freeEntropy", description: "free entropy (log-volume per parameter) of the phase that holds" },
    {
      field: "replicon, rsStable",
      description:
        "replicon eigenvalue Λ of the phase that holds and whether replica symmetry is stable there (Λ < 0; docs: theory/replica.md, “Stability of the replica-symmetric solutions”)",
    },
    {
      field: "ps.freeEntropy, psb.q, psb.freeEntropy",
      description: "both solutions at every load (null where PSB does not exist)",
    },
    { field: "converged", description: "per load, and overall (every load converged)" },
    { field: "timings, versions", description: "wall-clock seconds; package versions" },
  ],
  files: [
    "result.json — the JSON above",
    "sweep.csv — one row per load: alpha, phase, q, fieldOverlap, correlation, freeEntropy, psFreeEntropy, psbQ, psbFreeEntropy, converged",
    "sweep.svg, sweep.png — q and the field overlap against alpha, α_PSB and α_c as labelled vertical lines",
    "entropy.svg, entropy.png — PS and PSB free entropies against alpha, with the same lines",
  ],
  check(p) {
    if (Number.isFinite(kOf(p.K))) {
      throw new UsageError(
        '--K must be "inf" for replica sweep (the saddle points are implemented at K → ∞)',
      );
    }
    if (p.alphaMax !== undefined && (p.alphaMax as number) <= (p.alphaMin as number)) {
      throw new UsageError(`--alpha-max (${p.alphaMax}) must be above --alpha-min (${p.alphaMin})`);
    }
    checkActivation(p.activation as string);
  },
  async run(p, ctx) {
    const replica = await import("@meanfield/replica");
    const spec = activationSpec(p.activation as string) as never;
    const act = resolveActivation(replica, p.activation as string);
    const kappa = p.margin as number;
    const cap = replica.alphaC({ activation: spec, K: "infinity", kappa });
    const psb = replica.alphaPSB({ activation: spec, K: "infinity", kappa });
    const alphaMin = p.alphaMin as number;
    let alphaMax = p.alphaMax as number | undefined;
    if (alphaMax === undefined) {
      alphaMax = cap.alphaC !== null ? 0.98 * cap.alphaC : 3 * (psb.alphaPSB ?? 5);
    }
    if (!(alphaMax > alphaMin)) {
      throw new UsageError(
        `the sweep range is empty: alpha_c = ${sig(cap.alphaC)} is not above --alpha-min ${alphaMin}; give --alpha-max`,
      );
    }
    const m = p.points as number;
    const alphas = Array.from(
      { length: m },
      (_, i) => alphaMin + ((alphaMax as number) - alphaMin) * (i / (m - 1)),
    );
    const rows: import("@meanfield/replica").SaddlePointResult[] = [];
    for (const [i, alpha] of alphas.entries()) {
      ctx.progress.update("saddle points", i, m, `alpha=${sig(alpha, 3)}`);
      const sp = replica.solveSaddlePoint({ activation: spec, K: "infinity", kappa, alpha });
      rows.push(sp);
    }
    ctx.progress.update("saddle points", m, m);
    const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
    const result = {
      activation: act.name,
      K: "infinity",
      margin: kappa,
      alphaC: cap.alphaC,
      divergent: cap.divergent,
      alphaPSB: psb.alphaPSB,
      transition: psb.transition,
      alphas,
      phase: col((r) => r.phase),
      q: col((r) => r.solution?.q ?? null),
      fieldOverlap: col((r) => r.solution?.fieldOverlap ?? null),
      correlation: col((r) => r.solution?.crossUnitCorrelation ?? null),
      freeEntropy: col((r) => r.solution?.freeEntropy ?? null),
      replicon: col((r) => r.solution?.replicon ?? null),
      rsStable: col((r) => r.solution?.rsStable ?? null),
      ps: { freeEntropy: col((r) => r.ps.freeEntropy), stable: col((r) => r.ps.stable) },
      psb: { q: col((r) => r.psb?.q ?? null), freeEntropy: col((r) => r.psb?.freeEntropy ?? null) },
      convergedAt: col((r) => r.converged),
      converged: rows.every((r) => r.converged),
    };
    if (ctx.out) {
      ctx.out.writeCsv(
        "sweep.csv",
        [
          "alpha",
          "phase",
          "q",
          "fieldOverlap",
          "correlation",
          "freeEntropy",
          "replicon",
          "psFreeEntropy",
          "psbQ",
          "psbFreeEntropy",
          "converged",
        ],
        rows.map((r, i) => [
          alphas[i],
          r.phase,
          r.solution?.q,
          r.solution?.fieldOverlap,
          r.solution?.crossUnitCorrelation,
          r.solution?.freeEntropy,
          r.solution?.replicon,
          r.ps.freeEntropy,
          r.psb?.q,
          r.psb?.freeEntropy,
          r.converged,
        ]),
      );
      const nan = (v: number | null | undefined) => (v === null || v === undefined ? Number.NaN : v);
      const rules = transitionRules(psb.alphaPSB, cap.divergent ? null : cap.alphaC);
      await ctx.time("figures", async () => {
        await writeFigure(ctx.out!, "sweep", {
          title: `Order parameters against the load: ${result.activation}, K → ∞, κ = ${kappa}`,
          subtitle: `α_PSB = ${sig(psb.alphaPSB)}, α_c = ${cap.divergent ? "∞ (divergent)" : sig(cap.alphaC)}`,
          xLabel: "load α (per parameter)",
          yLabel: "order parameter",
          rules,
          series: [
            { name: "q (matched-unit overlap)", x: alphas, y: result.q.map(nan) },
            { name: "field overlap r", x: alphas, y: result.fieldOverlap.map(nan) },
          ],
        });
        await writeFigure(ctx.out!, "entropy", {
          title: `Free entropy per parameter: ${result.activation}, K → ∞`,
          xLabel: "load α (per parameter)",
          yLabel: "free entropy φ",
          rules,
          series: [
            { name: "PS", x: alphas, y: result.ps.freeEntropy.map(nan) },
            { name: "PSB", x: alphas, y: result.psb.freeEntropy.map(nan) },
          ],
        });
      });
    }
    const table = sampleRows(m, 10).map((i) => [
      sig(alphas[i], 3),
      rows[i].phase,
      sig(rows[i].solution?.q),
      sig(rows[i].solution?.fieldOverlap),
      sig(rows[i].solution?.freeEntropy),
      rows[i].solution?.replicon == null
        ? "–"
        : `${sig(rows[i].solution?.replicon, 3)} (${rows[i].solution?.rsStable ? "stable" : "unstable"})`,
    ]);
    const summary = `replica sweep: ${result.activation}, K=∞, κ=${kappa}; alpha_PSB=${sig(psb.alphaPSB)}, alpha_c=${
      cap.divergent ? "∞" : sig(cap.alphaC)
    }\n${formatTable(["alpha", "phase", "q", "field overlap", "free entropy", "replicon (RS)"], table)}`;
    return { result, summary };
  },
});
