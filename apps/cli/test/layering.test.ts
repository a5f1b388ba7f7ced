/**
 * The CLI's layers (issue 17, item 4): commands and recipes build on framework/ and the packages only,
 * never on another command or recipe; framework/ builds on itself and the packages only. The one
 * cross-layer edge is the recipe registry (recipes/index.ts), which the reproduce command reads as
 * cli.ts reads the command registry.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../src");

/** Relative import specifiers of a file (static `from "…"` and dynamic `import("…")`), resolved under src/. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]);
  return specs.map((s) => relative(SRC, resolve(dirname(file), s)).replace(/\.js$/, ".ts"));
}

function filesIn(folder: string): string[] {
  return readdirSync(join(SRC, folder))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(SRC, folder, f));
}

/** The imports of each file in `folder` that `allowed` refuses, as "file → import". */
function violations(folder: string, allowed: (target: string, file: string) => boolean): string[] {
  const out: string[] = [];
  for (const file of filesIn(folder)) {
    for (const target of relativeImports(file)) {
      if (!allowed(target, relative(SRC, file))) out.push(`${relative(SRC, file)} → ${target}`);
    }
  }
  return out;
}

const inFramework = (target: string) => target.startsWith("framework/");

describe("CLI layering", () => {
  it("finds the imports it checks (the scanner is not blind)", () => {
    expect(relativeImports(join(SRC, "commands/dmft-compare.ts"))).toContain("framework/dmft-run.ts");
    expect(relativeImports(join(SRC, "commands/reproduce.ts"))).toContain("recipes/index.ts");
  });
  it("commands import only framework/ (and reproduce the recipe registry), never another command", () => {
    expect(
      violations(
        "commands",
        (t, f) => inFramework(t) || (f === "commands/reproduce.ts" && t === "recipes/index.ts"),
      ),
    ).toEqual([]);
  });
  it("recipes import only framework/, never a command or another recipe (the registry lists them)", () => {
    expect(
      violations(
        "recipes",
        (t, f) => inFramework(t) || (f === "recipes/index.ts" && t.startsWith("recipes/")),
      ),
    ).toEqual([]);
  });
  it("framework/ imports only framework/", () => {
    expect(violations("framework", inFramework)).toEqual([]);
  });
});
