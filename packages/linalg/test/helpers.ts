import { expect } from "vitest";
import { MeanfieldError } from "../src/index.js";

/** The MeanfieldError thrown by fn (fails the test if fn does not throw one). */
export function caught(fn: () => unknown): MeanfieldError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MeanfieldError);
    return e as MeanfieldError;
  }
  throw new Error("expected a MeanfieldError to be thrown");
}

/** |a − b| / |b| (or |a − b| when b = 0). */
export function relErr(a: number, b: number): number {
  return b === 0 ? Math.abs(a - b) : Math.abs((a - b) / b);
}
