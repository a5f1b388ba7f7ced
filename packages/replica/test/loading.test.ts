import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isFormulaParserLoaded } from "../src/formula.js";
import { alphaC, createActivation } from "../src/index.js";

const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const distCjs = fileURLToPath(new URL("../dist/index.cjs", import.meta.url));

describe("fast to load: the package and its first formula", () => {
  it("built-in activations and capacities parse no formula; a formula is parsed synchronously", () => {
    expect(isFormulaParserLoaded()).toBe(false);
    expect(alphaC({ activation: "relu", K: 1 }).alphaC).toBeGreaterThan(1.7);
    createActivation({ fn: (z) => Math.tanh(z) });
    expect(isFormulaParserLoaded()).toBe(false);
    const f = createActivation({ formula: "tanh(x)" });
    expect(isFormulaParserLoaded()).toBe(true);
    // the same number as the built-in it spells (a second code path)
    expect(Math.abs(f.variance - createActivation("tanh").variance)).toBeLessThan(1e-12);
  });

  // The built package (ESM and CommonJS), in a fresh node process; skipped when dist/ is not built.
  it.skipIf(!existsSync(dist) || !existsSync(distCjs))(
    "import of the built package takes < 0.5 s (best of 3), and formulas work from both builds",
    () => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const out = execFileSync(process.execPath, [
          "--input-type=module",
          "-e",
          `const t = performance.now(); await import(${JSON.stringify(dist)}); console.log(performance.now() - t);`,
        ]).toString();
        times.push(Number(out.trim()));
      }
      expect(Math.min(...times)).toBeLessThan(500);
      const script = (mod: string) =>
        `const m = ${mod}; console.log(m.alphaC({ activation: { formula: "x*tanh(x)" } }).alphaC);`;
      const esm = execFileSync(process.execPath, [
        "--input-type=module",
        "-e",
        script(`await import(${JSON.stringify(dist)})`),
      ]).toString();
      const cjs = execFileSync(process.execPath, [
        "-e",
        script(`require(${JSON.stringify(distCjs)})`),
      ]).toString();
      // α_c(K → ∞) of x·tanh(x):
      // packages/replica/scripts/reference-values.py (section "loading.test.ts")
      expect(Number(esm)).toBeCloseTo(4.428, 3);
      expect(Number(cjs)).toBe(Number(esm));
    },
    60_000,
  );

  // Issue 16: `meanfield replica capacity --activation "log(x)"` must answer in < 0.5 s. The formula
  // parser is the package's own (no mathjs, which took ≈ 0.5 s to load on the first formula).
  it.skipIf(!existsSync(dist))(
    "the first parseFormula in a fresh process takes < 50 ms (best of 3; about 1 ms)",
    () => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const out = execFileSync(process.execPath, [
          "--input-type=module",
          "-e",
          `const m = await import(${JSON.stringify(dist)}); const t = performance.now(); ` +
            `const p = m.parseFormula("log(1 + exp(x)) * tanh(x) + max(x, 0)^2"); p.g(0.3); p.gPrime(0.3); ` +
            "console.log(performance.now() - t);",
        ]).toString();
        times.push(Number(out.trim()));
      }
      expect(Math.min(...times)).toBeLessThan(50);
    },
    60_000,
  );
});
