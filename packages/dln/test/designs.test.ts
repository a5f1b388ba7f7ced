import { createMatrix, createRng, type DenseMatrix } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { gammaShapeAbove1 } from "../src/designs.js";
import {
  createDlnData,
  DESIGNS,
  type DesignName,
  type DesignOptions,
  gaussianDesign,
  genError,
  randomDesign,
  sampleTestSet,
  simulateGradientFlow,
  simulateSeeds,
  testError,
  validateDlnParams,
} from "../src/index.js";
import { expectError } from "./helpers.js";

const n = 200;
const d = 500;

/** Mean of x² over all entries and its standard error sd(x²)/√N. */
function secondMoment(X: DenseMatrix): { mean: number; se: number } {
  const N = X.data.length;
  let s = 0;
  let s2 = 0;
  for (const x of X.data) {
    s += x * x;
    s2 += x ** 4;
  }
  const mean = s / N;
  return { mean, se: Math.sqrt(Math.max(0, s2 / N - mean * mean) / N) };
}

describe('built-in designs (theory/dln.md, "Model": entries of mean 0 and variance 1/d)', () => {
  it("gives every design the second moment 1/d, within 4 standard errors (n·d = 1e5 entries)", () => {
    for (const name of DESIGNS) {
      const X = randomDesign(name, n, d, createRng(1).fork(name));
      expect(X.rows).toBe(n);
      expect(X.cols).toBe(d);
      const { mean, se } = secondMoment(X);
      // (rademacher has x² = 1/d exactly: se = 0, so allow rounding)
      expect(Math.abs(mean - 1 / d), name).toBeLessThan(4 * se + 1e-9 / d);
      // the standard error itself is small: a 4-SE band is a few per cent of 1/d at most
      expect(se * d, name).toBeLessThan(0.015);
      let m = 0;
      for (const x of X.data) m += x;
      // the mean entry is 0: sd of the mean is (1/√d)/√N = 1.4e-4 (more for the correlated rows)
      expect(Math.abs(m / X.data.length), name).toBeLessThan(2e-3);
    }
  });

  it("gaussian is gaussianDesign, number for number, so existing results do not change", () => {
    expect(randomDesign("gaussian", 30, 20, createRng(5)).data).toEqual(
      gaussianDesign(30, 20, createRng(5)).data,
    );
    // ... and the default of createDlnData draws it from the `design` sub-stream as before.
    const p = validateDlnParams({ d: 20, n: 30, alpha: 1, T: 1, seed: 9 });
    expect(p.design).toBe("gaussian");
    expect(p.designOptions).toEqual({});
    expect(createDlnData(p).X.data).toEqual(gaussianDesign(30, 20, createRng(9).fork("design")).data);
  });

  it("is reproducible for a seed and changes with it", () => {
    for (const name of DESIGNS) {
      const a = randomDesign(name, 20, 30, createRng("s"));
      const b = randomDesign(name, 20, 30, createRng("s"));
      const c = randomDesign(name, 20, 30, createRng("t"));
      expect(a.data, name).toEqual(b.data);
      expect(a.data, name).not.toEqual(c.data);
    }
  });

  it("rademacher: |x| = 1/√d exactly, signs balanced", () => {
    const X = randomDesign("rademacher", n, d, createRng(2));
    let pos = 0;
    let other = 0;
    for (const x of X.data) {
      if (Math.abs(x) !== 1 / Math.sqrt(d)) other++;
      if (x > 0) pos++;
    }
    expect(other).toBe(0);
    // Binomial(1e5, ½): sd 158.
    expect(Math.abs(pos - X.data.length / 2)).toBeLessThan(4 * 158);
  });

  it("sparseBernoulli: a fraction 1 − p of zeros, the rest ±1/√(p d)", () => {
    for (const p of [0.1, 0.5, 1]) {
      const X = randomDesign("sparseBernoulli", n, d, createRng(3), { sparsity: p });
      const N = X.data.length;
      let zeros = 0;
      let other = 0;
      for (const x of X.data) {
        if (x === 0) zeros++;
        else if (Math.abs(Math.abs(x) - 1 / Math.sqrt(p * d)) > 1e-15) other++;
      }
      expect(other).toBe(0);
      // Binomial(N, 1 − p): sd √(N p (1 − p)) ≤ 158.
      expect(Math.abs(zeros / N - (1 - p))).toBeLessThan((4 * Math.sqrt(N * p * (1 - p))) / N + 1e-12);
    }
    // the default sparsity is 0.1
    expect(randomDesign("sparseBernoulli", 5, 8, createRng(4)).data).toEqual(
      randomDesign("sparseBernoulli", 5, 8, createRng(4), { sparsity: 0.1 }).data,
    );
  });

  it("studentT: finite kurtosis near 3 + 6/(ν − 4)", () => {
    const kurtosis = (X: DenseMatrix) => {
      let m2 = 0;
      let m4 = 0;
      for (const x of X.data) {
        m2 += x * x;
        m4 += x ** 4;
      }
      m2 /= X.data.length;
      m4 /= X.data.length;
      return m4 / (m2 * m2);
    };
    // ν = 10: kurtosis 4, and the sample kurtosis has a finite variance (eighth moment finite for ν > 8).
    const k10 = kurtosis(randomDesign("studentT", 400, 500, createRng(6), { dof: 10 }));
    expect(Math.abs(k10 - 4)).toBeLessThan(0.3);
    // ν = 5 (default): kurtosis 9, but the sample kurtosis is heavy-tailed and biased low: check loosely.
    const k5 = kurtosis(randomDesign("studentT", 400, 500, createRng(6)));
    expect(k5).toBeGreaterThan(5);
    expect(k5).toBeLessThan(15);
    // heavier tails than the Gaussian design
    expect(k5).toBeGreaterThan(k10);
  });

  it("draws Gamma(a) with mean a and variance a (the χ² of the Student-t design)", () => {
    const rng = createRng(7);
    for (const a of [1, 2.5, 5]) {
      const N = 40000;
      let s = 0;
      let s2 = 0;
      let min = Number.POSITIVE_INFINITY;
      for (let k = 0; k < N; k++) {
        const g = gammaShapeAbove1(a, rng);
        min = Math.min(min, g);
        s += g;
        s2 += g * g;
      }
      const mean = s / N;
      const v = s2 / N - mean * mean;
      expect(min).toBeGreaterThan(0);
      // sd of the mean √(a/N) ≤ 0.011
      expect(Math.abs(mean - a)).toBeLessThan(4 * Math.sqrt(a / N));
      expect(Math.abs(v / a - 1)).toBeLessThan(0.06);
    }
  });

  it("correlatedGaussian: lag-1 column correlation r, lag-2 r², variance 1/d in every column", () => {
    for (const r of [0.5, -0.7]) {
      const X = randomDesign("correlatedGaussian", 400, 250, createRng(8), { correlation: r });
      const { rows, cols, data } = X;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const x = data[i * cols + j];
          s0 += x * x;
          if (j + 1 < cols) s1 += x * data[i * cols + j + 1];
          if (j + 2 < cols) s2 += x * data[i * cols + j + 2];
        }
      }
      const c1 = s1 / (rows * (cols - 1)) / (s0 / (rows * cols));
      const c2 = s2 / (rows * (cols - 2)) / (s0 / (rows * cols));
      // 1e5 strongly dependent pairs: the standard error of the lag-1 correlation is ≈ 0.005.
      expect(Math.abs(c1 - r)).toBeLessThan(0.025);
      expect(Math.abs(c2 - r * r)).toBeLessThan(0.03);
      // The first column (the recursion's start) has the stationary variance too: 400 rows, sd 7%.
      let v0 = 0;
      for (let i = 0; i < rows; i++) v0 += data[i * cols] ** 2;
      expect(Math.abs((v0 / rows) * cols - 1)).toBeLessThan(0.3);
    }
    // r = 0 is the gaussian design, number for number.
    expect(randomDesign("correlatedGaussian", 10, 12, createRng(9), { correlation: 0 }).data).toEqual(
      gaussianDesign(10, 12, createRng(9)).data,
    );
  });

  it("rejects unknown names and out-of-range options, naming them and the allowed values", () => {
    const rng = createRng(0);
    const e = expectError(() => randomDesign("laplace" as DesignName, 2, 2, rng), "design", "laplace");
    for (const name of DESIGNS) expect(e.message).toContain(`"${name}"`);
    expectError(() => randomDesign("sparseBernoulli", 2, 2, rng, { sparsity: 0 }), "sparsity", "(0, 1]");
    expectError(() => randomDesign("sparseBernoulli", 2, 2, rng, { sparsity: 1.5 }), "sparsity", "(0, 1]");
    expectError(() => randomDesign("studentT", 2, 2, rng, { dof: 4 }), "dof", "> 4");
    expectError(() => randomDesign("studentT", 2, 2, rng, { dof: Number.NaN }), "dof", "> 4");
    expectError(
      () => randomDesign("correlatedGaussian", 2, 2, rng, { correlation: 1 }),
      "correlation",
      "(-1, 1)",
    );
    expectError(() => randomDesign("correlatedGaussian", 2, 2, rng, { correlation: -1 }), "correlation");
    // options are range-checked even where the design does not read them; unknown keys are refused
    expectError(() => randomDesign("gaussian", 2, 2, rng, { dof: 2 }), "dof");
    expectError(
      () => randomDesign("gaussian", 2, 2, rng, { sparse: 0.1 } as DesignOptions),
      "sparse",
      "sparsity",
    );
    expectError(() => randomDesign("gaussian", 0, 2, rng), "n");
    expectError(() => randomDesign("gaussian", 2, 1.5, rng), "d");
  });
});

describe("designs in the data and the simulators", () => {
  const base = { d: 40, n: 20, alpha: 0.1, rho: 0.2, T: 5, seed: 3 };

  it("draws X from the `design` sub-stream of the seed, with the resolved options", () => {
    const cases: Array<[DesignName, DesignOptions | undefined, DesignOptions]> = [
      ["rademacher", undefined, {}],
      ["sparseBernoulli", { sparsity: 0.3 }, { sparsity: 0.3 }],
      ["studentT", undefined, { dof: 5 }],
      ["correlatedGaussian", { correlation: -0.2, dof: 6 }, { correlation: -0.2 }],
    ];
    const gauss = createDlnData(validateDlnParams(base));
    for (const [design, designOptions, resolved] of cases) {
      const p = validateDlnParams({ ...base, design, designOptions });
      expect(p.design).toBe(design);
      expect(p.designOptions).toEqual(resolved);
      const data = createDlnData(p);
      expect(data.X.data).toEqual(
        randomDesign(design, 20, 40, createRng(3).fork("design"), designOptions).data,
      );
      // the teacher comes from its own sub-stream: unchanged by the design
      expect(data.wStar).toEqual(gauss.wStar);
    }
  });

  it("validates design and designOptions in validateDlnParams", () => {
    expectError(
      () => validateDlnParams({ ...base, design: "uniform" as DesignName }),
      "design",
      '"rademacher"',
    );
    expectError(
      () => validateDlnParams({ ...base, design: "sparseBernoulli", designOptions: { sparsity: -1 } }),
      "designOptions.sparsity",
    );
    expectError(
      () => validateDlnParams({ ...base, design: "studentT", designOptions: { dof: 3 } }),
      "designOptions.dof",
    );
    expectError(
      () => validateDlnParams({ ...base, design: "correlatedGaussian", designOptions: { correlation: 2 } }),
      "designOptions.correlation",
    );
    // a user X with a built-in design other than gaussian
    const X = createMatrix(
      20,
      40,
      Array.from({ length: 800 }, (_, k) => Math.sin(k * 1.3)),
    );
    expectError(() => validateDlnParams({ ...base, X, design: "rademacher" }), "design", "user X");
    expect(validateDlnParams({ ...base, X, design: "gaussian" }).design).toBe("gaussian");
  });

  it("runs the flow and many seeds on a non-Gaussian design (plain-data parameters)", async () => {
    const params = { ...base, design: "sparseBernoulli" as const, designOptions: { sparsity: 0.2 } };
    const flowOptions = { nTimes: 6 };
    const one = simulateGradientFlow({ ...params, seed: 3 }, flowOptions);
    const gaussian = simulateGradientFlow(base, flowOptions);
    expect(one.converged).toBe(true);
    expect(one.w).not.toEqual(gaussian.w);
    // the tasks handed to workers are structured-cloneable: the design travels as a name and numbers
    expect(structuredClone(params)).toEqual(params);
    const many = await simulateSeeds(params, { seeds: [3, 4], workers: 0, flowOptions });
    expect(many.params.design).toBe("sparseBernoulli");
    expect(many.runs[0].w).toEqual(one.w);
    expect(many.runs[1].w).not.toEqual(one.w);
  });

  it("draws test sets from a design; ε_gen = ‖w − w*‖²/d holds for the uncorrelated ones", () => {
    const rng = createRng(10);
    const dd = 40;
    const wStar = rng.fork("t").fillNormal(new Float64Array(dd));
    const w = rng.fork("w").fillNormal(new Float64Array(dd));
    const exact = genError(w, wStar);
    for (const design of ["rademacher", "sparseBernoulli", "studentT"] as const) {
      const test = sampleTestSet(wStar, 20000, rng.fork(design), design);
      // relative sd of the Monte Carlo mean ≈ √(2/20000) = 1% (a bit more for heavy tails); allow 6%.
      expect(Math.abs(testError(w, test) / exact - 1), design).toBeLessThan(0.06);
    }
    expect(sampleTestSet(wStar, 5, createRng(1)).X.data).toEqual(gaussianDesign(5, dd, createRng(1)).data);
  });
});
