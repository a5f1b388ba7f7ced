import { matTVec, matVec, nnls, selectColumns } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import {
  basisPursuit,
  createDlnData,
  saddleToSaddle,
  saddleToSaddleCurves,
  simulateGradientFlow,
  validateDlnParams,
} from "../src/index.js";
import { relErr } from "./helpers.js";

const base = { d: 20, n: 10, rho: 0.2, sigma: 0, seed: 4 };
const data = createDlnData(validateDlnParams({ ...base, alpha: 1, T: 1 }));
const s2s = saddleToSaddle(data.X, data.y);
const K = s2s.jumpTimes.length;
const tauMax = 1.2 * s2s.jumpTimes[K - 1];
const N = 4000;
const taus = Float64Array.from({ length: N }, (_, i) => (i * tauMax) / (N - 1));

/** Simulated flow on the rescaled clock τ = t / log(1/alpha), with its jump times read off the loss. */
function rescaledRun(alpha: number) {
  const La = Math.log(1 / alpha);
  const flow = simulateGradientFlow(
    { ...base, alpha, T: tauMax * La },
    { data, times: taus.map((t) => t * La), rtol: 1e-9, atol: 1e-12, recordW: true },
  );
  // The loss decreases monotonically along the flow, so "first time below the midpoint of two consecutive
  // saddle losses" is a well-defined jump time (s2s losses are ½‖r‖², trainLoss is ‖r‖²/(2n)).
  const jumps: number[] = [];
  for (let k = 1; k < K; k++) {
    const threshold = (s2s.losses[k - 1] + s2s.losses[k]) / 2 / data.y.length;
    jumps.push(taus[flow.trainLoss.findIndex((l) => l <= threshold)]);
  }
  return { flow, jumps, La };
}

describe("small-alpha plateaus vs the saddle-to-saddle algorithm (Pesme & Flammarion 2023)", () => {
  it("produces a non-increasing loss and ends at the minimum-ℓ1 interpolator", () => {
    expect(s2s.converged).toBe(true);
    expect(K).toBeGreaterThan(3);
    for (let k = 1; k < K; k++) expect(s2s.losses[k]).toBeLessThanOrEqual(s2s.losses[k - 1] + 1e-12);
    const bp = basisPursuit(data.X, data.y);
    expect(bp.certified).toBe(true);
    expect(relErr(s2s.saddles[K - 1], bp.w)).toBeLessThan(1e-8);
  });

  it("each saddle is the cold NNLS solution on its signed active columns (the warm-started solver checked)", () => {
    for (const [dd, nn, seed] of [
      [20, 10, 4],
      [120, 60, 7],
      [60, 90, 3],
    ]) {
      const prob = createDlnData(
        validateDlnParams({ ...base, d: dd, n: nn, sigma: 0.1, seed, alpha: 1, T: 1 }),
      );
      const path = saddleToSaddle(prob.X, prob.y);
      expect(path.converged).toBe(true);
      // the dual variable rebuilt from the path: s(τ_k) = 2 Σ_{j<k} (τ_{j+1} − τ_j) Xᵀ(y − X β_j)
      const s = new Float64Array(dd);
      for (let k = 1; k < path.saddles.length; k++) {
        const r = matVec(prob.X, path.saddles[k - 1]).map((v, i) => prob.y[i] - v);
        const g = matTVec(prob.X, r);
        const dtau = path.jumpTimes[k] - path.jumpTimes[k - 1];
        for (let i = 0; i < dd; i++) s[i] += 2 * dtau * g[i];
        const A = path.activeSets[k];
        for (const i of A) expect(Math.abs(s[i])).toBeCloseTo(1, 8);
        const cold = nnls(
          selectColumns(
            prob.X,
            A,
            A.map((i) => Math.sign(s[i])),
          ),
          prob.y,
        );
        expect(cold.converged).toBe(true);
        let err = 0;
        let scale = 1;
        for (let q = 0; q < A.length; q++) {
          const v = Math.sign(s[A[q]]) * cold.x[q];
          err = Math.max(err, Math.abs(path.saddles[k][A[q]] - v));
          scale = Math.max(scale, Math.abs(v));
        }
        expect(err / scale).toBeLessThan(1e-8);
        // and every coordinate outside A is zero at the saddle
        for (let i = 0; i < dd; i++) if (!A.includes(i)) expect(path.saddles[k][i]).toBe(0);
      }
    }
  });

  it("jump times match after rescaling by log(1/alpha): error shrinks like 1/log(1/alpha), extrapolates to ≤ 0.05", () => {
    const a = rescaledRun(1e-50);
    const b = rescaledRun(1e-100);
    expect(a.flow.converged && b.flow.converged).toBe(true);
    for (let k = 1; k < K; k++) {
      const tk = s2s.jumpTimes[k];
      const ea = a.jumps[k - 1] - tk;
      const eb = b.jumps[k - 1] - tk;
      // Finite-alpha corrections are O(1/log(1/alpha)): halving 1/log(1/alpha) roughly halves the error
      // (grid spacing of τ here: 4e-3·τ_max).
      expect(Math.abs(eb)).toBeLessThanOrEqual(0.6 * Math.abs(ea) + 2 * (taus[1] - taus[0]));
      // Stated tolerance: Richardson extrapolation in 1/log(1/alpha) lands within 0.05 of τ_k, and the raw
      // alpha = 1e-100 jump time within 0.3 (relative error ≤ 10% on every jump).
      const extrapolated = (b.La * b.jumps[k - 1] - a.La * a.jumps[k - 1]) / (b.La - a.La);
      expect(Math.abs(extrapolated - tk)).toBeLessThan(0.05);
      expect(Math.abs(eb)).toBeLessThan(Math.min(0.3, 0.1 * tk));
    }
    // On each plateau (midway between jumps) the trajectory sits at the saddle.
    for (let k = 1; k < K - 1; k++) {
      const mid = (s2s.jumpTimes[k] + s2s.jumpTimes[k + 1]) / 2;
      const i = Math.round((mid / tauMax) * (N - 1));
      expect(relErr(b.flow.trajectory![i], s2s.saddles[k])).toBeLessThan(0.05);
    }
  });
});

describe("saddleToSaddleCurves and maxTau", () => {
  it("a path stopped at maxTau is the prefix of the full path", () => {
    const full = saddleToSaddle(data.X, data.y);
    const cut = saddleToSaddle(data.X, data.y, { maxTau: full.jumpTimes[3] + 1e-9 });
    expect(cut.converged).toBe(true);
    expect(cut.message).toMatch(/complete up to τ/);
    expect(Array.from(cut.jumpTimes)).toEqual(Array.from(full.jumpTimes.subarray(0, 4)));
  });

  it("reads each data set's path on the τ grid and averages with a standard error", () => {
    const p = { d: 40, n: 20, rho: 0.2, sigma: 0, seed: "curves" };
    const tau = [0, 0.1, 0.3, 1, 3];
    const c = saddleToSaddleCurves(p, { seeds: 3, tau });
    expect(c.seeds).toEqual(["curves:0", "curves:1", "curves:2"]);
    for (const [k, run] of c.runs.entries()) {
      const dd = createDlnData(validateDlnParams({ ...p, alpha: 1, T: 1, seed: c.seeds[k] }));
      const path = saddleToSaddle(dd.X, dd.y);
      for (const [q, x] of tau.entries()) {
        let j = 0;
        while (j + 1 < path.jumpTimes.length && path.jumpTimes[j + 1] <= x) j++;
        expect(run.trainLoss[q]).toBeCloseTo(path.losses[j] / 20, 12);
        let e = 0;
        for (let i = 0; i < 40; i++) e += (path.saddles[j][i] - (dd.wStar as Float64Array)[i]) ** 2;
        expect(run.genError[q]).toBeCloseTo(e / 40, 12);
      }
    }
    const m = (c.runs[0].genError[2] + c.runs[1].genError[2] + c.runs[2].genError[2]) / 3;
    expect(c.genError.mean[2]).toBeCloseTo(m, 14);
    expect(() => saddleToSaddleCurves(p, { seeds: 1, tau })).toThrow(/seeds/);
    expect(() => saddleToSaddleCurves(p, { seeds: 2, tau: [0.5, 0.1] })).toThrow(/tau/);
    expect(() => saddleToSaddleCurves({ ...p, model: "linear" }, { seeds: 2, tau })).toThrow(/model/);
  });
});
