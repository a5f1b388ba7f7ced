import { describe, expect, it } from "vitest";
import { defaultGradientThreads, simulateGradientDescent, simulateGradientFlow } from "../src/index.js";

// The gradient of every flow and descent runs over fixed row blocks (linalg's
// createParallelGradient): the thread count must not change a single bit of the trajectory.
describe("gradient threads", () => {
  const params = { n: 150, d: 300, rho: 0.1, sigma: 0.1, alpha: 0.05, T: 20, seed: 4 };

  it("gradient flow: 1, 2 and 3 threads give bit-identical trajectories", () => {
    const runs = [1, 2, 3].map((threads) => simulateGradientFlow(params, { threads, nTimes: 12 }));
    for (const r of runs) expect(r.converged).toBe(true);
    for (const r of runs.slice(1)) {
      expect(r.trainLoss).toEqual(runs[0].trainLoss);
      expect(r.genError).toEqual(runs[0].genError);
      expect(r.w).toEqual(runs[0].w);
      expect(r.evaluations).toBe(runs[0].evaluations);
    }
  });

  it("gradient descent: 1 and 2 threads give bit-identical trajectories", () => {
    const gd = (threads: number) =>
      simulateGradientDescent(params, { learningRate: 0.05, threads, nTimes: 8 });
    const a = gd(1);
    const b = gd(2);
    expect(b.trainLoss).toEqual(a.trainLoss);
    expect(b.w).toEqual(a.w);
  });

  it("defaults to one thread for small designs; names a bad count", () => {
    expect(defaultGradientThreads(100, 100)).toBe(1);
    expect(defaultGradientThreads(2000, 4000)).toBeGreaterThanOrEqual(1);
    expect(defaultGradientThreads(2000, 4000)).toBeLessThanOrEqual(4);
    expect(() => simulateGradientFlow(params, { threads: 0 })).toThrow(/threads/);
  });
});
