import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, listTree, tempDir } from "./helpers.js";

const tiny = ["--n", "30", "--d", "60", "--t-max", "20", "--points", "8"];

describe("meanfield dln simulate", () => {
  it("prints the documented JSON: params, seed, times, trainLoss/genError mean and std, versions", () => {
    const r = cli(["dln", "simulate", ...tiny, "--seeds", "2", "--seed", "7", "--workers", "0", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.seed).toBe(7);
    expect(j.seeds).toEqual([7, 8]);
    expect(j.params).toMatchObject({ n: 30, d: 60, rho: 0.1, sigma: 0, alpha: 0.1, tMax: 20, seeds: 2 });
    expect(j.times).toHaveLength(8);
    expect(j.times[7]).toBeCloseTo(20, 12);
    for (const k of ["trainLoss", "genError"]) {
      expect(j[k].mean).toHaveLength(8);
      expect(j[k].std).toHaveLength(8);
    }
    // w(0) = 0: the initial train loss is ‖y‖²/(2n) and ε_gen(0) = ‖w*‖²/d; both fall along the flow.
    expect(j.trainLoss.mean[7]).toBeLessThan(j.trainLoss.mean[0]);
    expect(j.converged).toBe(true);
    expect(j.versions["@meanfield/dln"]).toMatch(/^\d+\.\d+\.\d+/);
    expect(j.versions["@meanfield/cli"]).toMatch(/^\d+\.\d+\.\d+/);
    expect(typeof j.timings.totalSeconds).toBe("number");
  });

  it("is reproducible: the same seed gives the same numbers, a different seed different ones", () => {
    const a = JSON.parse(cli(["dln", "simulate", ...tiny, "--seeds", "1", "--json"]).stdout);
    const b = JSON.parse(cli(["dln", "simulate", ...tiny, "--seeds", "1", "--json"]).stdout);
    const c = JSON.parse(cli(["dln", "simulate", ...tiny, "--seeds", "1", "--seed", "2", "--json"]).stdout);
    expect(b.genError.mean).toEqual(a.genError.mean);
    expect(c.genError.mean).not.toEqual(a.genError.mean);
  });

  it("--threads splits each gradient over threads without changing a digit", () => {
    const base = ["dln", "simulate", "--n", "120", "--d", "260", "--t-max", "5", "--points", "6", "--json"];
    const one = cli([...base, "--threads", "1"]);
    const three = cli([...base, "--threads", "3"]);
    expect(one.code, one.stderr).toBe(0);
    expect(three.code, three.stderr).toBe(0);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(three.stdout);
    expect(b.params.threads).toBe(3);
    expect(b.trainLoss).toEqual(a.trainLoss);
    expect(b.genError).toEqual(a.genError);
  });

  it("writes result.json, curves.csv and the figure into --out, and flags override --config", () => {
    const dir = tempDir();
    const cfg = join(dir, "c.json");
    writeFileSync(cfg, JSON.stringify({ n: 30, d: 60, tMax: 20, points: 8, seeds: 1, alpha: 0.5 }));
    const r = cli(["dln", "simulate", "--config", cfg, "--alpha", "0.2", "--out", join(dir, "o")]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(readFileSync(join(dir, "o", "result.json"), "utf8"));
    expect(j.params.alpha).toBe(0.2);
    expect(j.params.n).toBe(30);
    const csv = readFileSync(join(dir, "o", "curves.csv"), "utf8")
      .trim()
      .split("\n");
    expect(csv[0]).toBe("time,trainLossMean,trainLossStd,genErrorMean,genErrorStd");
    expect(csv).toHaveLength(9);
    expect(readFileSync(join(dir, "o", "curves.svg"), "utf8")).toMatch(/^<svg/);
    expect(
      readFileSync(join(dir, "o", "curves.png"))
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
    // No staging directory is left beside --out.
    expect(listTree(dir).filter((f) => f.includes("staging"))).toEqual([]);
  });
});

describe("meanfield dln implicit-bias", () => {
  it("reaches the min-Q_alpha interpolator: the flow's w(T) is close to the theory's", () => {
    const r = cli([
      "dln",
      "implicit-bias",
      "--n",
      "30",
      "--d",
      "60",
      "--alpha",
      "0.3",
      "--t-max",
      "2000",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.converged).toBe(true);
    expect(j.implicitBias.converged).toBe(true);
    expect(j.distance).toBeLessThan(1e-3);
    expect(Math.abs(j.simulation.genError - j.implicitBias.genError)).toBeLessThan(
      1e-3 * (1 + j.implicitBias.genError),
    );
    // The two limits bracket it in ‖w‖₁ (min-ℓ1 has the least ℓ1 norm of all interpolators).
    expect(j.minL1.l1Norm).toBeLessThanOrEqual(j.implicitBias.l1Norm + 1e-9);
    expect(j.minL2.l1Norm).toBeGreaterThanOrEqual(j.minL1.l1Norm);
  });
});
