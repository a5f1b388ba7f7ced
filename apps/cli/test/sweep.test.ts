import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DMFT_PHASE_DIAGRAM } from "../src/recipes/dmft-phase-diagram.js";
import { REPLICA_MARGIN } from "../src/recipes/replica-margin.js";
import { cli, spawnCli, tempDir } from "./helpers.js";

// `meanfield sweep`: spec validation, deterministic points, the SQLite store (resume, failures,
// a killed run) and the exports. The points run the real commands at small sizes.

const require = createRequire(import.meta.url);
// the built library entry @meanfield/cli/results (a variable: its types exist only after the build)
const RESULTS_ESM: string = "../dist/results.js";

function spec(dir: string, name: string, body: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof body === "string" ? body : JSON.stringify(body));
  return file;
}

const small = { n: 30, d: 60, tMax: 3, seeds: 2, points: 5 };
/** The same sizes as command-line flags (for running a point alone). */
const SMALL_FLAGS = ["--n", "30", "--d", "60", "--t-max", "3", "--seeds", "2"];

function csvRows(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(file, "utf8").trim().split("\n");
  const cols = head.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
}

/** Rows of the store's points table (read with the same driver the CLI uses). */
function storePoints(dir: string): { key: string; status: string; attempts: number }[] {
  const Database = require("better-sqlite3");
  const db = new Database(join(dir, "sweep.sqlite"), { readonly: true });
  try {
    return db.prepare("SELECT key, status, attempts FROM points").all();
  } finally {
    db.close();
  }
}

describe("meanfield sweep: the spec", () => {
  it("expands products and zipped groups in order, with seeds that depend only on the sweep seed and the point", () => {
    const dir = tempDir();
    const a = spec(dir, "a.json", {
      command: "dln simulate",
      seed: 5,
      fixed: small,
      axes: [{ alpha: { log: [0.01, 1, 3] } }, { rho: [0.1, 0.2], sigma: [0, 0.5] }],
    });
    const r = cli(["sweep", a, "--dry-run", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.counts.points).toBe(6);
    expect(
      out.points.map((p: { axes: Record<string, number> }) => [p.axes.alpha, p.axes.rho, p.axes.sigma]),
    ).toEqual([
      [0.01, 0.1, 0],
      [0.01, 0.2, 0.5],
      [0.1, 0.1, 0],
      [0.1, 0.2, 0.5],
      [1, 0.1, 0],
      [1, 0.2, 0.5],
    ]);
    // YAML, another order of the axes and another set of values: the shared point keeps its seed and key
    const b = spec(
      dir,
      "b.yaml",
      `command: dln simulate\nseed: 5\nfixed: { n: 30, d: 60, tMax: 3, seeds: 2, points: 5 }\naxes:\n  - { rho: [0.2, 0.3], sigma: [0.5, 0.5] }\n  - { alpha: [1, 0.1] }\n`,
    );
    const rb = cli(["sweep", b, "--dry-run", "--json"]);
    expect(rb.code, rb.stderr).toBe(0);
    const pb = JSON.parse(rb.stdout).points;
    const shared = (pts: { axes: Record<string, number>; seed: number; key: string }[]) =>
      pts.find((p) => p.axes.alpha === 0.1 && p.axes.rho === 0.2 && p.axes.sigma === 0.5);
    expect(shared(pb)?.seed).toBe(shared(out.points)?.seed);
    expect(shared(pb)?.key).toBe(shared(out.points)?.key);
    // another sweep seed gives other seeds
    const c = spec(dir, "c.json", { command: "dln simulate", seed: 6, fixed: small, axes: { alpha: [0.1] } });
    const seedsC = JSON.parse(cli(["sweep", c, "--dry-run", "--json"]).stdout).points[0].seed;
    expect(seedsC).not.toBe(shared(out.points)?.seed);
  });

  it.each([
    [
      "an unknown spec key",
      { command: "dln simulate", axes: { alpha: [1] }, grid: {} },
      /key "grid": unknown/,
    ],
    [
      "an unknown command",
      { command: "dln simualte", axes: { alpha: [1] } },
      /command: not a computing command/,
    ],
    [
      "an option the command lacks",
      { command: "dln simulate", axes: { delta: [1] } },
      /axes\.delta: not an option of 'dln simulate'/,
    ],
    [
      "a value out of range",
      { command: "dln simulate", axes: { alpha: [0.1, -1] } },
      /point 1 \(alpha=-1\).*"alpha" \(--alpha\)/,
    ],
    [
      "zipped axes of unequal length",
      { command: "dln simulate", axes: [{ alpha: [1, 2], rho: [0.1] }] },
      /equal lengths/,
    ],
    [
      "a log range through 0",
      { command: "dln simulate", axes: { alpha: { log: [0, 1, 3] } } },
      /axes\.alpha\.log: a log range needs start > 0/,
    ],
    [
      "a range without a count",
      { command: "dln simulate", axes: { alpha: { linear: [0, 1] } } },
      /\[start, stop, count\]/,
    ],
    [
      "--out set per point",
      { command: "dln simulate", fixed: { out: "x" }, axes: { alpha: [1] } },
      /fixed\.out: set by the sweep/,
    ],
    [
      "an axis also fixed",
      { command: "dln simulate", fixed: { alpha: 1 }, axes: { alpha: [1] } },
      /also set in fixed/,
    ],
    ["no axes", { command: "dln simulate", axes: {} }, /no axes/],
    ["a spec that is a list", [{ command: "dln simulate" }], /the spec: must be an object/],
    ["a missing command", { axes: { alpha: [1] } }, /command: a command name/],
    ["a non-computing command", { command: "plot", axes: { alpha: [1] } }, /not a computing command/],
    ["a sweep of sweeps", { command: "sweep", axes: { alpha: [1] } }, /not a computing command/],
    [
      "a negative sweep seed",
      { command: "dln simulate", seed: -1, axes: { alpha: [1] } },
      /seed: an integer in \[0, 4294967295\]/,
    ],
    [
      "a fractional sweep seed",
      { command: "dln simulate", seed: 1.5, axes: { alpha: [1] } },
      /seed: an integer/,
    ],
    [
      "fixed that is a list",
      { command: "dln simulate", fixed: [1], axes: { alpha: [1] } },
      /fixed: an object of options/,
    ],
    [
      "axes that are a number",
      { command: "dln simulate", axes: 3 },
      /axes: an object of axes or a list of groups/,
    ],
    [
      "an empty list of values",
      { command: "dln simulate", axes: { alpha: [] } },
      /axes\.alpha: an empty list/,
    ],
    [
      "a nested list value",
      { command: "dln simulate", axes: { alpha: [[1]] } },
      /values must be numbers, strings or booleans/,
    ],
    [
      "an unknown range kind",
      { command: "dln simulate", axes: { alpha: { geometric: [1, 2, 3] } } },
      /\{ linear: \[start, stop, count\] \}/,
    ],
    [
      "a count of zero",
      { command: "dln simulate", axes: { alpha: { linear: [0.1, 1, 0] } } },
      /count must be an integer in \[1, 100000\]/,
    ],
    [
      "a non-finite range end",
      { command: "dln simulate", axes: { alpha: { log: [1e-3, "1", 3] } } },
      /finite numbers/,
    ],
    [
      "too many points",
      {
        command: "dln simulate",
        axes: { alpha: { log: [1e-3, 1, 1000] }, rho: { linear: [0.01, 1, 1000] } },
      },
      /1000000 points exceed the limit of 100000/,
    ],
    [
      "an empty zipped group",
      { command: "dln simulate", axes: [{}] },
      /axes\[0\]: a non-empty object of axes/,
    ],
    [
      "an axis in two groups",
      { command: "dln simulate", axes: [{ alpha: [1] }, { alpha: [2] }] },
      /axes\[1\]\.alpha: this axis appears twice/,
    ],
    ["a value of the wrong type", { command: "dln simulate", axes: { n: ["many"] } }, /"n" \(--n\)/],
    [
      "a string not among the choices",
      { command: "dln simulate", axes: { prior: ["cauchy"] } },
      /"prior" \(--prior\)/,
    ],
    [
      "--json set per point",
      { command: "dln simulate", fixed: { json: true }, axes: { alpha: [1] } },
      /fixed\.json: set by the sweep/,
    ],
  ])("rejects %s with a message naming it (exit 2)", (_what, body, message) => {
    const dir = tempDir();
    const r = cli(["sweep", spec(dir, "s.json", body), "--dry-run"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("rejects a malformed file, a missing file and a missing --out", () => {
    const dir = tempDir();
    const r1 = cli(["sweep", spec(dir, "bad.yaml", "command: [unclosed\n"), "--dry-run"]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/not valid YAML/);
    expect(cli(["sweep", join(dir, "none.json"), "--dry-run"]).stderr).toMatch(/cannot read the sweep spec/);
    const ok = spec(dir, "ok.json", { command: "dln simulate", fixed: small, axes: { alpha: [1] } });
    const r3 = cli(["sweep", ok]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/--out DIR is required/);
  });
});

describe("meanfield sweep: the store", () => {
  it("computes every point once, gives each point the numbers of the command run alone, and resumes", () => {
    const dir = tempDir();
    const out = join(dir, "out");
    const file = spec(dir, "s.json", {
      command: "dln simulate",
      seed: 2,
      fixed: small,
      axes: { alpha: [0.1, 1], rho: [0.1, 0.3] },
    });
    const r = cli(["sweep", file, "--out", out, "--json", "--concurrency", "2"], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.counts).toMatchObject({ points: 4, done: 4, failed: 0, computed: 4, skipped: 0 });
    for (const f of ["sweep.sqlite", "results.csv", "results.json", "result.json"])
      expect(existsSync(join(out, f))).toBe(true);
    const rows = csvRows(join(out, "results.csv"));
    expect(rows.map((x) => [x.alpha, x.rho])).toEqual([
      ["0.1", "0.1"],
      ["0.1", "0.3"],
      ["1", "0.1"],
      ["1", "0.3"],
    ]);
    // the point run alone, with its recorded seed, gives the same numbers as in the sweep
    const json = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    const p = json.points[3];
    const alone = cli([
      "dln",
      "simulate",
      ...SMALL_FLAGS,
      "--points",
      "5",
      "--alpha",
      "1",
      "--rho",
      "0.3",
      "--seed",
      String(p.seed),
      "--json",
    ]);
    expect(alone.code, alone.stderr).toBe(0);
    expect(JSON.parse(alone.stdout).genError).toEqual(p.result.genError);
    expect(Number(rows[3]["genError.mean.last"])).toBe(p.result.genError.mean.at(-1));
    // a second run computes nothing and lists every point once
    const again = cli(["sweep", file, "--out", out, "--json"], { timeoutMs: 60_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).counts).toMatchObject({ done: 4, computed: 0, skipped: 4 });
    expect(csvRows(join(out, "results.csv"))).toHaveLength(4);
    expect(storePoints(out).every((x) => x.status === "done" && x.attempts === 1)).toBe(true);
  }, 180_000);

  it("records a failing point with its message, goes on, exits 1, and --retry-failed recomputes only those", () => {
    const dir = tempDir();
    const out = join(dir, "out");
    // one iteration cannot converge: the solve fails (not converged) while the other point succeeds
    const file = spec(dir, "s.json", {
      command: "dmft solve",
      fixed: { tMax: 1, gridPoints: 12, samples: 600, replicas: 2, rtol: 0.5 },
      axes: [{ alpha: [1, 1], maxIterations: [300, 1] }],
    });
    const r = cli(["sweep", file, "--out", out, "--json", "--concurrency", "1"], { timeoutMs: 120_000 });
    expect(r.code).toBe(1);
    const res = JSON.parse(r.stdout);
    expect(res.counts).toMatchObject({ points: 2, done: 1, failed: 1 });
    const rows = csvRows(join(out, "results.csv"));
    expect(rows.map((x) => x.status)).toEqual(["done", "failed"]);
    expect(readFileSync(join(out, "results.csv"), "utf8")).toMatch(/not converged/);
    const skip = JSON.parse(cli(["sweep", file, "--out", out, "--json"], { timeoutMs: 60_000 }).stdout);
    expect(skip.counts).toMatchObject({ computed: 0, failedNow: 0, skipped: 2, failed: 1 });
    const retry = JSON.parse(
      cli(["sweep", file, "--out", out, "--json", "--retry-failed"], { timeoutMs: 60_000 }).stdout,
    );
    expect(retry.counts).toMatchObject({ computed: 0, failedNow: 1, skipped: 1 });
    const attempts = storePoints(out)
      .map((x) => x.attempts)
      .sort();
    expect(attempts).toEqual([1, 2]);
  }, 180_000);

  it("loses no finished point when the process is killed (SIGKILL) and recomputes only the unfinished ones", async () => {
    const dir = tempDir();
    const out = join(dir, "out");
    const file = spec(dir, "s.json", {
      command: "dln simulate",
      fixed: { n: 150, d: 300, tMax: 20, seeds: 2, points: 10 },
      axes: { alpha: { log: [0.01, 1, 6] } },
    });
    const { child, result } = spawnCli(["sweep", file, "--out", out, "--concurrency", "1", "--quiet"]);
    // kill -9 once two points are in the store
    await new Promise<void>((resolveWait, reject) => {
      const deadline = Date.now() + 90_000;
      const poll = setInterval(() => {
        try {
          const done = existsSync(join(out, "sweep.sqlite"))
            ? storePoints(out).filter((x) => x.status === "done").length
            : 0;
          if (done >= 2) {
            clearInterval(poll);
            child.kill("SIGKILL");
            resolveWait();
          } else if (Date.now() > deadline) {
            clearInterval(poll);
            child.kill("SIGKILL");
            reject(new Error("no two points finished within 90 s"));
          }
        } catch {
          // the database is being created: poll again
        }
      }, 100);
    });
    await result;
    const before = storePoints(out);
    const doneBefore = new Set(before.filter((x) => x.status === "done").map((x) => x.key));
    expect(doneBefore.size).toBeGreaterThanOrEqual(2);
    expect(doneBefore.size).toBeLessThan(6);
    const r = cli(["sweep", file, "--out", out, "--json", "--quiet"], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.counts).toMatchObject({
      points: 6,
      done: 6,
      skipped: doneBefore.size,
      computed: 6 - doneBefore.size,
    });
    const after = storePoints(out);
    expect(after).toHaveLength(6);
    for (const p of after) if (doneBefore.has(p.key)) expect(p.attempts).toBe(1);
    expect(csvRows(join(out, "results.csv"))).toHaveLength(6);
  }, 240_000);
});

describe("meanfield sweep: interrupted and uninterrupted runs agree", () => {
  it("a sweep interrupted by SIGINT and resumed leaves the same store as an uninterrupted run", async () => {
    const dir = tempDir();
    const file = spec(dir, "s.json", {
      command: "dln simulate",
      seed: 9,
      fixed: { n: 150, d: 300, tMax: 20, seeds: 2, points: 10 },
      axes: { alpha: { log: [0.01, 1, 5] } },
    });
    const cut = join(dir, "cut");
    const { child, result } = spawnCli(["sweep", file, "--out", cut, "--concurrency", "1", "--quiet"]);
    await new Promise<void>((resolveWait) => {
      const poll = setInterval(() => {
        try {
          if (existsSync(join(cut, "sweep.sqlite")) && storePoints(cut).some((x) => x.status === "done")) {
            clearInterval(poll);
            child.kill("SIGINT");
            resolveWait();
          }
        } catch {
          // being created
        }
      }, 50);
    });
    const stopped = await result;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/interrupted/);
    const partial = storePoints(cut).filter((x) => x.status === "done").length;
    expect(partial).toBeGreaterThanOrEqual(1);
    expect(partial).toBeLessThan(5);
    expect(cli(["sweep", file, "--out", cut, "--quiet"], { timeoutMs: 120_000 }).code).toBe(0);
    const whole = join(dir, "whole");
    expect(cli(["sweep", file, "--out", whole, "--quiet"], { timeoutMs: 120_000 }).code).toBe(0);
    const a = JSON.parse(readFileSync(join(cut, "results.json"), "utf8")).points;
    const b = JSON.parse(readFileSync(join(whole, "results.json"), "utf8")).points;
    expect(a.map((p: { key: string }) => p.key)).toEqual(b.map((p: { key: string }) => p.key));
    for (let i = 0; i < b.length; i++) {
      expect(a[i].status).toBe("done");
      expect(a[i].result.genError).toEqual(b[i].result.genError);
      expect(a[i].result.trainLoss).toEqual(b[i].result.trainLoss);
    }
  }, 240_000);
});

describe("examples/sweeps", () => {
  const EXAMPLES = join(__dirname, "../../../examples/sweeps");
  it("holds a spec for every computing command, each valid (dry run)", () => {
    const files = readdirSync(EXAMPLES);
    const commands = new Set<string>();
    for (const f of files) {
      const r = cli(["sweep", join(EXAMPLES, f), "--dry-run", "--json"]);
      expect(r.code, `${f}: ${r.stderr}`).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.counts.points).toBeGreaterThan(1);
      commands.add(out.command);
    }
    // the two reproduce diagrams run the grids of their example specs
    const dmftDiagram = JSON.parse(
      cli(["sweep", join(EXAMPLES, "dmft-phase-diagram.yaml"), "--dry-run", "--json"]).stdout,
    );
    expect([...new Set(dmftDiagram.points.map((p: { axes: { alpha: number } }) => p.axes.alpha))]).toEqual(
      DMFT_PHASE_DIAGRAM.alphas,
    );
    expect([...new Set(dmftDiagram.points.map((p: { axes: { delta: number } }) => p.axes.delta))]).toEqual(
      DMFT_PHASE_DIAGRAM.deltas,
    );
    expect(dmftDiagram.points[0].options).toMatchObject(DMFT_PHASE_DIAGRAM.fixed);
    const margin = JSON.parse(
      cli(["sweep", join(EXAMPLES, "replica-margin.yaml"), "--dry-run", "--json"]).stdout,
    );
    expect([...new Set(margin.points.map((p: { axes: { margin: number } }) => p.axes.margin))]).toEqual(
      REPLICA_MARGIN.margins,
    );
    expect([
      ...new Set(margin.points.map((p: { axes: { activation: string } }) => p.axes.activation)),
    ]).toEqual([...REPLICA_MARGIN.activations]);
    expect([...commands].sort()).toEqual([
      "dln implicit-bias",
      "dln simulate",
      "dmft compare",
      "dmft solve",
      "replica capacity",
      "replica sweep",
    ]);
  });
});

describe("meanfield plot and @meanfield/cli/results: reading stored results back", () => {
  it("draws a 2-axis sweep as a heatmap and a 1-axis sweep as a line, from the store, with the stored numbers", async () => {
    const dir = tempDir();
    const out = join(dir, "out");
    const file = spec(dir, "s.json", {
      command: "dln simulate",
      fixed: small,
      axes: { alpha: [0.1, 1], rho: [0.1, 0.3] },
    });
    expect(cli(["sweep", file, "--out", out, "--quiet"], { timeoutMs: 120_000 }).code).toBe(0);
    const r = cli(["plot", out, "--out", join(dir, "figs"), "--json"], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.kind).toBe("heatmap");
    for (const ext of ["svg", "png", "csv"])
      expect(existsSync(join(dir, "figs", `${res.name}.${ext}`))).toBe(true);
    expect(readFileSync(join(dir, "figs", `${res.name}.svg`), "utf8")).toMatch(
      /genError\.mean\.last over \(alpha, rho\)/,
    );
    // the plotted values are the stored ones (results.csv, written by the sweep)
    const stored = csvRows(join(out, "results.csv"));
    const plotted = csvRows(join(dir, "figs", `${res.name}.csv`));
    expect(plotted.map((p) => Number(p["genError.mean.last"]))).toEqual(
      stored.map((s) => Number(s["genError.mean.last"])),
    );
    // one axis: a line; --y chooses the quantity; a bad --y lists the outputs
    const one = spec(dir, "one.json", { command: "dln simulate", fixed: small, axes: { alpha: [0.1, 1] } });
    expect(cli(["sweep", one, "--out", join(dir, "one"), "--quiet"], { timeoutMs: 120_000 }).code).toBe(0);
    const line = JSON.parse(
      cli(["plot", join(dir, "one", "results.json"), "--y", "trainLoss.mean.last", "--json"]).stdout,
    );
    expect(line).toMatchObject({ kind: "lines", x: "alpha", y: "trainLoss.mean.last" });
    const bad = cli(["plot", join(dir, "one"), "--y", "nope"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /--y "nope" is not a numeric output of 'dln simulate' \(outputs: .*genError\.mean\.last/,
    );
    // the library: import and require give the same typed sweep
    const esm = await import(RESULTS_ESM);
    const cjs = require("../dist/results.cjs");
    const a = esm.loadSweep(out);
    const b = cjs.loadSweep(join(out, "results.json"));
    expect(a.points.map((p: { key: string }) => p.key)).toEqual(b.points.map((p: { key: string }) => p.key));
    expect(a.points[0].result?.genError).toEqual(b.points[0].result.genError);
    expect(() => esm.loadSweep(dir)).toThrow(/holds neither sweep\.sqlite nor results\.json/);
  }, 240_000);

  it("draws a command's result.json as its curves, and loadResult validates it", async () => {
    const dir = tempDir();
    const sim = cli(["dln", "simulate", ...SMALL_FLAGS, "--out", join(dir, "sim"), "--quiet"]);
    expect(sim.code, sim.stderr).toBe(0);
    const r = cli(["plot", join(dir, "sim", "result.json"), "--out", join(dir, "figs"), "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: "result", series: ["trainLoss", "genError"] });
    expect(existsSync(join(dir, "figs", "result-dln-simulate.svg"))).toBe(true);
    const { loadResult } = await import(RESULTS_ESM);
    expect(loadResult(join(dir, "sim")).command).toBe("dln simulate");
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ command: "x" }));
    expect(() => loadResult(join(dir, "bad.json"))).toThrow(/is not a meanfield result: params/);
  }, 120_000);
});
