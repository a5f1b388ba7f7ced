import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isFormulaParserLoaded } from "../src/formula.js";
import { alphaC, createActivation } from "../src/index.js";

const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const distCjs = fileURLToPath(new URL("../dist/index.cjs", import.meta.url));

describe("fast to load: the formula parser (mathjs) loads on the first formula only", () => {
  it("built-in activations and capacities never load mathjs; a formula does, synchronously", () => {
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
      expect(Number(esm)).toBeCloseTo(4.428, 3);
      expect(Number(cjs)).toBe(Number(esm));
    },
    60_000,
  );
});
