import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempDir } from "./helpers.js";

/** Issue 16, defect 7: help routing, short flags, number syntax, long values, unknown recipe ids. */

describe("meanfield help <command>", () => {
  it("meanfield help dln prints dln's help", () => {
    const r = cli(["help", "dln"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: meanfield dln <command>/);
  });

  it("meanfield help dln simulate prints the command's help", () => {
    const r = cli(["help", "dln", "simulate"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: meanfield dln simulate/);
  });

  it("meanfield help nope is an unknown command", () => {
    const r = cli(["help", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "nope"/);
  });
});

describe("flag values: clear usage errors (exit 2)", () => {
  const cases: [string, string[], RegExp][] = [
    ["a one-dash flag (-n 5)", ["dln", "simulate", "-n", "5"], /unknown option "-n".*two dashes \(--n\)/],
    ["a one-dash K (-K 5)", ["replica", "capacity", "-K", "5"], /unknown option "-K"/],
    ["a hexadecimal number", ["dln", "simulate", "--n", "0x14"], /--n: "0x14".*decimal or scientific/],
    ["a binary number", ["dln", "simulate", "--n", "0b10100"], /--n: "0b10100".*decimal or scientific/],
    ["Infinity", ["dmft", "solve", "--alpha", "Infinity"], /--alpha: "Infinity"/],
    [
      "a number beyond double range",
      ["dln", "simulate", "--n", "1e400"],
      /--n: "1e400" \(not a finite number/,
    ],
    ["digit separators", ["dln", "simulate", "--n", "1_000"], /--n: "1_000"/],
  ];
  it.each(cases)("rejects %s", (_name, args, pattern) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/got null/);
  });

  it("still accepts decimal and scientific notation", () => {
    const r = cli([
      "dln",
      "simulate",
      "--n",
      "2e1",
      "--d",
      "40.0",
      "--seeds",
      "1",
      "--points",
      "3",
      "--t-max",
      "1",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/n=20 d=40/);
  });

  it("a config value beyond double range is not echoed as null", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "c.json"), '{"tMax": 1e400}');
    const r = cli(["dln", "simulate", "--config", "c.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"tMax" \(--t-max\) is not a finite number.*got Infinity/);
  });

  it("echoes at most about 80 characters of a long bad value", () => {
    const long = "x".repeat(100_000);
    for (const args of [
      ["dln", "simulate", "--n", long],
      ["dln", "simulate", long],
      ["dln", "simulate", `--${long}`],
      ["replica", "capacity", "--activation", long],
      ["reproduce", long],
      [long],
    ]) {
      const r = cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr.length, r.stderr.slice(0, 300)).toBeLessThan(600);
      expect(r.stderr).toMatch(/100000 characters|100002 characters/);
    }
  });
});

describe("reproduce --list", () => {
  it("errors on an unknown id", () => {
    const r = cli(["reproduce", "--list", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown figure id "nope"/);
  });
});
