import { describe, expect, it } from "vitest";
import { allOptions, flagsOf } from "../src/framework/command.js";
import { flagFor } from "../src/framework/errors.js";
import { COMMANDS } from "../src/registry.js";
import { cli, spawnCli } from "./helpers.js";

/** Issue 16, defects 3 and 4: errors name flags the command has; what cannot finish is refused. */

/** Every --flag a message names must be one of the command's own flags. */
function expectOnlyRealFlags(cmdId: string, stderr: string): void {
  const cmd = COMMANDS.find((c) => c.id === cmdId);
  if (!cmd) throw new Error(cmdId);
  const flags = new Set(flagsOf(cmd));
  const named = [...stderr.matchAll(/(?<![\w-])--?-?[A-Za-z][\w-]*/g)].map((m) => m[0]);
  for (const f of named) expect(flags, `${f} in: ${stderr}`).toContain(f);
}

describe("errors name flags the CLI really has", () => {
  const cases: [string, string[], RegExp][] = [
    [
      "dmft solve",
      ["--grid-points", "16", "--samples", "100", "--t-max", "5", "--sigma", "1e300"],
      /--sigma: must be a number in \[0, 1000\]/,
    ],
    [
      "dmft solve",
      ["--grid-points", "16", "--samples", "100", "--t-max", "5", "--alpha", "1e300"],
      /--alpha: must be a number in \(0, 1000\]/,
    ],
    ["dln implicit-bias", ["--n", "20", "--d", "40", "--alpha", "1e300"], /--alpha: must be a number in/],
    ["dmft compare", ["--d", "1000000", "--delta", "100"], /reduce --d or --delta/],
    ["dln simulate", ["--n", "20", "--d", "40", "--sigma", "1e300"], /--sigma: must be a number in/],
  ];
  it.each(cases)("meanfield %s %s", (id, args, pattern) => {
    const r = cli([...id.split(" "), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/---|--t-uniform/);
    expectOnlyRealFlags(id, r.stderr);
  });

  it("maps package parameter names to the command's flags, and names no flag for internal ones", () => {
    const byId = (id: string) => flagsOf(COMMANDS.find((c) => c.id === id) ?? COMMANDS[0]);
    expect(flagFor("T", byId("dmft solve"))).toBe("--t-max");
    expect(flagFor("gridPoints", byId("dmft solve"))).toBe("--grid-points");
    expect(flagFor("kappa", byId("replica capacity"))).toBe("--margin");
    expect(flagFor("activation.formula", byId("replica sweep"))).toBe("--activation");
    expect(flagFor("A", byId("dmft solve"))).toBeUndefined();
    expect(flagFor("tUniform", byId("dmft solve"))).toBeUndefined();
    expect(flagFor("n", byId("dmft compare"))).toBeUndefined();
    expect(flagFor("alpha", byId("replica sweep"))).toBeUndefined();
  });

  it("documents an upper bound for every model flag that had none", () => {
    for (const cmd of COMMANDS) {
      for (const o of allOptions(cmd)) {
        if (["sigma", "alpha", "t-max", "tol", "alpha-min", "alpha-max"].includes(o.flag)) {
          expect(o.max, `${cmd.id} --${o.flag}`).toBeDefined();
        }
      }
    }
  });
});

describe("runs without bound are refused at once", () => {
  it("dln simulate --t-max 1e300", () => {
    const args = ["--n", "20", "--d", "40", "--seeds", "1", "--points", "5", "--t-max", "1e300"];
    const r = cli(["dln", "simulate", ...args], { timeoutMs: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--t-max: must be a number in \(0, 1000000\]/);
  });

  it("replica capacity --activation sign --K 100000", () => {
    const r = cli(["replica", "capacity", "--activation", "sign", "--K", "100000"], { timeoutMs: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--K: must be a positive integer up to 100 or "inf"/);
  });

  it("an interrupted run without --out does not mention --out", async () => {
    const args = ["dln", "simulate", "--n", "100", "--d", "200", "--seeds", "1", "--alpha", "0.001"];
    const env: NodeJS.ProcessEnv = { ...process.env, MEANFIELD_PROGRESS_INTERVAL: "0.05" };
    delete env.MEANFIELD_NO_PROGRESS;
    const { child, result } = spawnCli([...args, "--t-max", "100000"], {
      env,
      // The first progress line: the run has started.
      onStderr: (stderr) => {
        if (/\d+ s\n/.test(stderr)) child.kill("SIGINT");
      },
    });
    const r = await result;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/meanfield dln simulate: interrupted\n/);
    expect(r.stderr).not.toMatch(/--out/);
  });
});
