// Each library README's "## Example" runs as written against the built packages (`pnpm build` first),
// and every value its comments state (`EXPR; // 5.5039 …`, readme-example.ts) is what the code gives,
// to the digits shown. So a README cannot drift from the code without this test failing.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { capacityTable } from "@meanfield/replica";
import { afterAll, describe, expect, it } from "vitest";
import {
  compare,
  type Expected,
  exampleBlock,
  instrument,
  parseExpected,
  RESULT_MARKER,
  tolerance,
  valueChecks,
} from "./readme-example.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), "meanfield-readme-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const packageUrl = (name: string) => pathToFileURL(join(root, "packages", name, "dist", "index.js")).href;

async function runExample(pkg: string) {
  const block = exampleBlock(readFileSync(join(root, "packages", pkg, "README.md"), "utf8"));
  if (block === undefined) throw new Error(`packages/${pkg}/README.md has no "## Example" js block`);
  const checks = valueChecks(block);
  const cwd = mkdtempSync(join(scratch, `${pkg}-`));
  const file = join(cwd, "example.mjs");
  writeFileSync(file, instrument(block, checks, packageUrl));
  const { stdout } = await run(process.execPath, [file], { cwd, maxBuffer: 1 << 24 });
  const out = stdout.split("\n");
  const marker = out.find((l) => l.startsWith(RESULT_MARKER));
  const values = JSON.parse(marker?.slice(RESULT_MARKER.length) ?? "null") as Record<string, unknown>;
  const printed = out.filter((l) => l !== "" && !l.startsWith(RESULT_MARKER)).join("\n");
  const bad = checks.flatMap((c) =>
    compare(values[c.line], c.expected).map((m) => `line ${c.line} \`${c.expr}\`: ${m}`),
  );
  return { checks, cwd, printed, bad };
}

describe("the value comments (readme-example.ts)", () => {
  const num = (s: string) => parseExpected(s) as Extract<Expected, { kind: "number" }>;
  it("reads numbers, truncated numbers, literals, arrays and partial objects, and ignores commentary", () => {
    expect(num("5.5039  (K → ∞, zero margin)")).toMatchObject({ value: 5.5039, truncated: false });
    expect(num("−804.608…")).toMatchObject({ value: -804.608, truncated: true });
    expect(parseExpected('"PSB"')).toEqual({ kind: "literal", value: "PSB" });
    expect(parseExpected('{ alphaC: 3.721, method: "x", ... } tail')).toEqual({
      kind: "object",
      entries: [
        ["alphaC", { kind: "number", value: 3.721, text: "3.721", truncated: false }],
        ["method", { kind: "literal", value: "x" }],
      ],
    });
    expect(parseExpected("[1, 0.3678…]")).toMatchObject({ kind: "array" });
    expect(parseExpected("{ divergent: true, alphaC: null }")).toMatchObject({ kind: "object" });
    for (const prose of ["PNG at 2× the SVG's size", "SVG", "the Vega-Lite spec", '→ "x"', "5x faster"])
      expect(parseExpected(prose)).toBeUndefined();
  });
  it("holds a number to half a unit of its last digit (a whole unit below a truncated one), and can fail", () => {
    expect(tolerance(num("5.5039"))).toBeCloseTo(5e-5, 15);
    expect(tolerance(num("2"))).toBe(2e-9); // a whole number states an exact value (1e-9 relative)
    expect(compare(1.3, num("1"))).toHaveLength(1);
    expect(compare(-1 + 1e-12, num("-1"))).toEqual([]);
    expect(tolerance(num("1.5e-3"))).toBeCloseTo(5e-5, 15);
    expect(compare(5.50394, num("5.5039"))).toEqual([]);
    expect(compare(5.50396, num("5.5039"))).toHaveLength(1);
    expect(compare(-804.6084, num("−804.608…"))).toEqual([]);
    expect(compare(-804.6076, num("−804.608…"))).toHaveLength(1); // rounds to …608 but its digits are …607
    expect(compare(804.6084, num("−804.608…"))).toHaveLength(1);
    expect(compare({ a: 1, b: "x" }, parseExpected('{ a: 1, b: "y" }') as Expected)).toHaveLength(1);
    expect(compare({ a: 1 }, parseExpected("{ c: 1 }") as Expected)).toEqual(["value: no field c"]);
    expect(compare([1, 2], parseExpected("[1, 2, 3]") as Expected)).toHaveLength(1);
  });
  it("finds checks on top-level statements only, one console.log argument at most", () => {
    const block = [
      "const a = f(); // 3",
      "f(1).x; // 2.5 (why)",
      "console.log(g(2)); // true",
      "console.log(a, b); // 1 2",
      "  nested(); // 4",
      "await writeFigure(s, 'x.png'); // PNG",
      "h(); // a remark",
    ].join("\n");
    expect(valueChecks(block).map((c) => [c.line, c.expr, c.logged])).toEqual([
      [2, "f(1).x", false],
      [3, "g(2)", true],
    ]);
  });
});

describe("package README examples run as written and give the values they state", () => {
  it("linalg", async () => {
    const { checks, printed, bad } = await runExample("linalg");
    expect(checks.length).toBeGreaterThanOrEqual(3);
    expect(bad).toEqual([]);
    expect(printed).toContain("0.398942280");
  }, 60_000);
  it("dln", async () => {
    const { checks, bad } = await runExample("dln");
    // convergence, certification and the seeded numbers of a flow and of five seeds on workers
    expect(checks.length).toBeGreaterThanOrEqual(6);
    expect(bad).toEqual([]);
  }, 120_000);
  it("dmft", async () => {
    const { checks, printed, bad } = await runExample("dmft");
    expect(checks.length).toBeGreaterThanOrEqual(4);
    expect(bad).toEqual([]);
    expect(printed).toMatch(/^converged: estimated relative error/m);
    expect(printed).toMatch(/^ℓ_train = \d\.\d+(e-\d+)? ± \d/m);
  }, 120_000);
  it("replica", async () => {
    const { checks, bad } = await runExample("replica");
    expect(checks.length).toBeGreaterThanOrEqual(10);
    expect(bad).toEqual([]);
  }, 180_000);
  it("plot (writes whole PNG, SVG and Vega-Lite files)", async () => {
    const { cwd, bad } = await runExample("plot");
    expect(bad).toEqual([]);
    for (const f of ["loss.png", "loss.svg", "loss.vl.json"]) expect(existsSync(join(cwd, f)), f).toBe(true);
    expect(readFileSync(join(cwd, "loss.png")).subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(readFileSync(join(cwd, "loss.svg"), "utf8")).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(JSON.parse(readFileSync(join(cwd, "loss.vl.json"), "utf8")).$schema).toMatch(/vega-lite/);
  }, 60_000);
});

// The capacity table in replica's README against capacityTable({ seed: 1 }), the call the README names:
// every number to the digits shown, "—" where the function gives null, "divergent" and "∞" where it says so.
describe("replica README: the capacity table is what capacityTable({ seed: 1 }) gives", () => {
  it("every cell, to the digits shown", async () => {
    const readme = readFileSync(join(root, "packages", "replica", "README.md"), "utf8");
    const lines = readme.split("\n");
    const head = lines.findIndex((l) => l.startsWith("| activation | α_c (K → ∞) |"));
    expect(head, "the table's header row").toBeGreaterThan(0);
    const body = lines.slice(head + 2);
    const end = body.findIndex((l) => !l.startsWith("|"));
    const rows = body.slice(0, end < 0 ? body.length : end).map((l) =>
      l
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim()),
    );
    const table = await capacityTable({ seed: 1 });
    expect(rows.map((r) => r[0])).toEqual(table.map((t) => t.activation));
    const bad: string[] = [];
    // nullText: how the README writes a value the function gives as null (or, for "∞", as non-finite)
    const cell = (where: string, text: string, value: number | null, nullText = "") => {
      if (nullText !== "" && text === nullText) {
        if (value !== null && Number.isFinite(value)) bad.push(`${where}: README ${text}, code ${value}`);
        return;
      }
      const e = parseExpected(text);
      if (e?.kind !== "number") {
        bad.push(`${where}: cannot read ${JSON.stringify(text)}`);
        return;
      }
      bad.push(...compare(value, e, where));
    };
    table.forEach((t, k) => {
      const [act, aC, aPSB, transition, aSp, aK1, aK8, tree] = rows[k];
      const at = (col: string) => `${act} ${col}`;
      if (t.divergent) expect(aC, at("α_c")).toBe("divergent");
      else cell(at("α_c"), aC, t.alphaC);
      cell(at("α_PSB"), aPSB, t.alphaPSB, "—");
      expect(transition, at("transition")).toBe(t.transition);
      cell(at("α_spinodal"), aSp, t.alphaSpinodal, "—");
      cell(at("α_c (K = 1)"), aK1, t.alphaCK1);
      expect(t.finiteK).toBe(8);
      cell(at("α_c (K = 8)"), aK8, t.alphaCFiniteK);
      cell(at("tree-like"), tree, t.alphaCTreeLike, "∞");
    });
    expect(bad).toEqual([]);
  }, 120_000);
});
