import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { simulateGradientFlow, simulateSeeds } from "../src/index.js";

const params = { d: 40, delta: 0.5, alpha: 0.1, rho: 0.2, sigma: 0.1, T: 20, seed: 100 };
const flowOptions = { nTimes: 15 };
const built = existsSync(fileURLToPath(new URL("../dist/seeds-worker.js", import.meta.url)));

describe("many seeds", () => {
  it("gives the same runs on worker threads as serially, bit for bit", async () => {
    const serial = await simulateSeeds(params, { seeds: 4, workers: 0, flowOptions });
    const parallel = await simulateSeeds(params, { seeds: 4, workers: 2, flowOptions });
    expect(serial.workers).toBe(0);
    // The worker entry comes from the build (dist/seeds-worker.js); without a build it falls back to serial.
    expect(parallel.workers).toBe(built ? 2 : 0);
    expect(parallel.seeds).toEqual([100, 101, 102, 103]);
    for (let k = 0; k < 4; k++) {
      expect(parallel.runs[k].w).toEqual(serial.runs[k].w);
      expect(parallel.runs[k].genError).toEqual(serial.runs[k].genError);
    }
    expect(parallel.mean.trainLoss).toEqual(serial.mean.trainLoss);
  });

  it("returns the mean and sample standard deviation of each metric over independent seeds", async () => {
    const res = await simulateSeeds(params, { seeds: [1, 2, 3], workers: 0, flowOptions });
    const runs = [1, 2, 3].map((seed) => simulateGradientFlow({ ...params, seed }, flowOptions));
    const t = 10;
    const vals = runs.map((r) => r.genError[t]);
    const m = (vals[0] + vals[1] + vals[2]) / 3;
    const sd = Math.sqrt(vals.reduce((s, v) => s + (v - m) ** 2, 0) / 2);
    expect(res.mean.genError[t]).toBeCloseTo(m, 14);
    expect(res.std.genError[t]).toBeCloseTo(sd, 14);
    expect(res.std.genError[t]).toBeGreaterThan(0);
    expect(res.converged).toBe(true);
  });

  it("runs gradient descent per seed too", async () => {
    const res = await simulateSeeds(params, {
      seeds: 2,
      workers: 0,
      method: "gd",
      gdOptions: { learningRate: 0.01, nTimes: 10 },
    });
    expect(res.runs.length).toBe(2);
    expect(res.mean.trainLoss.length).toBe(10);
  });
});
