import { MeanfieldError } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { alphaC, alphaPSB, solveSaddlePoint, sweepAlpha } from "../src/index.js";

function parameterOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MeanfieldError);
    return (e as MeanfieldError).parameter;
  }
  throw new Error("did not throw");
}

describe("bad input gives a MeanfieldError naming the parameter", () => {
  it("alpha ≤ 0 or not finite", () => {
    expect(parameterOf(() => solveSaddlePoint({ activation: "relu", alpha: 0 }))).toBe("alpha");
    expect(parameterOf(() => solveSaddlePoint({ activation: "relu", alpha: -1 }))).toBe("alpha");
    expect(parameterOf(() => solveSaddlePoint({ activation: "relu", alpha: Number.NaN }))).toBe("alpha");
    expect(parameterOf(() => sweepAlpha({ activation: "relu", alphas: [1, 0] }))).toBe("alphas[1]");
  });

  it("K < 1 or non-integer K", () => {
    expect(parameterOf(() => alphaC({ activation: "relu", K: 0 }))).toBe("K");
    expect(parameterOf(() => alphaC({ activation: "relu", K: 2.5 }))).toBe("K");
    expect(parameterOf(() => alphaC({ activation: "relu", K: -3 }))).toBe("K");
  });

  it("negative margin, unknown activation, bad formula", () => {
    expect(parameterOf(() => alphaC({ activation: "relu", kappa: -0.1 }))).toBe("kappa");
    expect(parameterOf(() => alphaC({ activation: "softsign" as never }))).toBe("activation");
    expect(parameterOf(() => alphaC({ activation: { formula: "x +* 2" } }))).toBe("activation.formula");
    expect(parameterOf(() => alphaC({ activation: { formula: "sqrt(x)" } }))).toBe("activation");
  });

  it("K = 1 saddle points are refused (use alphaC); alphaPSB at finite K says it is K → ∞ only", () => {
    expect(parameterOf(() => solveSaddlePoint({ activation: "relu", alpha: 1, K: 1 }))).toBe("K");
    const r = alphaPSB({ activation: "relu", K: 4 });
    expect(r.alphaPSB).toBeNull();
    expect(r.message).toMatch(/K → ∞ only/);
  });
});
