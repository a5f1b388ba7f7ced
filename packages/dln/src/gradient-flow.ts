import {
  createParallelGradient,
  createRk45Stepper,
  invalidArgument,
  type OdeRhs,
  type Rk45Stepper,
} from "@meanfield/linalg";
import { createDlnData, type DlnData } from "./data.js";
import { defaultGradientThreads } from "./gradient-threads.js";
import {
  computeMetrics,
  createMetricSeries,
  type DlnMetrics,
  type MetricSeries,
  truncateMetricSeries,
  writeMetrics,
} from "./metrics.js";
import { engineRate } from "./parametrization.js";
import { alphaSquared, type DlnParams, type ResolvedDlnParams, validateDlnParams } from "./params.js";
import { logTimeGrid, validateTimes } from "./time-grid.js";
import { mobilityTruncated, truncationKnee, wFromPhiTruncated } from "./truncation.js";
import { versions } from "./version.js";

/** Variables the flow is integrated in (theory/dln.md, "Gradient flow": whichever form is more stable). */
export type FlowIntegrator = "mirror" | "uv";

/** Progress report, after each output time. Return false from onProgress to stop early. */
export interface FlowProgress {
  /** Index of the output time just reached. */
  index: number;
  t: number;
  /** t / (last output time). */
  fraction: number;
  metrics: DlnMetrics;
}

export interface GradientFlowOptions {
  /** Output times (increasing, ≥ 0). Default: t = 0 then `nTimes − 1` log-spaced times up to T. */
  times?: ArrayLike<number>;
  /** Number of default output times (default 121). */
  nTimes?: number;
  /** First non-zero default output time (default min(1e-2, T/100)). */
  tMin?: number;
  /** RK45 relative tolerance (default 1e-8). */
  rtol?: number;
  /** RK45 absolute tolerance (default 1e-10). */
  atol?: number;
  /**
   * "mirror" (default): integrate φ = ¼ asinh(w/(2alpha²)), where dφ/dt = g exactly (stable for tiny alpha,
   * u v = alpha² holds by construction; conservedDrift is then the energy-balance check). "uv": integrate
   * the network parameters themselves (conservedDrift = max_i |u_i v_i − alpha_i²| / alpha_i²).
   * Ignored by model "linear". A finite `truncation` needs "mirror" (the truncated DLN is defined by
   * its mirror map, theory/dln.md, "Truncated DLN").
   */
  integrator?: FlowIntegrator;
  /** |w_i| above this counts as active (default 1e-3). */
  activeThreshold?: number;
  /** Maximum RK45 steps (accepted + rejected) per output interval, checked between steps (default 1e6). */
  maxSteps?: number;
  /** Keep a copy of w at every output time (default false). */
  recordW?: boolean;
  /** Reuse already drawn data (must come from the same params). */
  data?: DlnData;
  /**
   * Threads for each gradient evaluation: the design's rows in fixed blocks over a persistent pool
   * of worker threads sharing one memory (linalg's createParallelGradient); the numbers are
   * bit-identical for any count. Default defaultGradientThreads(n, d): 1 below n·d = 2²⁰, else
   * the cores (at most 4). simulateSeeds with workers > 1 defaults it to 1 (seeds in parallel).
   */
  threads?: number;
  onProgress?: (p: FlowProgress) => unknown;
}

/** A gradient-flow trajectory: metric series on the output grid plus the final state. */
export interface GradientFlowResult extends MetricSeries {
  times: Float64Array;
  /** w at the last output time reached. */
  w: Float64Array;
  wStar?: Float64Array;
  /** Copies of w at each output time when recordW was set. */
  trajectory?: Float64Array[];
  params: ResolvedDlnParams;
  seed: number | string;
  /** The @meanfield package versions it was computed with (`versions()`). */
  versions: Record<string, string>;
  integrator: FlowIntegrator | "linear";
  /** True when the integrator reached the last output time without failing and was not stopped. */
  converged: boolean;
  /** True when onProgress returned false. */
  stopped: boolean;
  message: string;
  steps: number;
  rejected: number;
  evaluations: number;
}

interface FlowSystem {
  dim: number;
  y0: Float64Array;
  rhs: OdeRhs;
  /** Writes w(state) into w. */
  weights(state: Float64Array, w: Float64Array): void;
  /** The conserved-quantity check; r is the residual at `state`. */
  drift(state: Float64Array, r: Float64Array): number;
  /** r = y − Xw at a given w (the metrics at an output time), through the same kernel. */
  residualAt(w: Float64Array, r: Float64Array): void;
  /** Ends the gradient's worker threads. */
  close(): void;
}

function halfSquaredNorm(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s / 2;
}

/**
 * Builds the ODE system. All buffers are allocated here once; the RHS allocates nothing (hot loop:
 * r = y − Xw and g = Xᵀr in one pass over X per evaluation, theory/dln.md, "Gradient flow").
 */
function createFlowSystem(
  p: ResolvedDlnParams,
  data: DlnData,
  integrator: FlowIntegrator,
  threads: number,
): FlowSystem {
  const d = p.d;
  const n = p.n;
  // X, y and the work vectors in one shared memory: the fused WebAssembly SIMD kernel reads X
  // once per evaluation, over fixed row blocks on `threads` threads (linalg's
  // createParallelGradient; JavaScript twin where WebAssembly is missing)
  const pg = createParallelGradient(n, d, { threads });
  pg.setDesign(data.X.data);
  pg.y.set(data.y);
  const { y, w, g } = pg;
  const close = (): void => pg.close();
  const residual = (): void => pg.evaluate();
  const residualAt = (wOut: Float64Array, rOut: Float64Array): void => {
    w.set(wOut);
    pg.evaluate();
    rOut.set(pg.r);
  };
  const L0 = halfSquaredNorm(y) || 1;
  // Energy balance: L(t) + ∫ Σ mobility_i g_i² = L(0), integrated as an extra state component.
  const energyDrift = (state: Float64Array, rr: Float64Array): number =>
    Math.abs(halfSquaredNorm(rr) + state[d] - halfSquaredNorm(y)) / L0;

  if (p.model === "linear") {
    return {
      dim: d + 1,
      y0: new Float64Array(d + 1),
      rhs: (_t, s, ds) => {
        for (let i = 0; i < d; i++) w[i] = s[i];
        residual();
        let e = 0;
        for (let i = 0; i < d; i++) {
          ds[i] = g[i];
          e += g[i] * g[i];
        }
        ds[d] = e;
      },
      weights: (s, out) => {
        for (let i = 0; i < d; i++) out[i] = s[i];
      },
      drift: energyDrift,
      close,
      residualAt,
    };
  }
  const a2 = alphaSquared(p);
  const c = engineRate(p.model);
  if (integrator === "mirror") {
    // w = w_τ(φ) and F_τ (theory/dln.md, "Truncated DLN"); for τ = Infinity the knee is at
    // φ = Infinity and these are wFromPhi and mobility, bit for bit
    const tau = p.truncation;
    const knee = new Float64Array(d);
    for (let i = 0; i < d; i++) knee[i] = truncationKnee(a2[i], tau);
    return {
      dim: d + 1,
      y0: new Float64Array(d + 1),
      rhs: (_t, s, ds) => {
        for (let i = 0; i < d; i++) w[i] = wFromPhiTruncated(s[i], a2[i], tau, knee[i]);
        residual();
        let e = 0;
        for (let i = 0; i < d; i++) {
          const gi = c * g[i];
          ds[i] = gi;
          e += mobilityTruncated(w[i], a2[i], tau) * gi * g[i];
        }
        ds[d] = e;
      },
      weights: (s, out) => {
        for (let i = 0; i < d; i++) out[i] = wFromPhiTruncated(s[i], a2[i], tau, knee[i]);
      },
      drift: energyDrift,
      close,
      residualAt,
    };
  }
  if (Number.isFinite(p.truncation))
    throw invalidArgument(
      "integrator",
      '"mirror" when truncation is finite (the truncated DLN has no (u, v) form)',
      integrator,
    );
  const y0 = new Float64Array(2 * d);
  for (let i = 0; i < d; i++) {
    y0[i] = Math.sqrt(a2[i]);
    y0[d + i] = Math.sqrt(a2[i]);
  }
  return {
    dim: 2 * d,
    y0,
    rhs: (_t, s, ds) => {
      for (let i = 0; i < d; i++) w[i] = s[i] * s[i] - s[d + i] * s[d + i];
      residual();
      for (let i = 0; i < d; i++) {
        ds[i] = 2 * c * s[i] * g[i];
        ds[d + i] = -2 * c * s[d + i] * g[i];
      }
    },
    weights: (s, out) => {
      for (let i = 0; i < d; i++) out[i] = s[i] * s[i] - s[d + i] * s[d + i];
    },
    drift: (s) => {
      let m = 0;
      for (let i = 0; i < d; i++) m = Math.max(m, Math.abs(s[i] * s[d + i] - a2[i]) / a2[i]);
      return m;
    },
    close,
    residualAt,
  };
}

/** One output time of a running flow. `w` is a view that the next step overwrites. */
export interface FlowSnapshot extends FlowProgress {
  w: Float64Array;
}

/**
 * A gradient flow advanced one output interval at a time (shared by the sync and async drivers): one
 * RK45 stepper runs from t = 0 to the last output time, and each output is read from its dense output.
 */
class FlowRun {
  readonly params: ResolvedDlnParams;
  readonly data: DlnData;
  readonly times: Float64Array;
  readonly series: MetricSeries;
  readonly integrator: FlowIntegrator | "linear";
  private readonly system: FlowSystem;
  private readonly state: Float64Array;
  private readonly w: Float64Array;
  private readonly r: Float64Array;
  private readonly opts: GradientFlowOptions;
  private readonly trajectory?: Float64Array[];
  /** Absent when the last output time is 0 (nothing to integrate). */
  private readonly stepper?: Rk45Stepper;
  private index = 0;
  steps = 0;
  rejected = 0;
  evaluations = 0;
  failed = false;
  stopped = false;
  message = "";

  constructor(params: DlnParams, options: GradientFlowOptions) {
    this.params = validateDlnParams(params);
    this.opts = options;
    const p = this.params;
    this.times = options.times
      ? validateTimes(options.times)
      : logTimeGrid(p.T, options.nTimes ?? 121, options.tMin);
    this.data = options.data ?? createDlnData(p);
    const integrator = options.integrator ?? "mirror";
    this.integrator = p.model === "linear" ? "linear" : integrator;
    this.system = createFlowSystem(
      p,
      this.data,
      integrator,
      options.threads ?? defaultGradientThreads(p.n, p.d),
    );
    this.state = Float64Array.from(this.system.y0);
    this.w = new Float64Array(p.d);
    this.r = new Float64Array(p.n);
    this.series = createMetricSeries(this.times.length);
    if (options.recordW) this.trajectory = [];
    const tLast = this.times[this.times.length - 1];
    if (tLast > 0) {
      this.stepper = createRk45Stepper(this.system.rhs, 0, this.system.y0, {
        rtol: options.rtol ?? 1e-8,
        atol: options.atol ?? 1e-10,
        tBound: tLast,
      });
    }
  }

  /** Ends the gradient's worker threads (the run can still report its result). */
  close(): void {
    this.system.close();
  }

  get done(): boolean {
    return this.failed || this.stopped || this.index >= this.times.length;
  }

  /**
   * Steps the flow's one stepper past the next output time and reads the state there from its dense
   * output (the output at t = 0 is the initial state).
   */
  next(): FlowSnapshot | undefined {
    if (this.done) return undefined;
    const k = this.index;
    const t = this.times[k];
    const s = this.stepper;
    if (t > 0 && s) {
      const t0 = k === 0 ? 0 : this.times[k - 1];
      const maxSteps = this.opts.maxSteps ?? 1_000_000;
      const attemptsBefore = s.steps + s.rejected;
      let failure = "";
      while (s.t < t && !failure) {
        if (s.steps + s.rejected - attemptsBefore >= maxSteps)
          failure = `maximum number of steps (${maxSteps}) reached at t = ${s.t}`;
        else if (!s.step()) failure = s.message;
      }
      this.steps = s.steps;
      this.rejected = s.rejected;
      this.evaluations = s.evaluations;
      if (failure) {
        this.failed = true;
        this.message = `integration failed between t = ${t0} and t = ${t}: ${failure}`;
        return undefined;
      }
      s.interpolate(t, this.state);
    }
    this.system.weights(this.state, this.w);
    this.system.residualAt(this.w, this.r);
    const metrics = computeMetrics(
      this.w,
      this.r,
      this.data.wStar,
      this.opts.activeThreshold ?? 1e-3,
      this.system.drift(this.state, this.r),
    );
    writeMetrics(this.series, k, metrics);
    this.trajectory?.push(Float64Array.from(this.w));
    this.index++;
    const snap: FlowSnapshot = {
      index: k,
      t,
      fraction: t / this.times[this.times.length - 1],
      metrics,
      w: this.w,
    };
    if (this.opts.onProgress && this.opts.onProgress(snap) === false) {
      this.stopped = true;
      this.message = `stopped by onProgress at t = ${t}`;
    }
    return snap;
  }

  result(): GradientFlowResult {
    const m = this.index;
    const series = m === this.times.length ? this.series : truncateMetricSeries(this.series, m);
    const out: GradientFlowResult = {
      ...series,
      times: m === this.times.length ? this.times : this.times.slice(0, m),
      w: Float64Array.from(this.w),
      params: this.params,
      seed: this.params.seed,
      versions: versions(),
      integrator: this.integrator,
      converged: !this.failed && !this.stopped && m === this.times.length,
      stopped: this.stopped,
      message: this.message || `integrated to t = ${this.times[this.times.length - 1]}`,
      steps: this.steps,
      rejected: this.rejected,
      evaluations: this.evaluations,
    };
    if (this.data.wStar) out.wStar = this.data.wStar;
    if (this.trajectory) out.trajectory = this.trajectory;
    return out;
  }
}

/**
 * Gradient flow of the DLN (theory/dln.md, "Gradient flow") from w(0) = 0 to T with adaptive RK45 steps, metrics on the output
 * grid. Integration failures are reported with converged = false and a message (never silently).
 */
export function simulateGradientFlow(
  params: DlnParams,
  options: GradientFlowOptions = {},
): GradientFlowResult {
  const run = new FlowRun(params, options);
  try {
    while (run.next());
    return run.result();
  } finally {
    run.close();
  }
}

/**
 * The same flow as an async iterator: yields a snapshot at each output time and yields control to the
 * event loop between intervals (so a CLI can redraw and a user can break out of the loop to stop).
 * The snapshot's `w` is overwritten by the next step; copy it to keep it.
 */
export async function* gradientFlowStream(
  params: DlnParams,
  options: GradientFlowOptions = {},
): AsyncGenerator<FlowSnapshot, GradientFlowResult, void> {
  const run = new FlowRun(params, options);
  try {
    for (;;) {
      const snap = run.next();
      if (!snap) break;
      yield snap;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return run.result();
  } finally {
    // also when the consumer breaks out of the loop
    run.close();
  }
}
