import { availableParallelism } from "node:os";
import { assertInteger, assertPositiveInteger, invalidArgument, locateWorkerFile } from "@meanfield/linalg";
import {
  assertNoTruncation,
  type GradientDescentOptions,
  type GradientDescentResult,
} from "./gradient-descent.js";
import type { GradientFlowOptions, GradientFlowResult } from "./gradient-flow.js";
import { METRIC_NAMES, type MetricSeries } from "./metrics.js";
import { type DlnParams, type ResolvedDlnParams, validateDlnParams } from "./params.js";
import type { SeedTask } from "./seed-task.js";
import runSeedTask from "./seeds-worker.js";
import { versions } from "./version.js";

export interface SeedsOptions {
  /** Number of seeds S, or the explicit list of seeds. Default seeds: base, base+1, … (numeric base) or `${base}:k`. */
  seeds: number | Array<number | string>;
  /** "flow" (default) or "gd" (then gdOptions is required). */
  method?: "flow" | "gd";
  flowOptions?: Omit<GradientFlowOptions, "onProgress" | "data">;
  gdOptions?: Omit<GradientDescentOptions, "onProgress" | "data">;
  /** Worker threads: 0 or 1 runs serially in this thread; default min(S, available cores). */
  workers?: number;
  /** Called after each finished seed; return false to skip the seeds not yet started (serial runs only). */
  onProgress?: (p: { completed: number; total: number; seed: number | string }) => unknown;
}

export interface SeedsResult {
  times: Float64Array;
  /** Mean over seeds of each metric at each time (NaN-aware: NaN only if every run is NaN there). */
  mean: MetricSeries;
  /** Sample standard deviation (S − 1 in the denominator; 0 for S = 1). */
  std: MetricSeries;
  runs: Array<GradientFlowResult | GradientDescentResult>;
  seeds: Array<number | string>;
  params: ResolvedDlnParams;
  /** The @meanfield package versions it was computed with (`versions()`). */
  versions: Record<string, string>;
  /** Worker threads used (0 = serial). */
  workers: number;
  /** True when every run converged. */
  converged: boolean;
  message: string;
}

/** The seed of run k: base + k for a numeric base seed, `${base}:${k}` otherwise. */
export function seedOf(base: number | string, k: number): number | string {
  return typeof base === "number" ? base + k : `${base}:${k}`;
}

/** Mean and sample standard deviation over runs, metric by metric (NaN entries ignored). */
export function aggregateRuns(
  runs: MetricSeries[],
  length: number,
): { mean: MetricSeries; std: MetricSeries } {
  const mean = {} as MetricSeries;
  const std = {} as MetricSeries;
  for (const key of METRIC_NAMES) {
    const m = new Float64Array(length);
    const s = new Float64Array(length);
    for (let t = 0; t < length; t++) {
      let cnt = 0;
      let sum = 0;
      for (const r of runs) {
        const v = r[key][t];
        if (!Number.isNaN(v)) {
          sum += v;
          cnt++;
        }
      }
      const mu = cnt ? sum / cnt : Number.NaN;
      let ss = 0;
      for (const r of runs) {
        const v = r[key][t];
        if (!Number.isNaN(v)) ss += (v - mu) ** 2;
      }
      m[t] = mu;
      s[t] = cnt > 1 ? Math.sqrt(ss / (cnt - 1)) : cnt === 1 ? 0 : Number.NaN;
    }
    mean[key] = m;
    std[key] = s;
  }
  return { mean, std };
}

/**
 * Runs S independent seeds (each seed draws its own design, teacher and noise) and returns the mean and
 * standard deviation of every metric. With workers > 1 the seeds run on worker threads (tinypool); each
 * run depends only on its seed, so the results are bit-for-bit those of the serial run.
 */
export async function simulateSeeds(params: DlnParams, options: SeedsOptions): Promise<SeedsResult> {
  const p = validateDlnParams(params);
  const method = options.method ?? "flow";
  if (method !== "flow" && method !== "gd") throw invalidArgument("method", '"flow" or "gd"', method);
  if (method === "gd" && !options.gdOptions)
    throw invalidArgument("gdOptions", 'given when method is "gd"', undefined);
  if (method === "gd") assertNoTruncation(p.truncation);
  let seeds: Array<number | string>;
  if (Array.isArray(options.seeds)) {
    if (options.seeds.length < 1) throw invalidArgument("seeds", "a non-empty list", options.seeds);
    seeds = options.seeds.slice();
  } else {
    const S = assertPositiveInteger(options.seeds, "seeds");
    seeds = Array.from({ length: S }, (_, k) => seedOf(p.seed, k));
  }
  const S = seeds.length;
  let workers =
    options.workers === undefined
      ? Math.min(S, availableParallelism())
      : assertInteger(options.workers, "workers", 0);
  workers = Math.min(workers, S);
  const file =
    workers > 1
      ? locateWorkerFile(import.meta.url, ["./seeds-worker.js", "../dist/seeds-worker.js"])
      : undefined;
  // seeds in parallel: each seed's gradient on one thread unless the caller says otherwise (the
  // cores are already busy with seeds; the numbers do not depend on it)
  const threads = file ? { threads: 1 } : {};
  const tasks: SeedTask[] = seeds.map((seed) => {
    const t: SeedTask = { method, params: { ...params, seed } };
    if (options.flowOptions || file) t.flowOptions = { ...threads, ...options.flowOptions };
    if (options.gdOptions) t.gdOptions = { ...threads, ...options.gdOptions };
    return t;
  });
  let runs: Array<GradientFlowResult | GradientDescentResult>;
  if (file) {
    // Loaded lazily: tinypool is ESM-only, and serial runs (or CJS consumers) never need it.
    const { Tinypool } = await import("tinypool");
    const pool = new Tinypool({ filename: file, minThreads: workers, maxThreads: workers });
    try {
      let completed = 0;
      runs = await Promise.all(
        tasks.map(async (task, k) => {
          const r = (await pool.run(task)) as GradientFlowResult | GradientDescentResult;
          completed++;
          options.onProgress?.({ completed, total: S, seed: seeds[k] });
          return r;
        }),
      );
    } finally {
      await pool.destroy();
    }
  } else {
    workers = 0;
    runs = [];
    for (let k = 0; k < S; k++) {
      runs.push(runSeedTask(tasks[k]));
      if (options.onProgress?.({ completed: k + 1, total: S, seed: seeds[k] }) === false) break;
    }
  }
  const length = Math.min(...runs.map((r) => r.times.length));
  const { mean, std } = aggregateRuns(runs, length);
  const converged = runs.length === S && runs.every((r) => r.converged);
  const failed = runs.filter((r) => !r.converged).length;
  return {
    times: runs[0].times.slice(0, length),
    mean,
    std,
    runs,
    seeds: seeds.slice(0, runs.length),
    params: p,
    versions: versions(),
    workers,
    converged,
    message: converged ? `${S} seeds` : `${runs.length} of ${S} seeds run, ${failed} not converged`,
  };
}
