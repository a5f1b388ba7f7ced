import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, listTree, tempDir } from "./helpers.js";

const tiny = ["--t-max", "5", "--grid-points", "24", "--samples", "1200", "--rtol", "0.5"];

describe("meanfield dmft solve", () => {
  it("prints the documented JSON: params, times, trainLoss, genError, converged, iterations, residual", () => {
    const r = cli([
      "dmft",
      "solve",
      "--delta",
      "0.5",
      "--rho",
      "0.1",
      "--sigma",
      "0",
      "--alpha",
      "0.1",
      ...tiny,
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.params).toMatchObject({ delta: 0.5, rho: 0.1, sigma: 0, alpha: 0.1, tMax: 5 });
    expect(j.times).toHaveLength(25);
    expect(j.times[0]).toBe(0);
    expect(j.times[24]).toBeCloseTo(5, 12);
    expect(j.trainLoss).toHaveLength(25);
    expect(j.genError).toHaveLength(25);
    expect(j.converged).toBe(true);
    expect(Number.isInteger(j.iterations)).toBe(true);
    expect(j.residual).toBeLessThan(2e-3);
    // w(0) = 0: ε_gen(0) = E[w*²] = 1 and ℓ_train(0) = ½ E[(x·w*)²] = ½ E[w*²] = ½ (sigma = 0).
    expect(j.genError[0]).toBeCloseTo(1, 6);
    expect(j.trainLoss[0]).toBeCloseTo(0.5, 6);
    expect(j.residualHistory.length).toBeGreaterThan(0);
    // every number carries its error: standard errors over replicas and a discretisation estimate
    for (const k of [
      "genErrorStdErr",
      "genErrorDiscError",
      "trainLossStdErr",
      "trainLossDiscError",
      "trainLossResolved",
    ])
      expect(j[k]).toHaveLength(25);
    expect(j.replicas).toBe(4); // 1200 samples: the default keeps ≥ 250 per replica
    expect(j.accuracy.rtol).toBe(0.5);
    expect(j.accuracy.genErrorRelError).toBeLessThanOrEqual(0.5);
    for (let k = 1; k < 25; k++) expect(j.trainLoss[k]).toBeLessThanOrEqual(j.trainLoss[k - 1]);
    expect(j.versions["@meanfield/dmft"]).toMatch(/^\d/);
  });

  it("fails with exit code 1, and writes nothing, when the solve does not converge", () => {
    const dir = tempDir();
    const r = cli(["dmft", "solve", ...tiny, "--max-iterations", "1", "--out", "o"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/did not converge/);
    // every name of the package's message is the CLI's flag
    expect(r.stderr).toMatch(/within --max-iterations 1; raise --max-iterations or --damping/);
    expect(listTree(dir)).toEqual([]);
  });

  it("fails when the estimated error exceeds --rtol, naming what to raise", () => {
    const r = cli([
      "dmft",
      "solve",
      "--t-max",
      "5",
      "--grid-points",
      "24",
      "--samples",
      "240",
      "--rtol",
      "0.0001",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rtol/);
    expect(r.stderr).toMatch(/--samples|--grid-points/);
  });

  it("refuses an odd grid and too few samples per replica before computing (exit 2)", () => {
    const odd = cli(["dmft", "solve", "--grid-points", "25"]);
    expect(odd.code).toBe(2);
    expect(odd.stderr).toMatch(/--grid-points/);
    const few = cli(["dmft", "solve", "--grid-points", "100", "--samples", "200"]);
    expect(few.code).toBe(2);
    expect(few.stderr).toMatch(/--samples/);
  });
});

describe("meanfield dmft compare", () => {
  it("puts DMFT and simulation on one grid and reports the maximum discrepancy", () => {
    const dir = tempDir();
    const r = cli(
      ["dmft", "compare", ...tiny, "--d", "100", "--seeds", "2", "--workers", "0", "--out", "o", "--json"],
      {
        cwd: dir,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.simulation).toMatchObject({ n: 50, d: 100, seeds: [1, 2] });
    expect(j.simulation.genError.mean).toHaveLength(j.times.length);
    expect(j.dmft.genError).toHaveLength(j.times.length);
    for (const k of ["trainLoss", "genError"]) {
      const m = j.agreement[k];
      expect(m.absolute).toBeGreaterThanOrEqual(0);
      expect(m.maxZ).toBeGreaterThanOrEqual(0);
      expect(m.detectable).toBeGreaterThan(0);
      expect(typeof m.agrees).toBe("boolean");
    }
    expect(j.simulation.genError.stdErr).toHaveLength(j.times.length);
    expect(j.dmft.genErrorError).toHaveLength(j.times.length);
    expect(listTree(join(dir, "o"))).toEqual(["compare.png", "compare.svg", "curves.csv", "result.json"]);
    expect(JSON.parse(readFileSync(join(dir, "o", "result.json"), "utf8")).agreement).toEqual(j.agreement);
  });
});
