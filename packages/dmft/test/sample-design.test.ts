import { createRng, normalCdf } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { meanAndStdErr } from "../src/error-estimate.js";
import { nonIncreasing, richardsonError, sampleDesign } from "../src/index.js";

describe("stratified sample design", () => {
  it("weights sum to one and reproduce the prior's mixture and second moment exactly", () => {
    for (const prior of ["bernoulliGaussian", "rademacherSparse"] as const) {
      const d = sampleDesign(prior, 0.05, 2000, 300, createRng(1));
      let w = 0;
      let m2 = 0;
      let pNonZero = 0;
      for (let s = 0; s < 2000; s++) {
        w += d.weight[s];
        m2 += d.weight[s] * d.wStar[s] ** 2;
        if (d.wStar[s] !== 0) pNonZero += d.weight[s];
      }
      expect(w).toBeCloseTo(1, 12);
      expect(m2).toBeCloseTo(1, 12); // E[w*²] = 1
      expect(pNonZero).toBeCloseTo(0.05, 12); // P(w* ≠ 0) = rho
      // the rare component is over-allocated: half of the samples
      expect(d.strata[1]).toBe(1000);
      let rw = 0;
      let rNonZero = 0;
      for (let s = 0; s < d.responseCount; s++) {
        rw += d.responseWeight[s];
        if (d.wStar[s] !== 0) rNonZero += d.responseWeight[s];
      }
      expect(d.responseCount).toBe(300);
      expect(rw).toBeCloseTo(1, 12);
      expect(rNonZero).toBeCloseTo(0.05, 12);
    }
  });

  it("stratifies the Gaussian component: one value per probability stratum (tails included)", () => {
    const n = 500;
    const d = sampleDesign("gaussian", 1, n, n, createRng(2));
    const u = Array.from(d.wStar, (x) => normalCdf(x)).sort((a, b) => a - b);
    // after the exact second-moment rescaling (a factor 1 + O(1/n)) each value still sits in its
    // own stratum [j/n, (j+1)/n) up to a small slack
    for (let j = 0; j < n; j++) {
      expect(u[j]).toBeGreaterThan(j / n - 2e-3);
      expect(u[j]).toBeLessThan((j + 1) / n + 2e-3);
    }
  });

  it("is reproducible from its seed", () => {
    const a = sampleDesign("bernoulliGaussian", 0.2, 100, 20, createRng("s"));
    const b = sampleDesign("bernoulliGaussian", 0.2, 100, 20, createRng("s"));
    expect(Array.from(a.wStar)).toEqual(Array.from(b.wStar));
  });
});

describe("error estimates", () => {
  it("standard error: the plain formula without a window; with one, a crossing's dip is filled", () => {
    // two replicas: x_r(t) = 1 ± (t − 5)/10, which cross at t = 5 (raw spread 0 there)
    const t = Array.from({ length: 11 }, (_, k) => k);
    const a = Float64Array.from(t, (k) => 1 + (k - 5) / 10);
    const b = Float64Array.from(t, (k) => 1 - (k - 5) / 10);
    const plain = meanAndStdErr([a, b], 0);
    for (const k of t) {
      expect(plain.mean[k]).toBeCloseTo(1, 14);
      // sample sd of {1 + e, 1 − e} is √2·|e|, standard error |e|
      expect(plain.stdErr[k]).toBeCloseTo(Math.abs(k - 5) / 10, 14);
    }
    const smooth = meanAndStdErr([a, b], 2);
    // at the crossing: √(mean of e² over k = 3..7) = √((4+1+0+1+4)/5)/10
    expect(smooth.stdErr[5]).toBeCloseTo(Math.sqrt(2) / 10, 14);
    expect(smooth.mean[5]).toBe(plain.mean[5]);
  });

  it("Richardson recovers the leading error of a second-order sequence exactly", () => {
    // f_h(t) = f(t) + c h² with h the step: fine (h) and half (2h) grids; error of fine = c h².
    const n = 9;
    const exact = Array.from({ length: n }, (_, k) => Math.sin(k));
    const c = 0.3;
    const h = 0.1;
    const fine = Float64Array.from(exact, (x) => x + c * h * h);
    const half = Float64Array.from({ length: 5 }, (_, j) => exact[2 * j] + c * (2 * h) ** 2);
    const e = richardsonError([fine, fine], [half, half]);
    for (let k = 0; k < n; k++) expect(e[k]).toBeCloseTo(c * h * h, 12);
  });

  it("projects onto non-increasing curves (pool adjacent violators) and keeps monotone ones", () => {
    const y = Float64Array.from([5, 4, 4.2, 3, 3.1, 3.1, 1]);
    const out = nonIncreasing(y, new Float64Array(7).fill(1));
    for (let k = 1; k < 7; k++) expect(out[k]).toBeLessThanOrEqual(out[k - 1]);
    // closed form of the pooled blocks: (4 + 4.2)/2 and (3 + 3.1 + 3.1)/3
    expect(out[1]).toBeCloseTo(4.1, 12);
    expect(out[2]).toBeCloseTo(4.1, 12);
    expect(out[3]).toBeCloseTo(9.2 / 3, 12);
    const mono = Float64Array.from([3, 2, 1]);
    expect(Array.from(nonIncreasing(mono, new Float64Array(3).fill(1)))).toEqual([3, 2, 1]);
  });
});
