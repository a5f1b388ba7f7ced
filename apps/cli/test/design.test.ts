import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DESIGNS } from "@meanfield/dln";
import { describe, expect, it } from "vitest";
import { DESIGN_NAMES } from "../src/framework/design-option.js";
import { cli, tempDir } from "./helpers.js";

const tiny = ["--t-max", "5", "--points", "4", "--seeds", "2", "--workers", "0", "--json"];

/** A little-endian float64 .npy file (format 1.0, C order). */
function writeNpy(path: string, rows: number, cols: number, f: (i: number, j: number) => number): void {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const total = 10 + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const pre = Buffer.alloc(10);
  pre.write("\x93NUMPY", 0, "latin1");
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const data = Buffer.alloc(8 * rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) data.writeDoubleLE(f(i, j), 8 * (i * cols + j));
  writeFileSync(path, Buffer.concat([pre, Buffer.from(header, "latin1"), data]));
}

describe("--design (dln simulate, dln implicit-bias, dmft compare)", () => {
  it("runs a built-in non-Gaussian design and records it in the params", () => {
    const r = cli(["dln", "simulate", "--n", "30", "--d", "60", "--design", "rademacher", ...tiny]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.params.design).toBe("rademacher");
    // a different design gives different numbers from the same seed
    const g = JSON.parse(cli(["dln", "simulate", "--n", "30", "--d", "60", ...tiny]).stdout);
    expect(j.trainLoss.mean[0]).not.toBe(g.trainLoss.mean[0]);
  });

  it("reads a .npy design: n and d come from the file and are recorded", () => {
    const dir = tempDir();
    const file = join(dir, "X.npy");
    writeNpy(file, 25, 50, (i, j) => Math.sin(1 + 3 * i + 7 * j) + 0.1 * j);
    const r = cli(["dln", "simulate", "--design", file, ...tiny]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.params).toMatchObject({ n: 25, d: 50, design: file });
  });

  it("refuses a bad CSV file before computing (exit 2), naming --design and the line", () => {
    const dir = tempDir();
    const file = join(dir, "bad.csv");
    writeFileSync(file, "1,2,3\n4,5,6\n7,8\n");
    for (const cmd of [
      ["dln", "simulate"],
      ["dln", "implicit-bias"],
      ["dmft", "compare"],
    ]) {
      const r = cli([...cmd, "--design", file, "--t-max", "5"]);
      expect(r.code, `${cmd.join(" ")}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/--design/);
      expect(r.stderr).toMatch(/line 3/);
    }
  });

  it("the CLI's list of design names (kept so usage errors need not load dln) is dln's", () => {
    expect([...DESIGN_NAMES]).toEqual([...DESIGNS]);
  });

  it("refuses an unknown design name, listing the built-in ones (exit 2)", () => {
    const r = cli(["dln", "simulate", "--design", "uniform", "--t-max", "5"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--design/);
    expect(r.stderr).toMatch(/rademacher/);
  });
});
