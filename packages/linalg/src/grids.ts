import { MeanfieldError } from "./errors.js";
import { assertFinite, assertInteger } from "./validate.js";

/** n evenly spaced points from a to b inclusive (exact end-points; n = 1 gives [a]). */
export function linspace(a: number, b: number, n: number): Float64Array {
  assertFinite(a, "a");
  assertFinite(b, "b");
  assertInteger(n, "n", 0);
  const out = new Float64Array(n);
  if (n === 0) return out;
  if (n === 1) {
    out[0] = a;
    return out;
  }
  const step = (b - a) / (n - 1);
  for (let i = 0; i < n; i++) out[i] = a + i * step;
  out[n - 1] = b;
  return out;
}

/** n points 10^e for e evenly spaced from log10a to log10b (numpy.logspace). */
export function logspace(log10a: number, log10b: number, n: number): Float64Array {
  const e = linspace(log10a, log10b, n);
  for (let i = 0; i < n; i++) e[i] = 10 ** e[i];
  return e;
}

/** n points in geometric progression from a to b inclusive (a, b non-zero, same sign; numpy.geomspace). */
export function geomspace(a: number, b: number, n: number): Float64Array {
  assertFinite(a, "a");
  assertFinite(b, "b");
  assertInteger(n, "n", 0);
  if (a === 0 || b === 0 || a > 0 !== b > 0) {
    throw new MeanfieldError(
      "INVALID_ARGUMENT",
      `a and b must be non-zero with the same sign; got a = ${a}, b = ${b}`,
      {
        parameter: a === 0 ? "a" : "b",
      },
    );
  }
  const sign = a > 0 ? 1 : -1;
  const la = Math.log(Math.abs(a));
  const lb = Math.log(Math.abs(b));
  const e = linspace(la, lb, n);
  for (let i = 0; i < n; i++) e[i] = sign * Math.exp(e[i]);
  if (n > 0) {
    e[0] = a;
    e[n - 1] = b;
  }
  return e;
}
