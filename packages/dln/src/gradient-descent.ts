import {
  assertPositive,
  assertPositiveInteger,
  createParallelGradient,
  createRng,
  invalidArgument,
} from "@meanfield/linalg";
import { createDlnData, type DlnData } from "./data.js";
import type { FlowProgress } from "./gradient-flow.js";
import { defaultGradientThreads } from "./gradient-threads.js";
import {
  computeMetrics,
  createMetricSeries,
  type MetricSeries,
  truncateMetricSeries,
  writeMetrics,
} from "./metrics.js";
import { engineRate } from "./parametrization.js";
import { alphaSquared, type DlnParams, type ResolvedDlnParams, validateDlnParams } from "./params.js";
import { logTimeGrid, validateTimes } from "./time-grid.js";
import { versions } from "./version.js";

/**
 * Gradient descent steps the network parameters (u, v), and the truncated DLN (theory/dln.md,
 * "Truncated DLN") is defined by its mirror map only, with no (u, v) form: a finite truncation is
 * refused (by simulateSeeds with method "gd" too).
 */
export function assertNoTruncation(truncation: number): void {
  if (Number.isFinite(truncation))
    throw invalidArgument(
      "truncation",
      "Infinity for gradient descent (a truncated DLN has no (u, v) form; use the gradient flow)",
      truncation,
    );
}

export interface GradientDescentOptions {
  /** Learning rate (step size) eta > 0; iterate k sits at time t = k·eta. */
  learningRate: number;
  /** Mini-batch size B (1 ≤ B ≤ n). Default n: full-batch gradient descent. */
  batchSize?: number;
  /** Output times (as for the flow); each is recorded at the iterate k = round(t / eta). */
  times?: ArrayLike<number>;
  nTimes?: number;
  tMin?: number;
  /** |w_i| above this counts as active (default 1e-3). */
  activeThreshold?: number;
  data?: DlnData;
  /** Threads for each full-batch gradient (as GradientFlowOptions.threads; bit-identical for any count). */
  threads?: number;
  onProgress?: (p: FlowProgress) => unknown;
}

export interface GradientDescentResult extends MetricSeries {
  times: Float64Array;
  /** Iteration index recorded at each output time. */
  iterations: Int32Array;
  w: Float64Array;
  wStar?: Float64Array;
  params: ResolvedDlnParams;
  seed: number | string;
  /** The @meanfield package versions it was computed with (`versions()`). */
  versions: Record<string, string>;
  learningRate: number;
  batchSize: number;
  converged: boolean;
  stopped: boolean;
  /** True when the loss became non-finite (learning rate too large). */
  diverged: boolean;
  message: string;
}

/**
 * Discrete gradient descent on the network parameters (the users' comparison for the flow, theory/dln.md, "Gradient flow"):
 * u ← u + 2eta u⊙g, v ← v − 2eta v⊙g for u²−v²; the u⊙v form through the engine map at eta/2 (exact:
 * GD on (u, v) of w = u⊙v is GD on a = (u+v)/2, b = (u−v)/2 with step eta/2); w ← w + eta g for "linear".
 * With batchSize B < n, g is the unbiased mini-batch estimate (n/B) Σ_{j∈batch} x_j (y_j − x_j·w), the
 * batches taken without replacement from a reshuffled permutation each epoch (seed sub-stream "sgd").
 * conservedDrift here is max_i |u_i v_i − alpha_i²|/alpha_i², which GD does not conserve (it drifts
 * O(eta)); NaN for "linear".
 */
export function simulateGradientDescent(
  params: DlnParams,
  options: GradientDescentOptions,
): GradientDescentResult {
  const p = validateDlnParams(params);
  assertNoTruncation(p.truncation);
  const eta = assertPositive(options?.learningRate, "learningRate");
  const B = options.batchSize === undefined ? p.n : assertPositiveInteger(options.batchSize, "batchSize");
  if (B > p.n) throw invalidArgument("batchSize", `an integer in [1, n = ${p.n}]`, B);
  const times = options.times
    ? validateTimes(options.times)
    : logTimeGrid(p.T, options.nTimes ?? 121, options.tMin);
  const data = options.data ?? createDlnData(p);
  const { X, y, wStar } = data;
  const { d, n } = p;
  const threshold = options.activeThreshold ?? 1e-3;
  const linear = p.model === "linear";
  const a2 = alphaSquared(p);
  const step = eta * engineRate(p.model);
  const a = new Float64Array(d);
  const b = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    a[i] = Math.sqrt(a2[i]);
    b[i] = a[i];
  }
  // X, y and the work vectors in one shared memory (linalg's fused one-pass gradient over fixed
  // row blocks, on `threads` threads; the numbers do not depend on the count)
  const pg = createParallelGradient(n, d, { threads: options.threads ?? defaultGradientThreads(n, d) });
  pg.setDesign(X.data);
  pg.y.set(y);
  const { w, r, g } = pg;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const rng = createRng(p.seed).fork("sgd");
  let cursor = n;

  const weights = (): void => {
    if (!linear) for (let i = 0; i < d; i++) w[i] = a[i] * a[i] - b[i] * b[i];
  };
  const fullGradient = (): void => pg.evaluate();
  const batchGradient = (): void => {
    g.fill(0);
    const xd = X.data;
    for (let m = 0; m < B; m++) {
      if (cursor >= n) {
        // Fisher–Yates reshuffle at each epoch.
        for (let i = n - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          const tmp = perm[i];
          perm[i] = perm[j];
          perm[j] = tmp;
        }
        cursor = 0;
      }
      const row = perm[cursor++];
      const off = row * d;
      let s = 0;
      for (let i = 0; i < d; i++) s += xd[off + i] * w[i];
      const rj = (y[row] - s) * (n / B);
      for (let i = 0; i < d; i++) g[i] += rj * xd[off + i];
    }
  };

  try {
    const series = createMetricSeries(times.length);
    const iterations = new Int32Array(times.length);
    let k = 0;
    let recorded = 0;
    let stopped = false;
    let diverged = false;
    let message = "";
    const last = times[times.length - 1];
    for (let j = 0; j < times.length && !stopped && !diverged; j++) {
      const target = Math.round(times[j] / eta);
      while (k < target) {
        weights();
        if (B === n) fullGradient();
        else batchGradient();
        if (linear) {
          for (let i = 0; i < d; i++) w[i] += eta * g[i];
        } else {
          for (let i = 0; i < d; i++) {
            a[i] += 2 * step * a[i] * g[i];
            b[i] -= 2 * step * b[i] * g[i];
          }
        }
        k++;
      }
      weights();
      pg.evaluate(); // r = y − Xw for the metrics, through the same kernel
      let drift = Number.NaN;
      if (!linear) {
        drift = 0;
        for (let i = 0; i < d; i++) drift = Math.max(drift, Math.abs(a[i] * b[i] - a2[i]) / a2[i]);
      }
      const metrics = computeMetrics(w, r, wStar, threshold, drift);
      if (!Number.isFinite(metrics.trainLoss)) {
        diverged = true;
        message = `diverged before iteration ${k} (t = ${k * eta}); reduce learningRate`;
        break;
      }
      writeMetrics(series, j, metrics);
      iterations[j] = k;
      recorded = j + 1;
      if (
        options.onProgress &&
        options.onProgress({ index: j, t: times[j], fraction: times[j] / last, metrics }) === false
      ) {
        stopped = true;
        message = `stopped by onProgress at t = ${times[j]}`;
      }
    }
    const full = recorded === times.length;
    const out: GradientDescentResult = {
      ...(full ? series : truncateMetricSeries(series, recorded)),
      times: full ? times : times.slice(0, recorded),
      iterations: full ? iterations : iterations.slice(0, recorded),
      w: Float64Array.from(w),
      params: p,
      seed: p.seed,
      versions: versions(),
      learningRate: eta,
      batchSize: B,
      converged: full && !stopped && !diverged,
      stopped,
      diverged,
      message: message || `${k} iterations to t = ${k * eta}`,
    };
    if (wStar) out.wStar = wStar;
    return out;
  } finally {
    pg.close();
  }
}
