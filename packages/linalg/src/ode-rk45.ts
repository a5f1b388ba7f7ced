import {
  assertFinite,
  assertFiniteArray,
  assertPositive,
  assertPositiveInteger,
  invalidArgument,
} from "./validate.js";

/** Right-hand side of y' = f(t, y): writes f(t, y) into `dydt` (no allocation expected). */
export type OdeRhs = (t: number, y: Float64Array, dydt: Float64Array) => void;

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

/*
 * Dormand–Prince 5(4) (Dormand & Prince 1980; Hairer, Nørsett & Wanner, Solving ODEs I, §II.5),
 * local extrapolation (the 5th-order solution is propagated), FSAL, error norm
 * ‖e_i/(atol + rtol·max(|y_i|, |y_i^new|))‖_RMS ≤ 1, step factor 0.9·err^{−1/5} clipped to [0.2, 10].
 * Output at the requested times comes from the 4th-order continuous extension of Shampine (1986)
 * (the same as scipy's RK45), so output times do not restrict the step size.
 */

const C2 = 1 / 5;
const C3 = 3 / 10;
const C4 = 4 / 5;
const C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40;
const A32 = 9 / 40;
const A41 = 44 / 45;
const A42 = -56 / 15;
const A43 = 32 / 9;
const A51 = 19372 / 6561;
const A52 = -25360 / 2187;
const A53 = 64448 / 6561;
const A54 = -212 / 729;
const A61 = 9017 / 3168;
const A62 = -355 / 33;
const A63 = 46732 / 5247;
const A64 = 49 / 176;
const A65 = -5103 / 18656;
const B1 = 35 / 384;
const B3 = 500 / 1113;
const B4 = 125 / 192;
const B5 = -2187 / 6784;
const B6 = 11 / 84;
// E = b(5th) − b̂(4th); stage 7 is f(t+h, y_new) (FSAL).
const E1 = 71 / 57600;
const E3 = -71 / 16695;
const E4 = 71 / 1920;
const E5 = -17253 / 339200;
const E6 = 22 / 525;
const E7 = -1 / 40;
// Dense output: y(t + σh) = y + h Σ_i k_i (P_i1 σ + P_i2 σ² + P_i3 σ³ + P_i4 σ⁴) (Shampine 1986).
const P = [
  [1, -8048581381 / 2820520608, 8663915743 / 2820520608, -12715105075 / 11282082432],
  [0, 0, 0, 0],
  [0, 131558114200 / 32700410799, -68118460800 / 10900136933, 87487479700 / 32700410799],
  [0, -1754552775 / 470086768, 14199869525 / 1410260304, -10690763975 / 1880347072],
  [0, 127303824393 / 49829197408, -318862633887 / 49829197408, 701980252875 / 199316789632],
  [0, -282668133 / 205662961, 2019193451 / 616988883, -1453857185 / 822651844],
  [0, 40617522 / 29380423, -110615467 / 29380423, 69997945 / 29380423],
];

/**
 * Integrates y' = f(t, y) from t0 with y(t0) = y0 and returns the state at each time of `tOut`
 * (non-decreasing, tOut[0] ≥ t0), by adaptive Dormand–Prince 5(4) with dense output. The state lives
 * in preallocated Float64Arrays; f must write into `dydt` and must not keep `y`.
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
  const y = Float64Array.from(y0);
  const yNew = new Float64Array(n);
  const tmp = new Float64Array(n);
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const k5 = new Float64Array(n);
  const k6 = new Float64Array(n);
  const k7 = new Float64Array(n);
  const K = [k1, k2, k3, k4, k5, k6, k7];

  let evaluations = 0;
  let steps = 0;
  let rejected = 0;
  let t = t0;
  let next = 0;
  // Outputs at t0 itself.
  while (next < nOut && times[next] === t0) {
    out.set(y, next * n);
    next++;
  }
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

  const tEnd = times[nOut - 1];
  f(t, y, k1);
  evaluations++;
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(k1[i])) return result(false, `f returned a non-finite value at t = ${t}`);

  const scaledNorm = (v: Float64Array, ref1: Float64Array, ref2?: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const sc = atol + rtol * Math.max(Math.abs(ref1[i]), ref2 === undefined ? 0 : Math.abs(ref2[i]));
      const q = v[i] / sc;
      s += q * q;
    }
    return n === 0 ? 0 : Math.sqrt(s / n);
  };

  let h: number;
  if (options.h0 !== undefined) h = assertPositive(options.h0, "h0");
  else {
    // Hairer, Nørsett & Wanner, §II.4 "starting step size".
    const d0 = scaledNorm(y, y);
    const d1 = scaledNorm(k1, y);
    let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
    h0 = Math.min(h0, tEnd - t);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h0 * k1[i];
    f(t + h0, tmp, k2);
    evaluations++;
    for (let i = 0; i < n; i++) k3[i] = (k2[i] - k1[i]) / h0;
    const d2 = scaledNorm(k3, y);
    const h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / 5);
    h = Math.min(100 * h0, h1, tEnd - t);
    if (!(h > 0)) h = tEnd - t;
  }

  let justRejected = false;
  let attempts = 0;
  while (next < nOut) {
    if (attempts >= maxSteps)
      return result(false, `maximum number of steps (${maxSteps}) reached at t = ${t}`);
    attempts++;
    const hMin = 16 * Number.EPSILON * Math.max(Math.abs(t), 1e-300);
    if (h < hMin) return result(false, `step size underflow (h = ${h}) at t = ${t}`);
    if (t + h > tEnd) h = tEnd - t;

    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * A21 * k1[i];
    f(t + C2 * h, tmp, k2);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
    f(t + C3 * h, tmp, k3);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
    f(t + C4 * h, tmp, k4);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
    f(t + C5 * h, tmp, k5);
    for (let i = 0; i < n; i++)
      tmp[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
    const tNew = t + h === tEnd || h === tEnd - t ? tEnd : t + h;
    f(tNew, tmp, k6);
    for (let i = 0; i < n; i++)
      yNew[i] = y[i] + h * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
    f(tNew, yNew, k7);
    evaluations += 6;

    let finite = true;
    for (let i = 0; i < n; i++) {
      tmp[i] = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
      if (!Number.isFinite(tmp[i]) || !Number.isFinite(yNew[i])) finite = false;
    }
    const err = finite ? scaledNorm(tmp, y, yNew) : Number.POSITIVE_INFINITY;
    if (!(err <= 1)) {
      rejected++;
      justRejected = true;
      h *= finite ? Math.max(0.2, 0.9 * err ** -0.2) : 0.25;
      continue;
    }
    steps++;
    // Dense output for every requested time in (t, tNew].
    while (next < nOut && times[next] <= tNew) {
      const tq = times[next];
      const row = next * n;
      if (tq === tNew) out.set(yNew, row);
      else {
        const s = (tq - t) / h;
        const s2 = s * s;
        const s3 = s2 * s;
        const s4 = s3 * s;
        for (let i = 0; i < n; i++) {
          let acc = 0;
          for (let j = 0; j < 7; j++) {
            const pj = P[j];
            const q = pj[0] * s + pj[1] * s2 + pj[2] * s3 + pj[3] * s4;
            if (q !== 0) acc += K[j][i] * q;
          }
          out[row + i] = y[i] + h * acc;
        }
      }
      next++;
    }
    t = tNew;
    y.set(yNew);
    k1.set(k7); // FSAL
    if (onProgress !== undefined && onProgress(t) === false)
      return result(false, `stopped by onProgress at t = ${t}`);
    // No growth right after a rejection (Hairer's safeguard against oscillating step sizes).
    const factor = err === 0 ? 10 : Math.min(10, Math.max(0.2, 0.9 * err ** -0.2));
    h *= justRejected ? Math.min(1, factor) : factor;
    justRejected = false;
  }
  return result(true, "all output times reached");
}
