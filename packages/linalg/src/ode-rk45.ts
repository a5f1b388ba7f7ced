import { createRk45Stepper, type OdeRhs } from "./ode-rk45-stepper.js";
import {
  assertFinite,
  assertFiniteArray,
  assertPositive,
  assertPositiveInteger,
  invalidArgument,
} from "./validate.js";

export type { OdeRhs } from "./ode-rk45-stepper.js";

export interface Rk45Options {
  /** Initial time (default tOut[0]). */
  t0?: number;
  /** Relative tolerance (default 1e-6). */
  rtol?: number;
  /** Absolute tolerance (default 1e-9). */
  atol?: number;
  /** First trial step (default: Hairer–Nørsett–Wanner's automatic choice). */
  h0?: number;
  /** Maximum number of attempted steps (default 100 000). */
  maxSteps?: number;
  /** Called after each accepted step with the new time; returning false stops the integration. */
  // biome-ignore lint/suspicious/noConfusingVoidType: the API contract lets callbacks return nothing or false
  onProgress?: (t: number) => void | boolean;
}

export interface Rk45Result {
  /** The requested output times. */
  t: Float64Array;
  /** Flat tOut.length × dim array; row i is the state at t[i] (NaN rows past a failure). */
  y: Float64Array;
  steps: number;
  rejected: number;
  evaluations: number;
  converged: boolean;
  message: string;
}

/**
 * Integrates y' = f(t, y) from t0 with y(t0) = y0 and returns the state at each time of `tOut`
 * (non-decreasing, tOut[0] ≥ t0): a driver over `createRk45Stepper` (adaptive Dormand–Prince 5(4))
 * bounded at the last output time, reading the outputs from its dense output. The state lives in
 * preallocated Float64Arrays; f must write into `dydt` and must not keep `y`.
 * Returns `converged: false` with a message (rows not reached are NaN) when the step size underflows,
 * f produces non-finite values, maxSteps is exhausted or onProgress returns false.
 */
export function rk45(
  f: OdeRhs,
  y0: Float64Array,
  tOut: ArrayLike<number>,
  options: Rk45Options = {},
): Rk45Result {
  if (typeof f !== "function") throw invalidArgument("f", "a function", f);
  assertFiniteArray(y0, "y0");
  if (typeof tOut !== "object" || tOut === null || typeof tOut.length !== "number" || tOut.length < 1) {
    throw invalidArgument("tOut", "a non-empty array of times", tOut);
  }
  const nOut = tOut.length;
  const times = new Float64Array(nOut);
  for (let i = 0; i < nOut; i++) {
    times[i] = assertFinite(tOut[i], `tOut[${i}]`);
    if (i > 0 && times[i] < times[i - 1])
      throw invalidArgument(`tOut[${i}]`, `≥ tOut[${i - 1}] = ${times[i - 1]} (non-decreasing)`, times[i]);
  }
  const t0 = options.t0 === undefined ? times[0] : assertFinite(options.t0, "t0");
  if (times[0] < t0) throw invalidArgument("tOut[0]", `≥ t0 = ${t0}`, times[0]);
  const rtol = options.rtol === undefined ? 1e-6 : assertPositive(options.rtol, "rtol");
  const atol = options.atol === undefined ? 1e-9 : assertPositive(options.atol, "atol");
  const maxSteps =
    options.maxSteps === undefined ? 100000 : assertPositiveInteger(options.maxSteps, "maxSteps");
  const onProgress = options.onProgress;
  if (onProgress !== undefined && typeof onProgress !== "function")
    throw invalidArgument("onProgress", "a function", onProgress);

  const n = y0.length;
  const out = new Float64Array(nOut * n).fill(Number.NaN);
  let next = 0;
  // Outputs at t0 itself.
  while (next < nOut && times[next] === t0) {
    out.set(y0, next * n);
    next++;
  }
  let steps = 0;
  let rejected = 0;
  let evaluations = 0;
  const result = (converged: boolean, message: string): Rk45Result => ({
    t: times,
    y: out,
    steps,
    rejected,
    evaluations,
    converged,
    message,
  });
  if (next === nOut) return result(true, "all output times reached");

  const stepper = createRk45Stepper(f, t0, y0, {
    rtol,
    atol,
    tBound: times[nOut - 1],
    maxSteps,
    ...(options.h0 === undefined ? {} : { h0: options.h0 }),
  });
  const sync = (): void => {
    steps = stepper.steps;
    rejected = stepper.rejected;
    evaluations = stepper.evaluations;
  };
  while (next < nOut) {
    if (!stepper.step()) {
      sync();
      return result(false, stepper.message);
    }
    const t = stepper.t;
    // Dense output for every requested time in (tPrev, t].
    while (next < nOut && times[next] <= t) {
      stepper.interpolate(times[next], out.subarray(next * n, (next + 1) * n));
      next++;
    }
    if (onProgress !== undefined && onProgress(t) === false) {
      sync();
      return result(false, `stopped by onProgress at t = ${t}`);
    }
  }
  sync();
  return result(true, "all output times reached");
}
