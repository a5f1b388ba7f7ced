import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CheckRow, info, rowProblem, verdict } from "../src/framework/recipe.js";
import { cli, listTree, tempDir } from "./helpers.js";

const IDS = [
  "dln-curves",
  "dmft-reference",
  "universality",
  "truncation",
  "timescales",
  "small-alpha-limit",
  "rate-tradeoff",
  "dmft-phase-diagram",
  "implicit-bias",
  "capacity-table",
  "capacity-bar",
  "replica-sweep",
  "replica-margin",
  "sat-transition",
];

describe("meanfield reproduce", () => {
  it("--list names every figure and table id", () => {
    const r = cli(["reproduce", "--list", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).figures.map((f: { id: string }) => f.id)).toEqual(IDS);
  });

  it("re-creates one figure with its data and a summary.md setting theory beside its check", () => {
    const dir = tempDir();
    const r = cli(["reproduce", "capacity-bar", "--out", "out"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/capacity-bar/);
    expect(listTree(dir)).toEqual([
      "out",
      "out/capacity-bar.csv",
      "out/capacity-bar.json",
      "out/capacity-bar.png",
      "out/capacity-bar.svg",
      "out/summary.json",
      "out/summary.md",
    ]);
    const md = readFileSync(join(dir, "out", "summary.md"), "utf8");
    expect(md).toMatch(
      /\| figure \| quantity \| theory \| method \| check \| method \| paper \| kind \| verdict \| tolerance \| detectable \|/,
    );
    expect(md).toMatch(/capacity-bar \| alpha_c \(relu\)/);
    const summary = JSON.parse(readFileSync(join(dir, "out", "summary.json"), "utf8"));
    expect(summary.figures[0].rows.length).toBeGreaterThan(0);
    expect(summary.versions["@meanfield/replica"]).toMatch(/^\d/);
  });

  it("rejects an unknown figure id before any work", () => {
    const dir = tempDir();
    const r = cli(["reproduce", "fig-99", "--out", "out"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown figure id "fig-99".*dln-curves/);
    expect(listTree(dir)).toEqual([]);
  });
});

/** Issue 16, item 10: every verdict states its two-sided tolerance and what it can detect. */
describe("reproduce: verdicts with tolerances from both sides' errors", () => {
  const row = (v: ReturnType<typeof verdict>, theory: number | null, check: number | null): CheckRow => ({
    quantity: "q",
    theory,
    theoryMethod: "t",
    check,
    checkMethod: "c",
    ...v,
  });

  it("allows max(3 combined errors, floor), on both sides, and states the smallest detectable discrepancy", () => {
    const v = verdict("independent", 1.0, 0.03, 1.1, 0.04, { rel: 0.02 });
    expect(v.allowed).toBeCloseTo(0.15, 12); // 3·√(0.03² + 0.04²)
    expect(v.detectable).toBeCloseTo(0.15 / 1.1, 12);
    expect(v.agree).toBe(true);
    expect(v.tolerance).toMatch(
      /^two-sided: .*σ_theory = 0\.030, σ_check = 0\.040.*smallest detectable discrepancy 14 %/,
    );
    // Two-sided: a theory too high fails as a theory too low does.
    expect(verdict("independent", 1.26, 0.03, 1.1, 0.04).agree).toBe(false);
    expect(verdict("independent", 0.94, 0.03, 1.1, 0.04).agree).toBe(false);
    // The floor takes over where both errors are small.
    const tight = verdict("consistency", 1.0, 0, 1.01, 1e-6, { rel: 0.02 });
    expect(tight.allowed).toBeCloseTo(0.0202, 12);
    expect(tight.agree).toBe(true);
    expect(tight.kind).toBe("consistency");
    // A missing value fails.
    expect(verdict("independent", null, 0, 1, 0).agree).toBe(false);
  });

  it("compares ln values for an order-of-magnitude rule, and one-sided for a bound", () => {
    const v = verdict("independent", 1.6, 0, 1.0, 0.01, { log: true, rel: 1 });
    expect(v.allowed).toBeCloseTo(Math.log(2), 12);
    expect(v.detectable).toBeCloseTo(1, 12);
    expect(v.agree).toBe(true);
    expect(verdict("independent", 2.1, 0, 1.0, 0.01, { log: true, rel: 1 }).agree).toBe(false);
    expect(verdict("independent", 0.45, 0, 1.0, 0.01, { log: true, rel: 1 }).agree).toBe(false);
    const bound = verdict("independent", 4, 0, 1.9, 0.2, { upper: true, rel: 0.05 });
    expect(bound.agree).toBe(true); // far below an upper bound is fine
    expect(bound.tolerance).toMatch(/^one-sided/);
    expect(verdict("independent", 4, 0, 4.7, 0.1, { upper: true, rel: 0.05 }).agree).toBe(false);
  });

  it("rejects a verdict row without its tolerance, errors or detectable discrepancy", () => {
    const good = row(verdict("independent", 1, 0.1, 1, 0.1), 1, 1);
    expect(rowProblem(good)).toBeUndefined();
    expect(rowProblem({ ...good, allowed: null })).toMatch(/allowed/);
    expect(rowProblem({ ...good, detectable: null })).toMatch(/detectable/);
    expect(rowProblem({ ...good, checkError: undefined })).toMatch(/errors of both sides/);
    expect(rowProblem({ ...good, tolerance: "rel. 5%" })).toMatch(/two-sided/);
    expect(rowProblem({ ...good, agree: null })).toMatch(/agree/);
    // A row that cannot fail is info, never a ✓.
    expect(rowProblem(row(info("shown"), 1, 1))).toBeUndefined();
    expect(rowProblem({ ...row(info("shown"), 1, 1), agree: true })).toMatch(/info row/);
  });

  it("labels self-comparisons as consistency checks and shows rows that cannot fail as info", () => {
    const dir = tempDir();
    const ids = ["capacity-table", "capacity-bar", "replica-sweep", "replica-margin", "sat-transition"];
    // ≈ 55 s alone (capacity-table ≈ 40 s), longer beside another test file
    const r = cli(["reproduce", ...ids, "--out", "out", "--quiet"], { cwd: dir, timeoutMs: 300_000 });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, "out", "summary.json"), "utf8"));
    const rows: (CheckRow & { figure: string })[] = summary.figures.flatMap(
      (f: { id: string; ok: boolean; rows: CheckRow[] }) => {
        expect(f.ok, f.id).toBe(true);
        return f.rows.map((x) => ({ ...x, figure: f.id }));
      },
    );
    for (const x of rows) {
      expect(rowProblem(x), `${x.figure}: ${x.quantity}`).toBeUndefined();
      if (x.kind !== "info") {
        expect(x.allowed, x.quantity).toBeGreaterThan(0);
        expect(x.detectable, x.quantity).toBeGreaterThan(0);
        expect(x.tolerance, x.quantity).toMatch(/σ_theory = .*σ_check = .*smallest detectable discrepancy/);
      }
    }
    const kindOf = (pattern: RegExp) => rows.filter((x) => pattern.test(x.quantity)).map((x) => x.kind);
    // The same formula at K = 1024, a built-in against its formula twin, the same closed form by a
    // second quadrature, the same saddle-point equations on a sweep: consistency, never independent.
    expect(kindOf(/K → ∞ vs K = 1024/)).toEqual(Array(7).fill("consistency"));
    expect(kindOf(/\) = alpha_c \(/)).toEqual(Array(4).fill("consistency"));
    expect(kindOf(/^alpha_c \((relu|erf|tanh|sigmoid|softplus|gelu|quadratic), K → ∞\)$/)).toEqual(
      Array(7).fill("consistency"),
    );
    expect(kindOf(/^alpha_PSB/)).toEqual(["consistency", "consistency"]);
    // Gardner's textbook formula and the SAT experiment are independent of the package's methods.
    expect(kindOf(/K = 1, κ/)).toEqual(Array(3).fill("independent"));
    expect(kindOf(/SAT transition/)).toEqual(["independent"]);
    // Divergence and α_c = 0 are decided by the package with the criterion the check would use.
    expect(kindOf(/^alpha_c \((sign|linear), K → ∞\)$/)).toEqual(["info", "info"]);
    const md = readFileSync(join(dir, "out", "summary.md"), "utf8");
    const lines = md.split("\n");
    for (const x of rows) {
      const line = lines.find((l) => l.startsWith(`| ${x.figure} | ${x.quantity.replace(/\|/g, "\\|")} |`));
      expect(line, x.quantity).toBeDefined();
      if (x.kind === "info") {
        expect(line).toMatch(/\| info \| info \|/);
        expect(line).not.toMatch(/✓/);
      } else {
        expect(line).toMatch(
          x.kind === "consistency" ? /\| consistency check \| [✓✗] \|/ : /\| independent \| [✓✗] \|/,
        );
        expect(line).toMatch(/\| (two-sided|one-sided \(an upper bound\)): /);
      }
    }
    expect(r.stdout).toMatch(/independent checks \(\d+ ✓, \d+ ✗\), \d+ consistency checks/);
    // figures: each finite-K curve's K → ∞ value as a line; α_PSB and α_c of each activation as lines
    const capacitySvg = readFileSync(join(dir, "out", "capacity-table.svg"), "utf8");
    for (const name of ["relu", "erf", "quadratic"]) expect(capacitySvg).toContain(`${name}, K → ∞`);
    // α_PSB on its own panel (its 0.6–0.9 would sit at the bottom of α_c's 2–8), integer ticks on K
    const psbSvg = readFileSync(join(dir, "out", "capacity-psb.svg"), "utf8");
    for (const name of ["relu", "softplus", "gelu", "quadratic"])
      expect(psbSvg).toContain(`${name} α_PSB, K → ∞`);
    expect(capacitySvg).toContain("relu α_PSB");
    const sweepSvg = readFileSync(join(dir, "out", "replica-sweep.svg"), "utf8");
    for (const name of ["relu", "erf"]) {
      expect(sweepSvg).toContain(`${name}: α_PSB`);
      expect(sweepSvg).toContain(`${name}: α_c`);
    }
  }, 360_000);
});

describe("dmft-phase-diagram: the ℓ1 recovery threshold", () => {
  it("matches δ_c(ε) minimised independently (scipy minimize_scalar, bounded) to 1e-8", async () => {
    const { normalCdf, normalPdf } = await import("@meanfield/linalg");
    const { l1Threshold } = await import("../src/recipes/dmft-phase-diagram.js");
    // scipy.optimize.minimize_scalar on [0, 6] with scipy.stats.norm: 0.05 → 0.20389985633, 0.1 → 0.32879350545, 0.2 → 0.51112961037
    expect(l1Threshold(0.05, normalCdf, normalPdf)).toBeCloseTo(0.20389985633, 8);
    expect(l1Threshold(0.1, normalCdf, normalPdf)).toBeCloseTo(0.32879350545, 8);
    expect(l1Threshold(0.2, normalCdf, normalPdf)).toBeCloseTo(0.51112961037, 8);
  });
});
