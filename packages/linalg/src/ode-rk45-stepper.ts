import { MeanfieldError } from "./errors.js";
import {
  assertFinite,
  assertFiniteArray,
  assertPositive,
  assertPositiveInteger,
  invalidArgument,
} from "./validate.js";

/** Right-hand side of y' = f(t, y): writes f(t, y) into `dydt` (no allocation expected). */
export type OdeRhs = (t: number, y: Float64Array, dydt: Float64Array) => void;

export interface Rk45StepperOptions {
  /** Relative tolerance (default 1e-6). */
  rtol?: number;
  /** Absolute tolerance (default 1e-9). */
  atol?: number;
  /** First trial step (default: Hairer–Nørsett–Wanner's automatic choice). */
  h0?: number;
  /** The stepper never steps past tBound (default +∞); its status is "finished" once t = tBound. */
  tBound?: number;
  /** Attempted steps (accepted + rejected) over the stepper's life before it fails (default unlimited). */
  maxSteps?: number;
}

/** "running": step() may be called; "finished": t reached tBound; "failed": see `message`. */
export type Rk45Status = "running" | "finished" | "failed";

/**
 * An adaptive Dormand–Prince 5(4) integrator advanced one accepted step at a time, in the model of
 * scipy's `OdeSolver`: `step()`, the current `t` and `y`, and `interpolate(τ)` for τ in the last step.
 */
export interface Rk45Stepper {
  /** Current time. */
  readonly t: number;
  /** Current state: a view that the next step overwrites (copy it to keep it). */
  readonly y: Float64Array;
  /** Start of the last accepted step (= t before the first step). */
  readonly tPrev: number;
  /** The step size the next attempt will use. */
  readonly h: number;
  readonly status: Rk45Status;
  /** Why the stepper stopped ("" while running). */
  readonly message: string;
  /** Accepted steps. */
  readonly steps: number;
  /** Rejected attempts. */
  readonly rejected: number;
  /** Evaluations of f. */
  readonly evaluations: number;
  /**
   * Takes one accepted step (retrying rejected attempts with smaller steps). Returns false without
   * stepping when the stepper has finished or fails now (step size underflow, non-finite f, maxSteps).
   */
  step(): boolean;
  /**
   * The state at time τ in [tPrev, t] from the continuous extension of the last accepted step
   * (4th order, Shampine 1986; exactly y at τ = t), into `out` (length dim) or a new array.
   */
  interpolate(tau: number, out?: Float64Array): Float64Array;
}

/*
 * Dormand–Prince 5(4) (Dormand & Prince 1980; Hairer, Nørsett & Wanner, Solving ODEs I, §II.5),
 * local extrapolation (the 5th-order solution is propagated), FSAL, error norm
 * ‖e_i/(atol + rtol·max(|y_i|, |y_i^new|))‖_RMS ≤ 1, step factor 0.9·err^{−1/5} clipped to [0.2, 10].
 * Dense output is the 4th-order continuous extension of Shampine (1986), the same as scipy's RK45,
 * so output times do not restrict the step size.
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

class DormandPrinceStepper implements Rk45Stepper {
  t: number;
  y: Float64Array;
  tPrev: number;
  h = 0;
  status: Rk45Status = "running";
  message = "";
  steps = 0;
  rejected = 0;
  evaluations = 0;
  private readonly f: OdeRhs;
  private readonly n: number;
  private readonly rtol: number;
  private readonly atol: number;
  private readonly tBound: number;
  private readonly maxSteps: number;
  private attempts = 0;
  private justRejected = false;
  /** State at tPrev (the buffer the next step computes its y_new into). */
  private yPrev: Float64Array;
  private readonly tmp: Float64Array;
  /** Stages of the last accepted step; k1 ↔ k7 swap at the next step (FSAL). */
  private readonly k: Float64Array[];
  private fsalPending = false;
  /** The step size the last accepted step took (tPrev + hLast = t, up to the clamp at tBound). */
  private hLast = 0;
  private denseValid = false;

  constructor(f: OdeRhs, t0: number, y0: Float64Array, options: Rk45StepperOptions) {
    this.f = f;
    this.n = y0.length;
    this.rtol = options.rtol === undefined ? 1e-6 : assertPositive(options.rtol, "rtol");
    this.atol = options.atol === undefined ? 1e-9 : assertPositive(options.atol, "atol");
    this.maxSteps =
      options.maxSteps === undefined
        ? Number.POSITIVE_INFINITY
        : assertPositiveInteger(options.maxSteps, "maxSteps");
    if (options.tBound === undefined) this.tBound = Number.POSITIVE_INFINITY;
    else {
      if (typeof options.tBound !== "number" || Number.isNaN(options.tBound) || options.tBound < t0)
        throw invalidArgument("tBound", `a number ≥ t0 = ${t0}`, options.tBound);
      this.tBound = options.tBound;
    }
    const n = this.n;
    this.t = t0;
    this.tPrev = t0;
    this.y = Float64Array.from(y0);
    this.yPrev = new Float64Array(n);
    this.tmp = new Float64Array(n);
    this.k = Array.from({ length: 7 }, () => new Float64Array(n));
    if (t0 === this.tBound) {
      this.status = "finished";
      this.message = `reached tBound = ${this.tBound}`;
      return;
    }
    const [k1, k2, k3] = this.k;
    const y = this.y;
    const t = t0;
    f(t, y, k1);
    this.evaluations++;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(k1[i])) {
        this.fail(`f returned a non-finite value at t = ${t}`);
        return;
      }
    }
    if (options.h0 !== undefined) this.h = assertPositive(options.h0, "h0");
    else {
      // Hairer, Nørsett & Wanner, §II.4 "starting step size".
      const tmp = this.tmp;
      const span = this.tBound - t;
      const d0 = this.scaledNorm(y, y);
      const d1 = this.scaledNorm(k1, y);
      let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
      h0 = Math.min(h0, span);
      for (let i = 0; i < n; i++) tmp[i] = y[i] + h0 * k1[i];
      f(t + h0, tmp, k2);
      this.evaluations++;
      for (let i = 0; i < n; i++) k3[i] = (k2[i] - k1[i]) / h0;
      const d2 = this.scaledNorm(k3, y);
      const h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / 5);
      this.h = Math.min(100 * h0, h1, span);
      if (!(this.h > 0)) this.h = span;
    }
  }

  private fail(message: string): void {
    this.status = "failed";
    this.message = message;
    this.denseValid = false;
  }

  private scaledNorm(v: Float64Array, ref1: Float64Array, ref2?: Float64Array): number {
    const { n, atol, rtol } = this;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const sc = atol + rtol * Math.max(Math.abs(ref1[i]), ref2 === undefined ? 0 : Math.abs(ref2[i]));
      const q = v[i] / sc;
      s += q * q;
    }
    return n === 0 ? 0 : Math.sqrt(s / n);
  }

  step(): boolean {
    if (this.status !== "running") return false;
    const { f, n, tBound, tmp } = this;
    const K = this.k;
    if (this.fsalPending) {
      // FSAL: the last stage of the accepted step is the first of the next.
      const last = K[6];
      K[6] = K[0];
      K[0] = last;
      this.fsalPending = false;
    }
    const [k1, k2, k3, k4, k5, k6, k7] = K;
    const y = this.y;
    const yNew = this.yPrev;
    const t = this.t;
    let h = this.h;
    for (;;) {
      if (this.attempts >= this.maxSteps) {
        this.fail(`maximum number of steps (${this.maxSteps}) reached at t = ${t}`);
        return false;
      }
      this.attempts++;
      const hMin = 16 * Number.EPSILON * Math.max(Math.abs(t), 1e-300);
      if (h < hMin) {
        this.fail(`step size underflow (h = ${h}) at t = ${t}`);
        return false;
      }
      if (t + h > tBound) h = tBound - t;
      this.denseValid = false;

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
      const tNew = t + h === tBound || h === tBound - t ? tBound : t + h;
      f(tNew, tmp, k6);
      for (let i = 0; i < n; i++)
        yNew[i] = y[i] + h * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
      f(tNew, yNew, k7);
      this.evaluations += 6;

      let finite = true;
      for (let i = 0; i < n; i++) {
        tmp[i] = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
        if (!Number.isFinite(tmp[i]) || !Number.isFinite(yNew[i])) finite = false;
      }
      const err = finite ? this.scaledNorm(tmp, y, yNew) : Number.POSITIVE_INFINITY;
      if (!(err <= 1)) {
        this.rejected++;
        this.justRejected = true;
        h *= finite ? Math.max(0.2, 0.9 * err ** -0.2) : 0.25;
        continue;
      }
      this.steps++;
      this.tPrev = t;
      this.t = tNew;
      this.hLast = h;
      this.yPrev = y;
      this.y = yNew;
      this.fsalPending = true;
      this.denseValid = true;
      // No growth right after a rejection (Hairer's safeguard against oscillating step sizes).
      const factor = err === 0 ? 10 : Math.min(10, Math.max(0.2, 0.9 * err ** -0.2));
      this.h = h * (this.justRejected ? Math.min(1, factor) : factor);
      this.justRejected = false;
      if (tNew === tBound) {
        this.status = "finished";
        this.message = `reached tBound = ${tBound}`;
      }
      return true;
    }
  }

  interpolate(tau: number, out?: Float64Array): Float64Array {
    const n = this.n;
    if (!this.denseValid) {
      throw new MeanfieldError(
        "INVALID_ARGUMENT",
        "interpolate needs an accepted step: call step() first (and not after a failed one)",
        { parameter: "tau" },
      );
    }
    assertFinite(tau, "tau");
    if (tau < this.tPrev || tau > this.t)
      throw invalidArgument("tau", `in the last step [${this.tPrev}, ${this.t}]`, tau);
    const o = out === undefined ? new Float64Array(n) : assertFiniteLength(out, n);
    if (tau === this.t) {
      o.set(this.y);
      return o;
    }
    const K = this.k;
    const y = this.yPrev;
    const h = this.hLast;
    const s = (tau - this.tPrev) / h;
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
      o[i] = y[i] + h * acc;
    }
    return o;
  }
}

function assertFiniteLength(out: Float64Array, n: number): Float64Array {
  if (!(out instanceof Float64Array)) throw invalidArgument("out", "a Float64Array", out);
  if (out.length !== n) {
    throw new MeanfieldError("SHAPE_MISMATCH", `out must have length ${n}; got ${out.length}`, {
      parameter: "out",
      details: { expected: n, actual: out.length },
    });
  }
  return out;
}

/**
 * A Dormand–Prince 5(4) stepper for y' = f(t, y) from y(t0) = y0 (see Rk45Stepper). f must write into
 * `dydt` and must not keep `y`. f is evaluated at t0 here (and once more for the automatic first
 * step); a non-finite f(t0, y0) leaves the stepper "failed". The DLN gradient flow (apps/docs/docs/theory/dln.md,
 * "Gradient flow") runs one stepper over all its output times; `rk45` is a driver over it.
 */
export function createRk45Stepper(
  f: OdeRhs,
  t0: number,
  y0: Float64Array | number[],
  options: Rk45StepperOptions = {},
): Rk45Stepper {
  if (typeof f !== "function") throw invalidArgument("f", "a function", f);
  assertFinite(t0, "t0");
  return new DormandPrinceStepper(f, t0, assertFiniteArray(y0, "y0"), options);
}
