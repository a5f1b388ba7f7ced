import { assertVector } from "./dense.js";
import type { OdeRhs } from "./ode-rk45.js";
import { assertFinite, assertFiniteArray, assertPositiveInteger, invalidArgument } from "./validate.js";

/**
 * Classical fixed-step 4th-order Runge–Kutta from t0 to t1 in `steps` equal steps; returns the final
 * state in `out` (may be y0 itself, for in-place integration) or a new array. Global error O(h⁴).
 * `options.onProgress(t)` is called after each step; returning false stops early (the state at that
 * time is returned and `options.onProgress` is told nothing more).
 */
export function rk4(
  f: OdeRhs,
  y0: Float64Array,
  t0: number,
  t1: number,
  steps: number,
  out?: Float64Array,
  // biome-ignore lint/suspicious/noConfusingVoidType: the callback may return nothing or false
  options: { onProgress?: (t: number) => void | boolean } = {},
): Float64Array {
  if (typeof f !== "function") throw invalidArgument("f", "a function", f);
  assertFiniteArray(y0, "y0");
  assertFinite(t0, "t0");
  assertFinite(t1, "t1");
  assertPositiveInteger(steps, "steps");
  const n = y0.length;
  const y = out === undefined ? new Float64Array(n) : assertVector(out, "out", n);
  if (y !== y0) y.set(y0);
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const tmp = new Float64Array(n);
  const h = (t1 - t0) / steps;
  for (let s = 0; s < steps; s++) {
    // t from the step index, not by accumulation, so the last step ends exactly at t1.
    const t = t0 + s * h;
    f(t, y, k1);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + 0.5 * h * k1[i];
    f(t + 0.5 * h, tmp, k2);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + 0.5 * h * k2[i];
    f(t + 0.5 * h, tmp, k3);
    const tn = s === steps - 1 ? t1 : t0 + (s + 1) * h;
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * k3[i];
    f(tn, tmp, k4);
    for (let i = 0; i < n; i++) y[i] += (h / 6) * (k1[i] + 2 * (k2[i] + k3[i]) + k4[i]);
    if (options.onProgress !== undefined && options.onProgress(tn) === false) break;
  }
  return y;
}
