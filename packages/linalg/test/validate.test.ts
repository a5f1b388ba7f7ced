import { describe, expect, it } from "vitest";
import {
  assertFinite,
  assertFiniteArray,
  assertInRange,
  assertOneOf,
  assertPositive,
  assertPositiveInteger,
  MeanfieldError,
} from "../src/index.js";

function caught(fn: () => unknown): MeanfieldError {
  try {
    fn();
  } catch (e) {
    return e as MeanfieldError;
  }
  throw new Error("expected a throw");
}

describe("validation helpers", () => {
  it("reject NaN and infinities, naming the parameter", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, "1", undefined]) {
      const e = caught(() => assertFinite(bad, "sigma"));
      expect(e).toBeInstanceOf(MeanfieldError);
      expect(e.code).toBe("INVALID_ARGUMENT");
      expect(e.parameter).toBe("sigma");
      expect(e.message).toMatch(/^sigma must be a finite number/);
    }
    expect(assertFinite(-0, "x")).toBe(-0);
  });

  it("reject non-positive sizes and non-integers", () => {
    expect(() => assertPositiveInteger(0, "n")).toThrow(/n must be an integer ≥ 1; got 0/);
    expect(() => assertPositiveInteger(-3, "n")).toThrow(/got -3/);
    expect(() => assertPositiveInteger(2.5, "d")).toThrow(/d must be an integer/);
    expect(assertPositiveInteger(7, "d")).toBe(7);
    expect(() => assertPositive(0, "alpha")).toThrow(/alpha must be a finite number > 0/);
  });

  it("respect open and closed range ends", () => {
    expect(assertInRange(1, "rho", 0, 1, { lowerOpen: true })).toBe(1);
    expect(() => assertInRange(0, "rho", 0, 1, { lowerOpen: true })).toThrow(
      /rho must be a number in \(0, 1\]/,
    );
    expect(() => assertInRange(Number.NaN, "rho", 0, 1)).toThrow(/got NaN/);
  });

  it("name the offending entry of an array and the allowed choices", () => {
    expect(() => assertFiniteArray([1, Number.NaN], "wStar")).toThrow(/wStar\[1\] must be a finite number/);
    expect(caught(() => assertFiniteArray([1, 2], "y", 3)).code).toBe("SHAPE_MISMATCH");
    expect(() => assertOneOf("relu2", "activation", ["relu", "erf"])).toThrow(
      /one of "relu", "erf"; got "relu2"/,
    );
  });
});
