// Checks over the repository's sources (no build needed): every citation of a theory page names
// an existing page and heading, nothing cites a file outside the repository, every source file the
// package READMEs and ARCHITECTURE.md name exists, and no package has an import cycle among its
// source files (type-only imports excluded: they vanish at run time).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const theoryDir = join(root, "apps", "docs", "docs", "theory");

function walk(dir: string, keep: (path: string) => boolean, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, keep, out);
    else if (keep(p)) out.push(p);
  }
  return out;
}

const packageDirs = [
  ...readdirSync(join(root, "packages")).map((p) => join(root, "packages", p)),
  join(root, "apps", "cli"),
];
const sourceFiles = packageDirs.flatMap((d) =>
  ["src", "test", "scripts", "bench"].flatMap((sub) => walk(join(d, sub), (p) => /\.(ts|mjs)$/.test(p))),
);
const docFiles = [
  join(root, "README.md"),
  ...packageDirs.map((d) => join(d, "README.md")).filter(existsSync),
  ...walk(join(root, "apps", "docs", "docs"), (p) => p.endsWith(".md")).filter(
    (p) => !p.includes(`${join("docs", "public")}`),
  ),
];

/** Headings of a markdown page, without `{#id}` suffixes. */
function headings(page: string): Set<string> {
  const text = readFileSync(page, "utf8");
  const out = new Set<string>();
  for (const line of text.split("\n")) {
    const m = /^#{1,6}\s+(.*?)\s*(\{#[^}]*\})?\s*$/.exec(line);
    if (m) out.add(m[1]);
  }
  return out;
}

describe("repository: citations and imports", () => {
  it("every theory citation names an existing page and heading", () => {
    const cite = /theory\/([a-z0-9-]+)\.md, "([^"]+)"/g;
    let checked = 0;
    const bad: string[] = [];
    for (const file of [...sourceFiles, ...docFiles]) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(cite)) {
        checked++;
        const page = join(theoryDir, `${m[1]}.md`);
        if (!existsSync(page)) bad.push(`${relative(root, file)}: no page theory/${m[1]}.md`);
        else {
          // a citation may wrap across comment lines: join them back into one heading
          const heading = m[2].replace(/\s*\n\s*(?:\*|\/\/)?\s*/g, " ");
          if (!headings(page).has(heading))
            bad.push(`${relative(root, file)}: theory/${m[1]}.md has no heading "${heading}"`);
        }
      }
    }
    expect(bad).toEqual([]);
    // the check is not vacuous
    expect(checked).toBeGreaterThan(100);
  });

  it("no source or doc cites a file outside the repository (an external spec, a notes file)", () => {
    // "spec §3", "spec dln-dmft §4", "the spec records", "the spec's range": the project's specs are not in it
    const outside =
      /\bspec(?:\s+[a-z-]+)?\s+§|\bthe spec(?:'s|\s+(?:records|lists|says))|THEORY\.md|paper-notes|shared\/spec|\.\.\/shared\//i;
    const bad = [...sourceFiles, ...docFiles]
      .filter((f) => !f.endsWith("repository.test.ts"))
      .filter((f) => outside.test(readFileSync(f, "utf8")))
      .map((f) => relative(root, f));
    expect(bad).toEqual([]);
  });

  it("every source file a package README or ARCHITECTURE.md names exists", () => {
    // bare names (`sample-process.ts`) anywhere under the package, paths (`bench/x.mjs`) from its folder;
    // in ARCHITECTURE.md's map, `pkg/src/path` and the bare names after it in the same cell
    const filesUnder = (dir: string) => new Set(walk(dir, () => true).map((p) => basename(p)));
    const bad: string[] = [];
    let checked = 0;
    for (const dir of packageDirs) {
      const readme = join(dir, "README.md");
      if (!existsSync(readme)) continue;
      const names = filesUnder(dir);
      for (const m of readFileSync(readme, "utf8").matchAll(/`([\w./-]+\.(?:ts|mjs))`/g)) {
        checked++;
        const ok = m[1].includes("/") ? existsSync(join(dir, m[1])) : names.has(m[1]);
        if (!ok) bad.push(`${relative(root, readme)}: ${m[1]}`);
      }
    }
    for (const line of readFileSync(join(root, "ARCHITECTURE.md"), "utf8").split("\n")) {
      if (!line.startsWith("|")) continue;
      for (const cell of line.split("|")) {
        let base = "";
        for (const m of cell.matchAll(/`([\w./-]+)`/g)) {
          const full = /^(\w+)\/src\/(.+)$/.exec(m[1]);
          let path: string;
          if (full) {
            base = join(root, "packages", full[1], "src");
            path = full[2];
          } else if (base && /^[\w.-]+(\.ts|\/)$/.test(m[1])) path = m[1];
          else continue;
          checked++;
          if (!existsSync(join(base, path))) bad.push(`ARCHITECTURE.md: ${relative(root, join(base, path))}`);
        }
      }
    }
    expect(bad).toEqual([]);
    expect(checked).toBeGreaterThan(80);
  });

  it("no package has an import cycle among its source files (type-only imports aside)", () => {
    const cycles: string[] = [];
    let edges = 0;
    for (const dir of packageDirs) {
      const files = walk(join(dir, "src"), (p) => p.endsWith(".ts"));
      const graph = new Map<string, string[]>();
      for (const f of files) {
        const text = readFileSync(f, "utf8");
        const deps: string[] = [];
        // value imports and re-exports of relative modules (not `import type` / `export type`)
        for (const m of text.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+"(\.{1,2}\/[^"]+)"/gms)) {
          const target = resolve(dirname(f), m[1].replace(/\.js$/, ".ts"));
          if (existsSync(target)) deps.push(target);
        }
        graph.set(f, deps);
        edges += deps.length;
      }
      expect(graph.size, dir).toBeGreaterThan(0);
      const state = new Map<string, 1 | 2>();
      const stack: string[] = [];
      const visit = (f: string) => {
        state.set(f, 1);
        stack.push(f);
        for (const g of graph.get(f) ?? []) {
          if (state.get(g) === 1)
            cycles.push([...stack.slice(stack.indexOf(g)), g].map((x) => relative(root, x)).join(" → "));
          else if (!state.has(g)) visit(g);
        }
        stack.pop();
        state.set(f, 2);
      };
      for (const f of graph.keys()) if (!state.has(f)) visit(f);
    }
    expect(cycles).toEqual([]);
    // the scanner sees the imports (not vacuous)
    expect(edges).toBeGreaterThan(200);
  });
});
