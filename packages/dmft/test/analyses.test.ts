import { describe, expect, it } from "vitest";
import { detectPhases, incrementalLearning, predictedTimescales, solveDmft } from "../src/index.js";

describe("timescales", () => {
  it("predicts a search time growing like log(1/alpha) and a lazy time like 1/alpha²", () => {
    const a = predictedTimescales({ alpha: 1e-2, delta: 0.5, rho: 0.1 });
    const b = predictedTimescales({ alpha: 1e-4, delta: 0.5, rho: 0.1 });
    // leading order: t = τ_search ln(1/alpha), τ_search independent of alpha
    expect(b.rescaledSearchTime).toBe(a.rescaledSearchTime);
    expect(b.searchTime / a.searchTime).toBeCloseTo(2, 12);
    // ln(1/(alpha² √rho)) doubles up to the √rho offset (the single-coordinate estimate)
    const off = Math.log(Math.sqrt(10));
    expect(
      (b.typicalActivationTime * 4 * 0.5 * Math.sqrt(10) - off) /
        (a.typicalActivationTime * 4 * 0.5 * Math.sqrt(10) - off),
    ).toBeCloseTo(2, 10);
    expect(a.lazyTime / predictedTimescales({ alpha: 2e-2, delta: 0.5, rho: 0.1 }).lazyTime).toBeCloseTo(
      4,
      10,
    );
  });

  it("detects a plateau and the descent on a synthetic two-step curve", () => {
    const t: number[] = [];
    const eg: number[] = [];
    const tl: number[] = [];
    for (let k = 0; k <= 400; k++) {
      const x = 10 ** (-2 + (5 * k) / 400);
      t.push(k === 0 ? 0 : x);
      // ε_gen: 1 → plateau 0.5 between t ≈ 0.1 and t ≈ 30 → 0.01
      const e = 0.01 + 0.49 / (1 + (x / 100) ** 3) + 0.5 / (1 + (x / 0.03) ** 3);
      eg.push(e);
      tl.push(0.5 * e * Math.exp(-x / 3));
    }
    const ph = detectPhases({ times: t, trainLoss: tl, genError: eg });
    // the former key `t` reads the same curves
    expect(detectPhases({ t, trainLoss: tl, genError: eg })).toEqual(ph);
    expect(ph.plateaus.length).toBe(1);
    expect(ph.plateaus[0].genError).toBeCloseTo(0.5, 1);
    expect(ph.plateaus[0].start).toBeGreaterThan(0.05);
    expect(ph.plateaus[0].end).toBeLessThan(80);
    expect(ph.descentStart).toBeLessThan(0.1);
    expect(ph.descentEnd).toBeGreaterThan(30);
    expect(ph.separationTime).toBeGreaterThan(1);
    expect(ph.separationTime).toBeLessThan(5);
  });
});

describe("incremental learning", () => {
  it("the active fraction rises from 0 to the teacher's support in rescaled time at small alpha", () => {
    const r = solveDmft(
      { alpha: 1e-3, delta: 0.5, rho: 0.1, sigma: 0, T: 60 },
      { gridPoints: 80, samples: 4000, activeThreshold: 0.05, rtol: 0.3 },
    );
    const inc = incrementalLearning(r);
    expect(inc.activeRatio[0]).toBe(0);
    expect(inc.activeRatio[80]).toBeGreaterThan(0.8);
    const taus = inc.crossings.map((c) => c.tau);
    expect(taus.every(Number.isFinite)).toBe(true);
    for (let i = 1; i < taus.length; i++) expect(taus[i]).toBeGreaterThan(taus[i - 1]);
    // the first quarter of the support activates on the predicted search scale (within a factor 3)
    const pred = predictedTimescales({ alpha: 1e-3, delta: 0.5, rho: 0.1 }).rescaledSearchTime;
    expect(taus[0] / pred).toBeGreaterThan(1 / 3);
    expect(taus[0] / pred).toBeLessThan(3);
  }, 60_000);
});
