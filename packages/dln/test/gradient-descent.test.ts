import { describe, expect, it } from "vitest";
import { simulateGradientDescent, simulateGradientFlow } from "../src/index.js";
import { relErr } from "./helpers.js";

const params = { d: 60, n: 30, alpha: 0.1, rho: 0.2, sigma: 0.1, T: 20, seed: 13 };
const times = [0, 1, 5, 20];

describe("gradient descent vs gradient flow", () => {
  const flow = simulateGradientFlow(params, { times, rtol: 1e-11, atol: 1e-13, recordW: true });

  it("approaches the flow as the learning rate → 0, with first-order error", () => {
    const errs = [0.02, 0.01, 0.005].map((learningRate) => {
      const gd = simulateGradientDescent(params, { learningRate, times });
      expect(gd.converged).toBe(true);
      return relErr(gd.w, flow.w);
    });
    expect(errs[2]).toBeLessThan(1e-2);
    // Euler's global error is O(eta): halving eta halves it (ratio 2 within 15%).
    expect(errs[0] / errs[1]).toBeGreaterThan(1.7);
    expect(errs[0] / errs[1]).toBeLessThan(2.3);
    expect(errs[1] / errs[2]).toBeGreaterThan(1.7);
    expect(errs[1] / errs[2]).toBeLessThan(2.3);
  });

  it("tracks the flow's loss and generalisation curves at small learning rate", () => {
    const gd = simulateGradientDescent(params, { learningRate: 0.002, times });
    for (let k = 1; k < times.length; k++) {
      expect(Math.abs(gd.trainLoss[k] / flow.trainLoss[k] - 1)).toBeLessThan(0.02);
      expect(Math.abs(gd.genError[k] / flow.genError[k] - 1)).toBeLessThan(0.02);
    }
  });

  it("runs mini-batch SGD reproducibly; batchSize = n is plain GD", () => {
    const a = simulateGradientDescent(params, { learningRate: 0.005, batchSize: 5, times });
    const b = simulateGradientDescent(params, { learningRate: 0.005, batchSize: 5, times });
    expect(a.w).toEqual(b.w);
    expect(a.trainLoss[3]).toBeLessThan(0.1 * a.trainLoss[0]);
    const full = simulateGradientDescent(params, { learningRate: 0.005, batchSize: 30, times });
    const gd = simulateGradientDescent(params, { learningRate: 0.005, times });
    expect(full.w).toEqual(gd.w);
    expect(() => simulateGradientDescent(params, { learningRate: 0.005, batchSize: 31 })).toThrow(
      /batchSize/,
    );
    expect(() => simulateGradientDescent(params, { learningRate: 0 })).toThrow(/learningRate/);
  });

  it("flags divergence at a too-large learning rate", () => {
    const gd = simulateGradientDescent({ ...params, alpha: 3 }, { learningRate: 1, times });
    expect(gd.diverged).toBe(true);
    expect(gd.converged).toBe(false);
  });
});
