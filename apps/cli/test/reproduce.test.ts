import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, listTree, tempDir } from "./helpers.js";

const IDS = [
  "dln-curves",
  "dmft-reference",
  "timescales",
  "rate-tradeoff",
  "implicit-bias",
  "capacity-table",
  "capacity-bar",
  "replica-sweep",
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
      /\| figure \| quantity \| theory \| method \| check \| method \| paper \| agree \| tolerance \|/,
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
