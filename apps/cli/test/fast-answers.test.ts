import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { CLI, cli, tempDir } from "./helpers.js";

/**
 * Issue 16, defect 5: --help and usage errors answer at once, because the science packages (and
 * mathjs, vega, resvg behind them) are imported only by the command that runs, after validation.
 * What is asserted is which modules load (robust on a busy machine); the times are only printed.
 */

const HEAVY = /^@meanfield\/|^mathjs|resvg|vega/;

const CASES: [string, string[]][] = [
  ["meanfield --help", ["--help"]],
  ["dln --help", ["dln", "--help"]],
  ["dln simulate --help", ["dln", "simulate", "--help"]],
  ["dln simulate --n 0", ["dln", "simulate", "--n", "0"]],
  ["dln implicit-bias --help", ["dln", "implicit-bias", "--help"]],
  ["dln implicit-bias --alpha 1e300", ["dln", "implicit-bias", "--alpha", "1e300"]],
  ["dmft solve --help", ["dmft", "solve", "--help"]],
  ["dmft solve --sigma 1e300", ["dmft", "solve", "--sigma", "1e300"]],
  ["dmft compare --help", ["dmft", "compare", "--help"]],
  ["dmft compare --d 1000000 --delta 100", ["dmft", "compare", "--d", "1000000", "--delta", "100"]],
  ["replica capacity --help", ["replica", "capacity", "--help"]],
  ["replica capacity --activation nope", ["replica", "capacity", "--activation", "nope"]],
  ["replica capacity --activation 'x; 1'", ["replica", "capacity", "--activation", "x; 1"]],
  ["replica sweep --help", ["replica", "sweep", "--help"]],
  ["replica sweep --K 3", ["replica", "sweep", "--K", "3"]],
  ["reproduce --help", ["reproduce", "--help"]],
  ["reproduce nope", ["reproduce", "nope"]],
];

/** The bare specifiers the CLI resolves while answering (an ESM resolve hook logs them). */
function modulesLoaded(args: string[]): { code: number | null; modules: string[] } {
  const dir = tempDir();
  const log = join(dir, "modules.log");
  writeFileSync(log, "");
  const hook = join(dir, "hook.mjs");
  writeFileSync(
    hook,
    `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  appendFileSync(${JSON.stringify(log)}, specifier + "\\n");
  return next(specifier, context);
}
`,
  );
  const register = join(dir, "register.mjs");
  writeFileSync(
    register,
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`,
  );
  const r = cli(args, { nodeArgs: ["--import", pathToFileURL(register).href] });
  return { code: r.code, modules: readFileSync(log, "utf8").split("\n").filter(Boolean) };
}

describe("--help and usage errors load no science package", () => {
  it.each(CASES)("%s", (_name, args) => {
    const { code, modules } = modulesLoaded(args);
    expect(code).toBe(args.includes("--help") ? 0 : 2);
    expect(modules.length).toBeGreaterThan(0); // the hook ran
    expect(modules.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it("answers quickly (times printed; bound only against a hang or a 5 s import)", () => {
    const rows: string[] = [];
    for (const [name, args] of CASES) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 30_000 });
      const seconds = (performance.now() - t0) / 1000;
      rows.push(`${seconds.toFixed(3)} s  exit ${r.status}  meanfield ${name}`);
      expect(seconds, name).toBeLessThan(5);
    }
    console.log(`CLI answer times:\n${rows.join("\n")}`);
  });
});
