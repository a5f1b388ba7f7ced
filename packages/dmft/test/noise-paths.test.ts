import { createRng } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { noisePaths } from "../src/noise-paths.js";
import { sampleDesign } from "../src/sample-design.js";

// Moment matching within each stratum (noise-paths.ts): every stratum's samples have exactly zero
// mean, zero correlation with w*, and identity second moments. Whitening all samples at once with
// the weights π (the former scheme) gives only the weighted identity; the light stratum then
// carries variance ≈ 1/(1 − M/n_eff) (theory/dmft-numerics.md, "Finite-sample bias"), which the
// per-stratum check below would catch.
function stratumMoments(z: Float64Array, M: number, N: number, members: number[], wStar: Float64Array) {
  let worstMean = 0;
  let worstCross = 0;
  let worstGram = 0;
  const n = members.length;
  for (let a = 0; a < M; a++) {
    let mean = 0;
    let cross = 0;
    for (const s of members) {
      mean += z[a * N + s];
      cross += z[a * N + s] * wStar[s];
    }
    worstMean = Math.max(worstMean, Math.abs(mean / n));
    worstCross = Math.max(worstCross, Math.abs(cross / n));
    for (let b = 0; b <= a; b++) {
      let g = 0;
      for (const s of members) g += z[a * N + s] * z[b * N + s];
      worstGram = Math.max(worstGram, Math.abs(g / n - (a === b ? 1 : 0)));
    }
  }
  return { worstMean, worstCross, worstGram };
}

describe("noise paths: moment matching", () => {
  it("matches the moments of every stratum exactly (sparse prior, two strata)", () => {
    const N = 600;
    const M = 40;
    const d = sampleDesign("bernoulliGaussian", 0.05, N, N, createRng(3));
    const z = noisePaths(M, N, d.wStar, d.weight, createRng(4), true, d.stratum);
    for (const h of [0, 1]) {
      const members = [...d.stratum.keys()].filter((s) => d.stratum[s] === h);
      expect(members.length).toBe(d.strata[h]);
      const m = stratumMoments(z, M, N, members, d.wStar);
      expect(m.worstMean).toBeLessThan(1e-12);
      expect(m.worstCross).toBeLessThan(1e-12);
      expect(m.worstGram).toBeLessThan(1e-12);
    }
  });

  it("falls back to weighted matching over all samples when a stratum is too small", () => {
    const N = 400;
    const M = 30;
    // rho = 0.95: the zero stratum has 20 samples (≤ M + 2)
    const d = sampleDesign("bernoulliGaussian", 0.95, N, N, createRng(5));
    expect(d.strata[0]).toBeLessThanOrEqual(M + 2);
    const z = noisePaths(M, N, d.wStar, d.weight, createRng(6), true, d.stratum);
    let worst = 0;
    for (let a = 0; a < M; a++)
      for (let b = 0; b <= a; b++) {
        let g = 0;
        for (let s = 0; s < N; s++) g += d.weight[s] * z[a * N + s] * z[b * N + s];
        worst = Math.max(worst, Math.abs(g - (a === b ? 1 : 0)));
      }
    expect(worst).toBeLessThan(1e-12);
  });

  it("leaves the draws untouched without moment matching", () => {
    const d = sampleDesign("gaussian", 1, 50, 50, createRng(7));
    const a = noisePaths(10, 50, d.wStar, d.weight, createRng(8), false, d.stratum);
    const b = new Float64Array(500);
    createRng(8).fillNormal(b);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
