import { createMatrix, MeanfieldError } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { type DlnParams, simulateGradientFlow, validateDlnParams } from "../src/index.js";

const base: DlnParams = { d: 10, n: 5, alpha: 0.1, T: 1 };

function expectParamError(p: Partial<DlnParams> & Record<string, unknown>, parameter: string): void {
  try {
    validateDlnParams({ ...base, ...p } as DlnParams);
  } catch (e) {
    expect(e).toBeInstanceOf(MeanfieldError);
    expect((e as MeanfieldError).parameter).toBe(parameter);
    expect((e as MeanfieldError).message).toContain(parameter);
    return;
  }
  throw new Error(`no error for ${parameter}`);
}

describe("DlnParams validation", () => {
  it("fills in the defaults and derives delta", () => {
    const p = validateDlnParams({ d: 100, delta: 0.5, alpha: 1, T: 10 });
    expect(p).toMatchObject({
      n: 50,
      delta: 0.5,
      rho: 1,
      sigma: 0,
      prior: "bernoulliGaussian",
      model: "u2-v2",
      seed: 0,
      teacherNormalization: "none",
    });
  });
  it("rejects n and d that are not positive integers", () => {
    expectParamError({ n: 0 }, "n");
    expectParamError({ n: 2.5 }, "n");
    expectParamError({ d: -1 }, "d");
    expectParamError({ d: Number.NaN }, "d");
    expectParamError({ n: undefined }, "n");
  });
  it("rejects rho outside (0, 1]", () => {
    expectParamError({ rho: 0 }, "rho");
    expectParamError({ rho: 1.5 }, "rho");
    expectParamError({ rho: Number.NaN }, "rho");
  });
  it("rejects alpha ≤ 0, sigma < 0, T ≤ 0 and NaN", () => {
    expectParamError({ alpha: 0 }, "alpha");
    expectParamError({ alpha: -1 }, "alpha");
    expectParamError({ alpha: Number.NaN }, "alpha");
    expectParamError({ sigma: -0.1 }, "sigma");
    expectParamError({ sigma: Number.NaN }, "sigma");
    expectParamError({ T: 0 }, "T");
    expectParamError({ T: Number.POSITIVE_INFINITY }, "T");
    expectParamError({ model: "deep" as never }, "model");
    expectParamError({ prior: "laplace" as never }, "prior");
    expectParamError({ teacherNormalization: "unit" as never }, "teacherNormalization");
  });
  it("rejects mismatched or non-finite user matrices and vectors", () => {
    const X = createMatrix(5, 10);
    expectParamError({ X, d: 11 }, "X");
    expectParamError({ X, n: 4 }, "X");
    expectParamError({ wStar: new Float64Array(9) }, "wStar");
    expectParamError({ y: [1, 2, 3] }, "y");
    expectParamError({ shape: new Float64Array(10).fill(-1) }, "shape[0]");
    const bad = createMatrix(5, 10);
    bad.data[7] = Number.NaN;
    expectParamError({ X: bad }, "X.data[7]");
    expectParamError(
      { wStar: Float64Array.from({ length: 10 }, (_, i) => (i === 3 ? Number.NaN : 0)) },
      "wStar[3]",
    );
  });
  it("validates at the boundary of the simulators", () => {
    expect(() => simulateGradientFlow({ ...base, alpha: -2 })).toThrow(/alpha/);
  });
});
