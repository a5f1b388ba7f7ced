import { defineCommand } from "../framework/command.js";
import { EXIT_FAILURE, shown, UsageError } from "../framework/errors.js";
import { booleanOption } from "../framework/options.js";
import { type CheckKind, type CheckRow, type Recipe, rowProblem } from "../framework/recipe.js";
import { formatTable, markdownTable, sig } from "../framework/text.js";
import { packageVersions } from "../framework/versions.js";
import { RECIPES } from "../recipes/index.js";

function selected(args: string[]): Recipe[] {
  if (args.length === 0) return [...RECIPES];
  return args.map((id) => RECIPES.find((r) => r.id === id) as Recipe);
}

/** ✓ / ✗ for a verdict row; "info" for a row that is shown only (it cannot fail, so it is never a ✓). */
function agreeMark(row: CheckRow): string {
  if (row.kind === "info" || row.agree === null) return "info";
  return row.agree ? "✓" : "✗";
}

const KIND_TEXT: Record<CheckKind, string> = {
  independent: "independent",
  consistency: "consistency check",
  info: "info",
};

function detectableText(row: CheckRow): string {
  if (row.detectable === null || !Number.isFinite(row.detectable)) return "–";
  return `${sig(100 * row.detectable, 2)} %`;
}

function valueText(x: number | null, error: number | null | undefined): string {
  return error != null && error > 0 ? `${sig(x)} ± ${sig(error, 2)}` : sig(x);
}

/** "12 independent checks (11 ✓, 1 ✗), 20 consistency checks (20 ✓, 0 ✗), 3 rows shown only". */
function tally(rows: CheckRow[]): string {
  const part = (kind: CheckKind, name: string) => {
    const of = rows.filter((r) => r.kind === kind);
    const pass = of.filter((r) => r.agree === true).length;
    return `${of.length} ${name} (${pass} ✓, ${of.length - pass} ✗)`;
  };
  const shownOnly = rows.filter((r) => r.kind === "info").length;
  return `${part("independent", "independent checks")}, ${part("consistency", "consistency checks")}, ${shownOnly} rows shown only`;
}

interface RecipeReport {
  id: string;
  title: string;
  source: string;
  ok: boolean;
  error?: string;
  seconds: number;
  rows: CheckRow[];
  notes: string[];
  files: string[];
}

function summaryMarkdown(reports: RecipeReport[], full: boolean, seed: number, totalSeconds: number): string {
  const v = packageVersions();
  const lines = [
    "# meanfield reproduce — summary",
    "",
    `Sizes: ${full ? "paper-like (--full)" : "quick defaults (run with --full for paper-like sizes)"}; seed ${seed}; ` +
      `${sig(totalSeconds, 3)} s in total. Versions: ${Object.entries(v)
        .map(([k, x]) => `${k} ${x}`)
        .join(", ")}.`,
    "",
    "Each theory number stands beside a check and, where the project records one, the paper's value. " +
      "Kind: **independent** = a different method (finite-size simulation, another solver, a textbook " +
      "closed form, an experiment); **consistency check** = the same method or formula in a variant of " +
      "itself (K → ∞ against the finite-K formula at large K, a built-in activation against its formula " +
      "twin, a solver at an extreme parameter against its limit), which checks the numerics, not the " +
      "theory; **info** = shown only, it cannot fail.",
    "",
    "Verdict: ✓ = within the tolerance, ✗ = outside it, info = no verdict. Every tolerance is derived " +
      "from the errors of both sides (σ_theory, σ_check: standard errors, discretisation or solver " +
      "errors, 0 where negligible) as max(k·√(σ_theory² + σ_check²), a stated floor for systematic " +
      "effects), two-sided unless it says one-sided; 'detectable' is the smallest relative discrepancy " +
      "the row can detect.",
    "",
    `Rows: ${tally(reports.flatMap((r) => (r.ok ? r.rows : [])))}.`,
    "",
    "## Theory against its checks",
    "",
    markdownTable(
      [
        "figure",
        "quantity",
        "theory",
        "method",
        "check",
        "method",
        "paper",
        "kind",
        "verdict",
        "tolerance",
        "detectable",
      ],
      reports.flatMap((r) =>
        r.ok
          ? r.rows.map((row) => [
              r.id,
              row.quantity,
              valueText(row.theory, row.theoryError),
              row.theoryMethod,
              valueText(row.check, row.checkError),
              row.checkMethod,
              row.paper == null ? "–" : sig(row.paper),
              KIND_TEXT[row.kind],
              agreeMark(row),
              row.tolerance,
              detectableText(row),
            ])
          : [[r.id, "FAILED", "", r.error ?? "", "", "", "", "", "✗", "", ""]],
      ),
    ),
    "",
  ];
  for (const r of reports) {
    lines.push(`## ${r.id}: ${r.title}`, "", `Source: ${r.source}.`, "");
    if (!r.ok) {
      lines.push(`**Failed:** ${r.error}`, "");
      continue;
    }
    const files = r.files.map((f) => `\`${f}\``).join(", ") || "none (no --out)";
    lines.push(`Files: ${files}. Time: ${sig(r.seconds, 3)} s.`, "");
    for (const f of r.files.filter((x) => x.endsWith(".svg"))) lines.push(`![${f}](${f})`, "");
    for (const row of r.rows) if (row.note) lines.push(`- ${row.quantity}: ${row.note}`);
    for (const n of r.notes) lines.push(`- ${n}`);
    lines.push("");
  }
  return lines.join("\n");
}

export const reproduce = defineCommand({
  id: "reproduce",
  short: "re-create the papers' figures and table, with summary.md",
  summary:
    "Re-create the papers' figures and table, each beside its checks, with a summary.md of verdicts and tolerances.",
  description:
    "Runs the recipes named (all by default; list them with --list). Each writes <id>.svg, <id>.png, <id>.json " +
    "and <id>.csv into --out as soon as it finishes (earlier figures survive a later failure or Ctrl-C), then " +
    "summary.md and summary.json set each theory number beside its check and the paper's value where the project " +
    "records one. Every verdict states its tolerance, derived from the errors of both sides, and the smallest " +
    "discrepancy it can detect; a check of a method against a variant of itself is labelled a consistency " +
    "check, and a row that cannot fail is shown as info, never as ✓. The default sizes finish in a few " +
    "minutes on two cores; --full runs paper-like sizes (much longer).",
  positionals: {
    name: "FIGURE",
    description: "recipe ids to run (default: all; see --list)",
    variadic: true,
  },
  options: [
    booleanOption("list", { description: "list the figure/table ids and exit", default: false }),
    booleanOption("full", {
      description: "paper-like sizes (long) instead of the quick defaults",
      default: false,
    }),
  ],
  defaultOut: "out/reproduce",
  writesResultJson: false,
  examples: [
    "meanfield reproduce --out out/reproduce",
    "meanfield reproduce capacity-table implicit-bias --out out/quick",
    "meanfield reproduce --list",
  ],
  output: [
    { field: "figures", description: "per recipe: id, title, ok, error, seconds, rows" },
    {
      field: "figures[].rows[]",
      description:
        'quantity, theory, theoryError, theoryMethod, check, checkError, checkMethod, paper; kind ("independent"; "consistency": a method against a variant of itself; "info": shown only); agree (null for info); allowed (largest |theory − check| that passes, on ln values when scale is "log"); detectable (smallest relative discrepancy the row can detect); sided ("two" or "upper"); tolerance (the rule in words); note',
    },
    {
      field: "figures[].rows[]: the rule",
      description:
        "allowed = max(k·√(theoryError² + checkError²), a stated floor); a recipe with a verdict row lacking these fields is reported as failed",
    },
    { field: "ok", description: "true when every recipe ran and every check agreed" },
    { field: "full", description: "whether --full sizes were used" },
    { field: "timings, versions", description: "seconds per recipe; package versions" },
  ],
  files: [
    "<id>.svg, <id>.png — the figure",
    "<id>.json, <id>.csv — its data",
    "summary.md — theory vs independent check vs paper, per figure",
    "summary.json — the JSON above",
  ],
  check(p) {
    const unknown = p.args.filter((id) => !RECIPES.some((r) => r.id === id));
    if (unknown.length) {
      throw new UsageError(
        `unknown figure id${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => shown(u)).join(", ")} (known: ${RECIPES.map((r) => r.id).join(", ")}; --list shows them with their titles)`,
      );
    }
  },
  outputFiles(p) {
    if (p.list) return [];
    const ids = selected(p.args).map((r) => r.id);
    return [
      ...ids.flatMap((id) => ["svg", "png", "json", "csv"].map((x) => `${id}.${x}`)),
      "summary.md",
      "summary.json",
    ];
  },
  async run(p, ctx) {
    if (p.list) {
      const rows = RECIPES.map((r) => [r.id, r.title]);
      return {
        result: {
          figures: RECIPES.map((r) => ({ id: r.id, title: r.title, source: r.source, needs: r.needs })),
        },
        summary: formatTable(["id", "figure"], rows),
      };
    }
    const recipes = selected(p.args);
    const reports: RecipeReport[] = [];
    const t0 = performance.now();
    for (const [k, recipe] of recipes.entries()) {
      ctx.info(`[${k + 1}/${recipes.length}] ${recipe.id}: ${recipe.title}`);
      const t = performance.now();
      const before = new Set(ctx.out?.files() ?? []);
      try {
        const outcome = await ctx.time(recipe.id, () =>
          recipe.run({
            full: p.full as boolean,
            seed: p.seed,
            out: ctx.out,
            progress: ctx.progress,
            info: ctx.info,
          }),
        );
        // A row without its tolerance, errors or detectable discrepancy (or an info row with a verdict)
        // is a defect of the recipe: its files are written, but the recipe is reported as failed.
        const bad = outcome.rows
          .map((row) => [row.quantity, rowProblem(row)] as const)
          .filter(([, problem]) => problem !== undefined);
        if (bad.length > 0) {
          ctx.out?.commit();
          throw new Error(
            `summary rows without a proper verdict: ${bad.map(([q, p]) => `${q}: ${p}`).join("; ")}`,
          );
        }
        ctx.out?.commit();
        reports.push({
          id: recipe.id,
          title: recipe.title,
          source: recipe.source,
          ok: true,
          seconds: (performance.now() - t) / 1000,
          rows: outcome.rows,
          notes: outcome.notes ?? [],
          files: (ctx.out?.files() ?? []).filter((f) => !before.has(f)),
        });
      } catch (e) {
        const message = (e as Error).message ?? String(e);
        ctx.info(`  ${recipe.id} failed: ${message}`);
        reports.push({
          id: recipe.id,
          title: recipe.title,
          source: recipe.source,
          ok: false,
          error: message,
          seconds: (performance.now() - t) / 1000,
          rows: [],
          notes: [],
          files: [],
        });
      }
    }
    const totalSeconds = (performance.now() - t0) / 1000;
    const ok = reports.every((r) => r.ok && r.rows.every((row) => row.agree !== false));
    const result = { full: p.full, ok, figures: reports };
    if (ctx.out) {
      ctx.out.writeText("summary.md", summaryMarkdown(reports, p.full as boolean, p.seed, totalSeconds));
      ctx.out.writeJson("summary.json", {
        command: "reproduce",
        seed: p.seed,
        ...result,
        versions: packageVersions(),
      });
    }
    const table = formatTable(
      ["figure", "quantity", "theory", "check", "paper", "kind", "verdict", "detectable"],
      reports.flatMap((r) =>
        r.ok
          ? r.rows.map((row) => [
              r.id,
              row.quantity,
              valueText(row.theory, row.theoryError),
              valueText(row.check, row.checkError),
              row.paper == null ? "–" : sig(row.paper),
              KIND_TEXT[row.kind],
              agreeMark(row),
              detectableText(row),
            ])
          : [[r.id, `FAILED: ${r.error ?? ""}`.slice(0, 60), "", "", "", "", "✗", ""]],
      ),
    );
    const failed = reports.filter((r) => !r.ok).length;
    const summary = `${table}\n\n${tally(reports.flatMap((r) => (r.ok ? r.rows : [])))}; the tolerances are in summary.md.\n${reports.length - failed}/${reports.length} figures written${
      p.out ? ` to ${p.out} (see summary.md)` : " (no --out: nothing written)"
    } in ${sig(totalSeconds, 3)} s.${ok ? "" : " Some checks disagree or failed: see above."}`;
    return { result, summary, exitCode: failed > 0 ? EXIT_FAILURE : 0 };
  },
});
