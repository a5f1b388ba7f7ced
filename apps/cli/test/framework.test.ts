import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, listTree, tempDir } from "./helpers.js";

const COMMANDS = [
  "dln simulate",
  "dln implicit-bias",
  "dmft solve",
  "dmft compare",
  "replica capacity",
  "replica sweep",
  "reproduce",
];

describe("help and version", () => {
  it("meanfield --help lists every command", () => {
    const r = cli(["--help"]);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(c);
  });

  it("meanfield --version prints the package version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    const r = cli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it.each(COMMANDS)("meanfield %s --help shows usage, common options and the JSON fields", (c) => {
    const r = cli([...c.split(" "), "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: meanfield ${c}`);
    for (const flag of ["--seed", "--out", "--json", "--config"]) expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain("JSON output");
    expect(r.stderr).toBe("");
  });

  it.each(["dln", "dmft", "replica"])("meanfield %s --help lists the group's commands", (g) => {
    const r = cli([g, "--help"]);
    expect(r.code).toBe(0);
    for (const c of COMMANDS.filter((x) => x.startsWith(`${g} `)))
      expect(r.stdout).toContain(c.split(" ")[1]);
  });

  it("documents the flags scripts rely on", () => {
    const sim = cli(["dln", "simulate", "--help"]).stdout;
    for (const f of ["--n ", "--d ", "--rho ", "--sigma ", "--alpha ", "--t-max ", "--seeds "])
      expect(sim).toContain(f);
    const dmft = cli(["dmft", "solve", "--help"]).stdout;
    for (const f of ["--delta ", "--rho ", "--sigma ", "--alpha ", "--t-max "]) expect(dmft).toContain(f);
    const cap = cli(["replica", "capacity", "--help"]).stdout;
    for (const f of ["--activation ", "--K ", "--margin "]) expect(cap).toContain(f);
  });
});

describe("usage errors: clear message on stderr, exit code 2, nothing written", () => {
  const cases: [string, string[], RegExp][] = [
    ["an unknown command", ["frobnicate"], /unknown command "frobnicate"/],
    ["an unknown subcommand", ["dln", "frobnicate"], /unknown command "frobnicate"/],
    ["an unknown flag", ["dln", "simulate", "--bogus", "1"], /unknown option --bogus/],
    ["a negative size", ["dln", "simulate", "--n=-5"], /--n.*integer in \[1, 1000000\].*-5/],
    ["a non-numeric value", ["dmft", "solve", "--rho", "abc"], /--rho.*"abc".*\(0, 1\]/],
    ["a value out of range", ["dmft", "solve", "--rho", "1.5"], /--rho.*\(0, 1\].*1\.5/],
    ["a flag without its value", ["dln", "simulate", "--alpha"], /--alpha needs a value/],
    ["an unexpected positional argument", ["dln", "simulate", "extra"], /unexpected argument "extra"/],
    ["a missing config file", ["dln", "simulate", "--config", "does-not-exist.json"], /cannot read --config/],
    [
      "a design too large for memory",
      ["dln", "simulate", "--n", "100000", "--d", "100000"],
      /n·d = 1\.00e\+10/,
    ],
    [
      "--t-min above --t-max",
      ["dln", "simulate", "--t-min", "5", "--t-max", "1"],
      /--t-min \(5\) must be below --t-max \(1\)/,
    ],
  ];
  it.each(cases)("rejects %s", (_name, args, pattern) => {
    const dir = tempDir();
    const r = cli([...args, "--out", join(dir, "out")], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stdout).toBe("");
    expect(listTree(dir)).toEqual([]);
  });

  it("rejects a malformed config file", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "c.json"), "{ rho: 0.1 ");
    const r = cli(["dln", "simulate", "--config", "c.json", "--out", "out"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not valid JSON/);
    expect(listTree(dir)).toEqual(["c.json"]);
  });

  it("rejects an unknown config key, naming it", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "c.json"), JSON.stringify({ rho: 0.1, temperature: 3 }));
    const r = cli(["dln", "simulate", "--config", "c.json", "--out", "out"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown key "temperature"/);
    expect(listTree(dir)).toEqual(["c.json"]);
  });

  it("rejects a config value of the wrong type or range, naming key and flag", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "c.json"), JSON.stringify({ tMax: -1 }));
    const r = cli(["dln", "simulate", "--config", "c.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"tMax" \(--t-max\) must be a number in \(0, 1000000\]; got -1/);
    writeFileSync(join(dir, "c.json"), JSON.stringify({ seeds: "3" }));
    const r2 = cli(["dln", "simulate", "--config", "c.json"], { cwd: dir });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/seeds/);
  });

  it("rejects --out pointing at a file", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "f"), "x");
    const r = cli(["dln", "simulate", "--out", "f"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out "f" exists and is not a directory/);
    expect(readFileSync(join(dir, "f"), "utf8")).toBe("x");
    expect(listTree(dir)).toEqual(["f"]);
  });
});

describe("Ctrl-C", () => {
  it("stops a long run at once with exit code 130 and leaves nothing behind", async () => {
    const { cliInterrupted } = await import("./helpers.js");
    const dir = tempDir();
    const args = ["dln", "simulate", "--n", "400", "--d", "800", "--alpha", "0.001", "--t-max", "10000"];
    const r = await cliInterrupted([...args, "--seeds", "4", "--workers", "0", "--out", "out"], dir, 500);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted/);
    expect(listTree(dir)).toEqual([]);
  });
});

describe("CLI reference", () => {
  it("CLI.md is the current --help output of every command (regenerate: node apps/cli/scripts/cli-reference.mjs)", async () => {
    const { spawnSync } = await import("node:child_process");
    const dir = tempDir();
    const out = join(dir, "CLI.md");
    const script = new URL("../scripts/cli-reference.mjs", import.meta.url).pathname;
    const r = spawnSync(process.execPath, [script, out], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const committed = readFileSync(new URL("../CLI.md", import.meta.url), "utf8");
    expect(readFileSync(out, "utf8")).toBe(committed);
  });
});
