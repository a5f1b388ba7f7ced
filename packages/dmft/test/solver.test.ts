import { isMeanfieldError, kernelBackend, MeanfieldError, setKernelBackend } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import {
  type DmftProgress,
  defaultReplicas,
  dmftTimeGrid,
  solveDmft,
  solveDmftParallel,
} from "../src/index.js";

const small = { alpha: 0.3, delta: 0.5, rho: 0.1, sigma: 0.2, T: 5 };
const fast = { gridPoints: 30, samples: 1200, responseSamples: 100, rtol: 0.5 };

describe("solveDmft behaviour", () => {
  it("is deterministic for a fixed seed and changes with the seed", () => {
    const a = solveDmft(small, { ...fast, seed: 3 });
    const b = solveDmft(small, { ...fast, seed: 3 });
    const c = solveDmft(small, { ...fast, seed: 4 });
    expect(Array.from(a.genError)).toEqual(Array.from(b.genError));
    expect(Array.from(a.trainLoss)).toEqual(Array.from(b.trainLoss));
    expect(a.genError[30]).not.toBe(c.genError[30]);
    expect(a.seed).toBe("3");
    expect(a.params).toEqual(small);
  });

  it("reports iterations, per-function changes, sample counts, grid and timing", () => {
    const seen: DmftProgress[] = [];
    const r = solveDmft(small, { ...fast, onProgress: (p) => void seen.push(p) });
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeGreaterThan(1);
    expect(seen.length).toBeGreaterThanOrEqual(r.iterations);
    expect(Math.max(r.change.cDelta, r.change.rW, r.change.cR, r.change.rR)).toBe(r.residual);
    expect(r.residual).toBeLessThan(2e-3);
    expect(r.samples).toBe(1200);
    expect(r.replicas).toBe(4); // defaultReplicas(1200): at least 250 samples each
    expect(r.genErrorStdErr.length).toBe(31);
    expect(r.trainLossDiscError.length).toBe(31);
    // the one-time averages carry their errors too
    for (const e of [r.l1NormStdErr, r.l2NormSqStdErr, r.activeFractionStdErr]) {
      expect(e.length).toBe(31);
      for (const x of e) expect(x).toBeGreaterThanOrEqual(0);
    }
    for (const x of r.l1NormDiscError) expect(Number.isFinite(x)).toBe(true);
    expect(r.l1NormStdErr[30]).toBeGreaterThan(0);
    // the deprecated names are the same arrays
    expect(r.meanAbsW).toBe(r.l1Norm);
    expect(r.meanSquareWStdErr).toBe(r.l2NormSqStdErr);
    expect(r.t).toBe(r.times);
    expect(r.responseSamples).toBe(100);
    expect(r.t.length).toBe(31);
    expect(r.t[30]).toBe(5);
    expect(r.timing.monteCarloMs).toBeGreaterThan(0);
    expect(r.message).toMatch(/converged/);
  });

  it("reports a forced non-converging setting (2 iterations) as not converged, or throws NOT_CONVERGED", () => {
    const r = solveDmft(small, { ...fast, maxIterations: 2, allowNonConverged: true });
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/not converged/);
    let err: unknown;
    try {
      solveDmft(small, { ...fast, maxIterations: 2 });
    } catch (e) {
      err = e;
    }
    expect(isMeanfieldError(err) && err.code === "NOT_CONVERGED").toBe(true);
  });

  it("cancels from onProgress and from an AbortSignal", () => {
    expect(() => solveDmft(small, { ...fast, onProgress: () => false })).toThrow(MeanfieldError);
    const ac = new AbortController();
    ac.abort();
    try {
      solveDmft(small, { ...fast, signal: ac.signal });
      expect.unreachable();
    } catch (e) {
      expect(isMeanfieldError(e) && e.code).toBe("CANCELLED");
    }
  });

  it("warm-starts from a coarser solution with fewer iterations", () => {
    const coarse = solveDmft(small, { ...fast, twoTime: true });
    const cold = solveDmft(small, { ...fast, gridPoints: 60 });
    const warm = solveDmft(small, { ...fast, gridPoints: 60, warmStart: coarse });
    expect(warm.converged).toBe(true);
    const total = (r: typeof warm) => r.stages.reduce((s, x) => s + x.iterations, 0);
    expect(total(warm)).toBeLessThan(total(cold));
    expect(Math.abs(warm.genError[60] / cold.genError[60] - 1)).toBeLessThan(5e-3);
    expect(coarse.twoTime?.cDelta.rows).toBe(31);
  });

  it("consistency check: the quarter-grid warm-up changes the answer only within the fixed-point tolerance", () => {
    const params = { alpha: 0.1, delta: 0.5, rho: 0.1, sigma: 0, T: 20 };
    const opts = {
      gridPoints: 40,
      samples: 1200,
      responseSamples: 200,
      rtol: 0.5,
      tol: 1e-3,
      allowNonConverged: true,
    };
    const withWarmUp = solveDmft(params, opts);
    const without = solveDmft(params, { ...opts, coarseToFine: false });
    // the quarter grid is an extra, unreported stage: 3 stages per replica instead of 2
    expect(withWarmUp.stages.length).toBe(3 * withWarmUp.replicas);
    expect(without.stages.length).toBe(2 * without.replicas);
    for (let k = 0; k <= 40; k++) {
      // both are fixed points of the same discrete equations (same random numbers) to tol 1e-3
      const scale = Math.max(withWarmUp.genError[k], 1e-4 * withWarmUp.genError[0]);
      expect(Math.abs(withWarmUp.genError[k] - without.genError[k]) / scale).toBeLessThan(1e-2);
    }
  });

  it("a warm-up grid that does not converge is dropped: the half grid starts cold", () => {
    // 6 quarter-grid steps to T = 10: with this seed the warm-up oscillates for maxIterations
    // without settling; used as a starting point it made the half grid diverge (infinite C_r)
    const params = { alpha: 0.3, delta: 0.5, rho: 0.2, sigma: 0, T: 10 };
    const r = solveDmft(params, { gridPoints: 24, samples: 800, rtol: 10, seed: 1, allowNonConverged: true });
    expect(r.converged).toBe(true);
    for (let k = 0; k <= 24; k++)
      expect(Number.isFinite(r.genError[k]) && Number.isFinite(r.trainLoss[k])).toBe(true);
    // replica 0 reports only its half and final grids
    expect(r.stages.filter((s) => s.gridPoints === 6).length).toBe(r.replicas - 1);
  });

  it("returns two-time functions consistent with the one-time curves", () => {
    const r = solveDmft(small, { ...fast, twoTime: true });
    const tt = r.twoTime;
    if (!tt) throw new Error("missing twoTime");
    const n = 31;
    for (let k = 0; k < n; k++) {
      expect(tt.cDelta.data[k * n + k]).toBeCloseTo(r.genError[k], 12);
      // the reported train loss is the replica mean projected onto non-increasing curves, which
      // moves it by at most a few of its errors
      const err = Math.hypot(r.trainLossStdErr[k], r.trainLossDiscError[k]);
      expect(Math.abs(0.5 * tt.cR.data[k * n + k] - r.trainLoss[k])).toBeLessThanOrEqual(3 * err + 1e-12);
      for (let j = k + 1; j < n; j++) expect(tt.rW.data[k * n + j]).toBe(0); // causal
      expect(tt.rR.data[k * n + k]).toBeLessThan(-0.5); // instantaneous −δ(t − s)
    }
  });

  it("rejects invalid parameters naming them", () => {
    expect(() => solveDmft({ ...small, alpha: -1 })).toThrow(/alpha/);
    expect(() => solveDmft({ ...small, rho: 0 })).toThrow(/rho/);
    expect(() => solveDmft({ ...small, delta: Number.NaN })).toThrow(/delta/);
    expect(() => solveDmft(small, { samples: 10, responseSamples: 20 })).toThrow(/responseSamples/);
    expect(() => solveDmft({ ...small, mobility: "relu" as never })).toThrow(/mobility/);
    // a grid too coarse for T names gridPoints and the smallest count that resolves it
    expect(() => solveDmft({ ...small, T: 1000 }, { gridPoints: 8, samples: 1200 })).toThrow(
      /gridPoints.*at least \d+/,
    );
    expect(() => solveDmft(small, { gridPoints: 25 })).toThrow(/gridPoints.*even/);
    expect(() => solveDmft(small, { gridPoints: 100, samples: 200 })).toThrow(/samples/);
    // the resolution floor lies below the accuracy floor
    expect(() => solveDmft(small, { lossFloor: 1e-4, resolveFloor: 1e-3 })).toThrow(
      /resolveFloor.*0.*0\.0001/,
    );
  });

  it("holds ε_gen to rtol only down to lossFloor of its start: a noiseless overdetermined solve converges", () => {
    // delta 2, sigma 0: the flow recovers the teacher and ε_gen falls to round-off; its relative error
    // there is unbounded, so without the floor no solve of this setting could converge
    const r = solveDmft(
      { alpha: 1, delta: 2, rho: 0.1, sigma: 0, T: 10 },
      { gridPoints: 60, samples: 4000, replicas: 4, rtol: 0.2, allowNonConverged: true },
    );
    const M = r.genError.length - 1;
    expect(r.genError[M] / r.genError[0]).toBeLessThan(1e-6);
    expect(r.converged, r.message).toBe(true);
    expect(r.accuracy.genErrorRelError).toBeLessThanOrEqual(0.2);
  });

  it("resolves the train loss below lossFloor, down to resolveFloor, where it is above twice its error", () => {
    // an interpolating lazy flow: the train loss falls through 1e-4 and 1e-8 of its start by T = 12
    const r = solveDmft(
      { alpha: 1, delta: 0.5, rho: 0.1, sigma: 0, T: 12 },
      { gridPoints: 60, samples: 2000, replicas: 4, rtol: 0.5, allowNonConverged: true },
    );
    const l0 = r.trainLoss[0];
    const rel = Array.from(r.trainLoss, (v) => v / l0);
    expect(Math.min(...rel)).toBeLessThan(1e-9);
    const resolved = rel.filter((_, k) => r.trainLossResolved[k] === 1);
    expect(Math.min(...resolved)).toBeLessThan(1e-4);
    expect(Math.min(...resolved)).toBeGreaterThanOrEqual(1e-8);
    expect(r.accuracy.resolvedDownTo).toBeCloseTo(Math.min(...resolved), 12);
    expect(r.accuracy.resolveFloor).toBe(1e-8);
    for (let k = 0; k < rel.length; k++) {
      const err = Math.hypot(r.trainLossStdErr[k], r.trainLossDiscError[k]);
      if (r.trainLossResolved[k] === 1) expect(r.trainLoss[k]).toBeGreaterThan(2 * err);
      if (k > 0) expect(r.trainLoss[k]).toBeLessThanOrEqual(r.trainLoss[k - 1]);
    }
    // the train-loss error below lossFloor is reported, not held to rtol
    expect(r.accuracy.trainLossRelErrorDeep).toBeGreaterThan(0);
  });

  it("builds a grid uniform up to tUniform and geometric after, with continuous steps", () => {
    const t = dmftTimeGrid(1000, 200, 1);
    expect(t[0]).toBe(0);
    expect(t[200]).toBe(1000);
    let maxRatio = 0;
    for (let k = 2; k <= 200; k++) maxRatio = Math.max(maxRatio, (t[k] - t[k - 1]) / (t[k - 1] - t[k - 2]));
    expect(maxRatio).toBeLessThan(1.3);
  });

  it("accepts a custom mobility (F ≡ 1 given as functions) and reproduces the built-in linear case", () => {
    const lin = solveDmft({ ...small, mobility: "linear" }, fast);
    const custom = solveDmft({ ...small, mobility: { w: (p) => p, dwdphi: () => 1 } }, fast);
    for (let k = 0; k < lin.t.length; k++) expect(custom.genError[k]).toBeCloseTo(lin.genError[k], 9);
  });
});

describe("solveDmftParallel", () => {
  it("gives bit-identical results to the serial solve for any number of workers", async () => {
    const opts = { gridPoints: 24, samples: 1200, rtol: 0.5, seed: 5 };
    const serial = solveDmft(small, opts);
    for (const workers of [0, 2, 3]) {
      const par = await solveDmftParallel(small, { ...opts, workers });
      expect(Array.from(par.genError)).toEqual(Array.from(serial.genError));
      expect(Array.from(par.trainLoss)).toEqual(Array.from(serial.trainLoss));
      expect(Array.from(par.genErrorStdErr)).toEqual(Array.from(serial.genErrorStdErr));
      expect(par.converged).toBe(serial.converged);
    }
  }, 60_000);
});

describe("solveDmft replicas", () => {
  it("defaults to one replica per 2000 samples (at most 6), at least 4 while each keeps 250, never under 2", () => {
    expect(defaultReplicas(12000)).toBe(6);
    expect(defaultReplicas(40000)).toBe(6);
    expect(defaultReplicas(10000)).toBe(5);
    expect(defaultReplicas(8000)).toBe(4);
    expect(defaultReplicas(2000)).toBe(4);
    expect(defaultReplicas(1200)).toBe(4);
    expect(defaultReplicas(999)).toBe(3);
    expect(defaultReplicas(500)).toBe(2);
    expect(defaultReplicas(10)).toBe(2);
  });
});

describe("solveDmft kernels", () => {
  it("gives bit-identical results with the WebAssembly SIMD and the JavaScript kernels", () => {
    const opts = { gridPoints: 24, samples: 1200, responseSamples: 300, rtol: 0.5, allowNonConverged: true };
    const wasm = solveDmft(small, opts);
    setKernelBackend("js");
    try {
      const js = solveDmft(small, opts);
      expect(Array.from(js.genError)).toEqual(Array.from(wasm.genError));
      expect(Array.from(js.trainLoss)).toEqual(Array.from(wasm.trainLoss));
      expect(Array.from(js.genErrorStdErr)).toEqual(Array.from(wasm.genErrorStdErr));
    } finally {
      setKernelBackend("auto");
    }
    expect(kernelBackend()).toBe("wasm-simd");
  });
});
