import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { alphaC, empiricalTransition, satExperiment } from "../src/index.js";

const small = {
  activation: "relu" as const,
  N: 100,
  K: 2,
  alphas: [1, 1.5, 2, 2.5, 3],
  instances: 3,
  seed: 2024,
  solver: { epochs: 800, restarts: 1 },
};

describe("finite-size SAT experiments (spec §4, THEORY.md §7)", () => {
  it("ReLU at N = 100: the empirical transition lies below the replica alpha_c", async () => {
    const r = await satExperiment(small);
    expect(r.points).toHaveLength(5);
    expect(r.points[0].fraction).toBe(1);
    expect(r.points[4].fraction).toBe(0);
    expect(r.alphaEmpirical).not.toBeNull();
    const emp = r.alphaEmpirical as number;
    // RS is an upper bound: below the K = 2 Gaussian-equivalent value and the K → ∞ value
    expect(emp).toBeLessThan(alphaC({ activation: "relu", K: 2 }).alphaC as number);
    expect(emp).toBeLessThan(alphaC({ activation: "relu" }).alphaC as number);
  }, 60_000);

  it("is reproducible from its seed, and worker threads give the serial result", async () => {
    const p = { ...small, N: 40, alphas: [1, 2.5], instances: 2, solver: { epochs: 200, restarts: 1 } };
    const a = await satExperiment(p);
    const b = await satExperiment(p);
    expect(b.points).toEqual(a.points);
    const worker = fileURLToPath(new URL("../dist/experiment-worker.js", import.meta.url));
    if (existsSync(worker)) {
      const c = await satExperiment({ ...p, workers: 2 });
      expect(c.points).toEqual(a.points);
    }
  }, 60_000);

  it("interpolates the first crossing of 1/2", () => {
    expect(
      empiricalTransition([
        { alpha: 1, fraction: 1 },
        { alpha: 2, fraction: 0.75 },
        { alpha: 3, fraction: 0.25 },
        { alpha: 4, fraction: 0 },
      ]),
    ).toBeCloseTo(2.5, 12);
    expect(empiricalTransition([{ alpha: 1, fraction: 1 }])).toBeNull();
  });

  it("rejects bad sizes naming the parameter", async () => {
    await expect(satExperiment({ ...small, N: 0 })).rejects.toMatchObject({ parameter: "N" });
    await expect(satExperiment({ ...small, K: 2.5 })).rejects.toMatchObject({ parameter: "K" });
    await expect(satExperiment({ ...small, alphas: [1, -1] })).rejects.toMatchObject({
      parameter: "alphas[1]",
    });
    await expect(satExperiment({ ...small, activation: "sign" as never })).rejects.toMatchObject({
      parameter: "activation",
    });
  });
});
