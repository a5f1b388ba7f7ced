import { createMatrix, createRng } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import {
  createDlnData,
  gaussianDesign,
  genError,
  sampleTeacher,
  sampleTestSet,
  standardizeDesign,
  testError,
  validateDlnParams,
} from "../src/index.js";

describe('data and teachers (theory/dln.md, "Model")', () => {
  it("draws a design with entries of variance 1/d", () => {
    const X = gaussianDesign(200, 100, createRng(1));
    let s = 0;
    for (const x of X.data) s += x * x;
    // 20000 entries: the relative sd of the mean square is √(2/20000) = 1%.
    expect((s / X.data.length) * 100).toBeCloseTo(1, 1);
  });
  it("draws priors with E[w*²] = 1 and density rho", () => {
    const rng = createRng(2);
    for (const prior of ["bernoulliGaussian", "rademacherSparse", "gaussian"] as const) {
      const w = sampleTeacher(prior, 40000, 0.1, rng.fork(prior));
      let nz = 0;
      let s = 0;
      for (const x of w) {
        if (x !== 0) nz++;
        s += x * x;
      }
      expect(nz / w.length).toBeCloseTo(prior === "gaussian" ? 1 : 0.1, 2);
      expect(s / w.length).toBeGreaterThan(0.92);
      expect(s / w.length).toBeLessThan(1.08);
      if (prior === "rademacherSparse")
        for (const x of w) if (x !== 0) expect(Math.abs(x)).toBeCloseTo(Math.sqrt(10), 12);
    }
  });
  it('normalises teachers exactly with teacherNormalization "exact"', () => {
    for (const prior of ["bernoulliGaussian", "rademacherSparse", "gaussian"] as const) {
      for (const [d, rho] of [
        [400, 0.1],
        [333, 0.07],
        [50, 0.2],
      ] as const) {
        const params = {
          d,
          n: 20,
          alpha: 1,
          T: 1,
          rho,
          prior,
          seed: 11,
          teacherNormalization: "exact" as const,
        };
        const w = createDlnData(validateDlnParams(params)).wStar as Float64Array;
        let nz = 0;
        let s = 0;
        for (const x of w) {
          if (x !== 0) nz++;
          s += x * x;
        }
        // Support size round(rho d) (all d for the dense prior), independent of the draw.
        expect(nz).toBe(prior === "gaussian" ? d : Math.round(rho * d));
        expect(Math.abs(s / d - 1)).toBeLessThan(1e-12);
        // Reproducible from the seed; another seed gives another teacher.
        const again = createDlnData(validateDlnParams(params)).wStar;
        expect(again).toEqual(w);
        const other = createDlnData(validateDlnParams({ ...params, seed: 12 })).wStar;
        expect(other).not.toEqual(w);
      }
    }
    // The direct sampler agrees with the data path's teacher sub-stream.
    const direct = sampleTeacher("bernoulliGaussian", 400, 0.1, createRng(11).fork("teacher"), "exact");
    const viaData = createDlnData(
      validateDlnParams({ d: 400, n: 20, alpha: 1, T: 1, rho: 0.1, seed: 11, teacherNormalization: "exact" }),
    ).wStar;
    expect(viaData).toEqual(direct);
    // The default stays i.i.d. ("none"): the same as before.
    const iid = createDlnData(validateDlnParams({ d: 400, n: 20, alpha: 1, T: 1, rho: 0.1, seed: 11 })).wStar;
    expect(iid).toEqual(sampleTeacher("bernoulliGaussian", 400, 0.1, createRng(11).fork("teacher")));
  });
  it("is reproducible from the seed and keeps the teacher when n changes", () => {
    const a = createDlnData(validateDlnParams({ d: 50, n: 20, alpha: 1, T: 1, rho: 0.2, seed: 7 }));
    const b = createDlnData(validateDlnParams({ d: 50, n: 20, alpha: 1, T: 1, rho: 0.2, seed: 7 }));
    const c = createDlnData(validateDlnParams({ d: 50, n: 30, alpha: 1, T: 1, rho: 0.2, seed: 7 }));
    expect(a.X.data).toEqual(b.X.data);
    expect(a.y).toEqual(b.y);
    expect(c.wStar).toEqual(a.wStar);
  });
  it("adds label noise of level sigma", () => {
    const p = { d: 400, n: 4000, alpha: 1, T: 1, seed: 3 };
    const clean = createDlnData(validateDlnParams(p));
    const noisy = createDlnData(validateDlnParams({ ...p, sigma: 0.5 }));
    let s = 0;
    for (let i = 0; i < clean.y.length; i++) s += (noisy.y[i] - clean.y[i]) ** 2;
    expect(Math.sqrt(s / clean.y.length)).toBeCloseTo(0.5, 1);
  });
  it("standardises a user design column-wise to variance 1/d", () => {
    const X = createMatrix(3, 2, [1, 10, 2, 20, 6, 60]);
    const Z = standardizeDesign(X);
    for (let j = 0; j < 2; j++) {
      const col = [0, 1, 2].map((i) => Z.data[i * 2 + j]);
      const m = col.reduce((a, b) => a + b, 0) / 3;
      const v = col.reduce((a, b) => a + (b - m) ** 2, 0) / 3;
      expect(m).toBeCloseTo(0, 14);
      expect(v).toBeCloseTo(0.5, 14);
    }
    expect(() => standardizeDesign(createMatrix(3, 2, [1, 1, 1, 2, 1, 3]))).toThrow(/column 0/);
  });
  it("matches the exact ε_gen = ‖w − w*‖²/d with a fresh Monte Carlo test set", () => {
    const rng = createRng(4);
    const d = 50;
    const wStar = rng.fork("t").fillNormal(new Float64Array(d));
    const w = rng.fork("w").fillNormal(new Float64Array(d));
    const test = sampleTestSet(wStar, 40000, rng.fork("test"));
    const exact = genError(w, wStar);
    // Relative sd of a mean of 40000 squared Gaussians: √(2/40000) ≈ 0.7%; allow 4%.
    expect(Math.abs(testError(w, test) / exact - 1)).toBeLessThan(0.04);
  });
});
