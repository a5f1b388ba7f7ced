import { MeanfieldError } from "./errors.js";

/**
 * Validation helpers shared by every package. Each throws a MeanfieldError with code
 * INVALID_ARGUMENT whose message names the parameter, the allowed range and the value received,
 * and returns the value so that calls compose: `const n = assertPositiveInteger(p.n, "n")`.
 */

function describe(value: unknown): string {
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as Float64Array).length})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  return typeof value;
}

export function invalidArgument(name: string, expected: string, value: unknown): MeanfieldError {
  return new MeanfieldError("INVALID_ARGUMENT", `${name} must be ${expected}; got ${describe(value)}`, {
    parameter: name,
    details: { expected, value: describe(value) },
  });
}

/** A finite number (not NaN, not ±Infinity). */
export function assertFinite(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw invalidArgument(name, "a finite number", value);
  return value;
}

/** A finite number > 0. */
export function assertPositive(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw invalidArgument(name, "a finite number > 0", value);
  }
  return value;
}

/** A finite number ≥ 0. */
export function assertNonNegative(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw invalidArgument(name, "a finite number ≥ 0", value);
  }
  return value;
}

/** An integer (safe) ≥ min (default 0). */
export function assertInteger(value: unknown, name: string, min = Number.MIN_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    const range = min === Number.MIN_SAFE_INTEGER ? "an integer" : `an integer ≥ ${min}`;
    throw invalidArgument(name, range, value);
  }
  return value;
}

/** An integer ≥ 1. */
export function assertPositiveInteger(value: unknown, name: string): number {
  return assertInteger(value, name, 1);
}

/**
 * A finite number in a range. `lower`/`upper` bounds are inclusive unless marked open,
 * e.g. assertInRange(rho, "rho", 0, 1, { lowerOpen: true }) accepts (0, 1].
 */
export function assertInRange(
  value: unknown,
  name: string,
  lower: number,
  upper: number,
  open: { lowerOpen?: boolean; upperOpen?: boolean } = {},
): number {
  const lo = open.lowerOpen ? "(" : "[";
  const hi = open.upperOpen ? ")" : "]";
  const expected = `a number in ${lo}${lower}, ${upper}${hi}`;
  if (typeof value !== "number" || Number.isNaN(value)) throw invalidArgument(name, expected, value);
  const belowOk = open.lowerOpen ? value > lower : value >= lower;
  const aboveOk = open.upperOpen ? value < upper : value <= upper;
  if (!belowOk || !aboveOk) throw invalidArgument(name, expected, value);
  return value;
}

/** One of a fixed set of strings. */
export function assertOneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw invalidArgument(name, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`, value);
  }
  return value as T;
}

/** A Float64Array (or number array, copied) whose entries are all finite, optionally of a given length. */
export function assertFiniteArray(value: unknown, name: string, length?: number): Float64Array {
  let arr: Float64Array;
  if (value instanceof Float64Array) arr = value;
  else if (Array.isArray(value) && value.every((v) => typeof v === "number")) arr = Float64Array.from(value);
  else throw invalidArgument(name, "a Float64Array or an array of numbers", value);
  if (length !== undefined && arr.length !== length) {
    throw new MeanfieldError("SHAPE_MISMATCH", `${name} must have length ${length}; got ${arr.length}`, {
      parameter: name,
      details: { expected: length, actual: arr.length },
    });
  }
  for (let i = 0; i < arr.length; i++) {
    if (!Number.isFinite(arr[i])) throw invalidArgument(`${name}[${i}]`, "a finite number", arr[i]);
  }
  return arr;
}

/** Throws SHAPE_MISMATCH naming the parameter when `actual !== expected`. */
export function assertSameLength(actual: number, expected: number, name: string): void {
  if (actual !== expected) {
    throw new MeanfieldError("SHAPE_MISMATCH", `${name} must have length ${expected}; got ${actual}`, {
      parameter: name,
      details: { expected, actual },
    });
  }
}
