import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { type CommandSpec, defineCommand, type Params } from "../framework/command.js";
import { lookupCommand } from "../framework/command-lookup.js";
import { EXIT_FAILURE, UsageError } from "../framework/errors.js";
import { booleanOption, integerOption, stringOption } from "../framework/options.js";
import { sweepCounts, sweepJson, sweepTable } from "../framework/sweep-export.js";
import { computePoint } from "../framework/sweep-point.js";
import { openQueue, type PointJob, type PointJobResult, probeRedis } from "../framework/sweep-queue.js";
import {
  axesLabel,
  canonicalJson,
  expandSweep,
  readSweepSpec,
  type SweepPoint,
  type SweepSpec,
  validateSweepSpec,
} from "../framework/sweep-spec.js";
import { STORE_FILE, SweepStore } from "../framework/sweep-store.js";
import { formatTable, sig } from "../framework/text.js";
import { meanfieldVersions, packageVersions } from "../framework/versions.js";

interface Prepared {
  spec: SweepSpec;
  cmd: CommandSpec;
  seed: number;
  id: string;
  points: SweepPoint[];
}

/** Options that change how a point runs, not its numbers (every command gives identical results for any count). */
const EXECUTION_ONLY = ["workers", "threads"];

function prepare(params: Params): Prepared {
  const file = params.args[0];
  if (file === undefined || params.args.length !== 1)
    throw new UsageError(
      "give one sweep spec file SPEC (JSON or YAML): meanfield sweep SPEC --out DIR",
      "sweep",
    );
  const { spec, cmd } = validateSweepSpec(readSweepSpec(file), lookupCommand);
  const seed = spec.seed ?? params.seed;
  const concurrency = params.concurrency as number;
  // several points at once: each runs on one core unless the sweep file sets workers or threads
  const fixed = { ...spec.fixed };
  if (concurrency > 1) {
    const keys = new Set(cmd.options.map((o) => o.key));
    if (keys.has("workers") && !("workers" in fixed) && !spec.groups.some((g) => "workers" in g))
      fixed.workers = 0;
    if (keys.has("threads") && !("threads" in fixed) && !spec.groups.some((g) => "threads" in g))
      fixed.threads = 1;
  }
  const versions = packageVersions();
  const points = expandSweep({ ...spec, fixed }, cmd, seed, versions, EXECUTION_ONLY);
  const id = createHash("sha256")
    .update(canonicalJson({ command: cmd.id, fixed: spec.fixed, groups: spec.groups, seed }))
    .digest("hex")
    .slice(0, 16);
  return { spec, cmd, seed, id, points };
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/**
 * Puts the points on the BullMQ queue (job id = point key: never queued twice) and collects every
 * finished job into the store, polling the jobs' states; a job's record is removed from Redis once
 * its point is committed to the store.
 */
async function runOnQueue(
  url: string,
  todo: SweepPoint[],
  store: SweepStore,
  cmd: CommandSpec,
  versions: Record<string, string>,
  on: { onRunning(n: number): void; onFinished(seconds: number, ok: boolean): void },
): Promise<void> {
  const {
    bullmq: { Job },
    queue,
  } = await openQueue(url, "sweep");
  try {
    const outstanding = new Map<string, SweepPoint>();
    const enqueue = async (p: SweepPoint) => {
      const data: PointJob = {
        command: cmd.id,
        params: p.params,
        key: p.key,
        index: p.index,
        versions: meanfieldVersions(versions),
      };
      await queue.add(cmd.id, data, {
        jobId: p.key,
        attempts: 1,
        removeOnComplete: false,
        removeOnFail: false,
      });
    };
    for (const p of todo) {
      const job = await Job.fromId<PointJob, PointJobResult>(queue, p.key);
      if (!job) await enqueue(p);
      store.start(p.key);
      outstanding.set(p.key, p);
    }
    while (outstanding.size > 0) {
      let active = 0;
      for (const [key, p] of [...outstanding]) {
        // The state first, then the job: a job read before its state could have completed in between
        // and carry no return value yet (seen once with a killed worker). BullMQ writes the return
        // value and the completed state in one script, so a job read after "completed" has it.
        const state = await queue.getJobState(key);
        const job = state === "unknown" ? undefined : await Job.fromId<PointJob, PointJobResult>(queue, key);
        if (!job) {
          await enqueue(p);
          continue;
        }
        if (state === "completed") {
          const r = job.returnvalue;
          if (r == null) continue; // not readable yet: the next poll takes it
          store.finish(key, r.result, r.seconds, r.worker);
          outstanding.delete(key);
          await job.remove();
          on.onFinished(r.seconds, true);
        } else if (state === "failed") {
          const seconds = job.finishedOn && job.processedOn ? (job.finishedOn - job.processedOn) / 1000 : 0;
          store.fail(key, job.failedReason ?? "failed on a worker", seconds, "queue");
          outstanding.delete(key);
          await job.remove();
          on.onFinished(seconds, false);
        } else if (state === "active") active++;
      }
      on.onRunning(active);
      if (outstanding.size > 0) await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    await queue.close();
  }
}

export const sweep = defineCommand({
  id: "sweep",
  summary:
    "Run one command over a grid of its options, resumably: every finished point is committed to an SQLite store under --out.",
  short: "run a command over a grid of options (resumable, SQLite store)",
  description:
    "SPEC (JSON, or YAML named .yaml/.yml) names one computing command and a grid of its options: " +
    '{"command": "dmft solve", "fixed": {"tMax": 20}, "axes": {"alpha": {"log": [0.001, 1, 4]}, "delta": [0.3, 0.5]}}. ' +
    "An axis is a list, {linear: [start, stop, count]} or {log: [start, stop, count]}; axes given as an object form " +
    "their cartesian product, axes given as a list of groups are zipped within a group. Option keys are the command's " +
    "camelCase names (as in --config) and every value is checked before any work. Each point's seed derives from the " +
    "sweep seed (spec key seed, else --seed) and the point's own options, so a point gives the same numbers on any " +
    "machine and in any order. Points run on worker threads (--concurrency, default one per core; each point then on one " +
    "core). Each finished point is committed at once to DIR/sweep.sqlite, keyed by a hash of the command, its options " +
    "and the package versions: a re-run skips finished points and recomputes interrupted ones; a failed point is " +
    "recorded with its message and the sweep goes on (--retry-failed recomputes those). results.csv and results.json " +
    "list every point once. Exit code 1 when a point failed.",
  positionals: { name: "SPEC", description: "the sweep spec file (JSON or YAML)" },
  options: [
    booleanOption("dry-run", {
      description: "print the points (options, seed, key) without computing or touching --out",
      default: false,
    }),
    integerOption("concurrency", {
      description: "points computed at once (worker threads; default: one per core)",
      default: Math.max(1, Math.min(64, availableParallelism())),
      min: 1,
      max: 64,
    }),
    stringOption("queue", {
      description:
        "redis://HOST:PORT[/DB]: put the points on a BullMQ queue for 'meanfield worker' processes on any machines and collect their results into the store",
      placeholder: "URL",
    }),
    booleanOption("retry-failed", {
      description: "recompute the points recorded as failed (by default a re-run skips them)",
      default: false,
    }),
  ],
  examples: [
    "meanfield sweep alpha-delta.yaml --dry-run --json",
    "meanfield sweep alpha-delta.yaml --out out/alpha-delta",
    "meanfield sweep alpha-delta.yaml --out out/alpha-delta --retry-failed",
  ],
  output: [
    { field: "sweep", description: "the sweep's id (hash of command, fixed options, axes and seed)" },
    { field: "command, seed, store", description: "the swept command, the sweep seed, the store file" },
    { field: "counts", description: "points, done, failed, pending; computed and skipped in this run" },
    { field: "points (--dry-run)", description: "index, axes, options, seed and key of every point" },
  ],
  files: [
    "sweep.sqlite — the store (every finished point, committed as it finishes)",
    "results.csv — one row per point: index, status, axes, seed, seconds, attempts, scalar outputs (series as NAME.last), options, error, key",
    "results.json — the sweep, its counts and every point with its whole result",
    "result.json — this run's summary",
  ],
  outputFiles: (p) => (p.dryRun ? [] : ["results.csv", "results.json", "result.json"]),
  async check(params) {
    if (!params.dryRun && params.out === undefined)
      throw new UsageError(
        "--out DIR is required: the sweep's store and results live there (or use --dry-run)",
        "sweep",
      );
    prepare(params);
    if (params.queue !== undefined && !params.dryRun) await probeRedis(params.queue as string, "sweep");
  },
  async run(params, ctx) {
    const { spec, cmd, seed, id, points } = prepare(params);
    if (params.dryRun) {
      const rows = points.map((p) => [
        String(p.index),
        ...Object.values(p.axes).map(String),
        String(p.seed),
        p.key.slice(0, 12),
      ]);
      const axisNames = Object.keys(points[0]?.axes ?? {});
      return {
        result: {
          sweep: id,
          command: cmd.id,
          seed,
          dryRun: true,
          counts: { points: points.length },
          points: points.map((p) => ({
            index: p.index,
            axes: p.axes,
            options: p.options,
            seed: p.seed,
            key: p.key,
          })),
        },
        summary: `${cmd.id}: ${points.length} points (sweep ${id}, seed ${seed})\n${formatTable(["index", ...axisNames, "seed", "key"], rows)}`,
      };
    }
    const outDir = resolve(params.out as string);
    mkdirSync(outDir, { recursive: true });
    const storeFile = join(outDir, STORE_FILE);
    const store = new SweepStore(storeFile);
    const versions = packageVersions();
    const storedSpec = {
      command: spec.command,
      ...(spec.seed === undefined ? {} : { seed: spec.seed }),
      fixed: spec.fixed,
      axes: spec.groups,
    };
    try {
      store.register(
        id,
        cmd.id,
        storedSpec,
        seed,
        points.map((p) => ({ index: p.index, key: p.key, params: p.options, seed: p.seed, axes: p.axes })),
        versions,
      );
      const todo = points.filter((p) => {
        const s = store.status(p.key);
        return s === "pending" || s === "running" || (s === "failed" && params.retryFailed === true);
      });
      const total = points.length;
      const already = total - todo.length;
      let done = 0;
      let failed = 0;
      let running = 0;
      let busySeconds = 0;
      const concurrency = Math.min(params.concurrency as number, Math.max(1, todo.length));
      const t0 = performance.now();
      const report = () => {
        const finished = done + failed;
        const left = todo.length - finished;
        const eta = finished > 0 ? (busySeconds / finished) * (left / concurrency) : Number.NaN;
        ctx.progress.update(
          "points",
          already + finished,
          total,
          `${failed} failed, ${running} running${left > 0 ? `, ETA ${duration(eta)}` : ""}`,
        );
      };
      report();
      const onFinished = (seconds: number, ok: boolean) => {
        busySeconds += seconds;
        if (ok) done++;
        else failed++;
        report();
      };
      if (params.queue !== undefined) {
        await runOnQueue(params.queue as string, todo, store, cmd, versions, {
          onRunning: (n) => {
            running = n;
            report();
          },
          onFinished,
        });
      } else {
        let next = 0;
        const runOne = async (p: SweepPoint) => {
          if (!store.start(p.key)) return; // finished meanwhile (another process)
          running++;
          report();
          const o = await computePoint(cmd, p.params);
          if (o.ok) store.finish(p.key, o.result, o.seconds);
          else store.fail(p.key, o.message, o.seconds);
          running--;
          onFinished(o.seconds, o.ok);
        };
        const lane = async () => {
          while (next < todo.length) await runOne(todo[next++]);
        };
        await Promise.all(Array.from({ length: concurrency }, lane));
      }
      const rows = store.rows(id);
      if (ctx.out) {
        const table = sweepTable(rows);
        ctx.out.writeCsv("results.csv", table.columns, table.rows);
        ctx.out.writeJson(
          "results.json",
          sweepJson({ id, command: cmd.id, spec: storedSpec, seed }, rows, versions),
        );
      }
      const counts = {
        ...sweepCounts(rows),
        computed: done,
        failedNow: failed,
        skipped: already,
      };
      const wall = (performance.now() - t0) / 1000;
      const failures = rows
        .filter((r) => r.status === "failed")
        .slice(0, 5)
        .map((r) => `  point ${r.index} (${axesLabel(r.axes)}): ${r.error}`);
      const summary = [
        `${cmd.id} sweep ${id}: ${counts.done}/${total} points done, ${counts.failed} failed` +
          ` (this run: ${done} computed, ${failed} failed, ${already} already in the store; ${sig(wall, 3)} s)`,
        `store: ${storeFile}`,
        ...(failures.length ? ["failed points:", ...failures, ...(counts.failed > 5 ? ["  …"] : [])] : []),
        ...(counts.failed ? ["rerun with --retry-failed to recompute them"] : []),
      ].join("\n");
      return {
        result: { sweep: id, command: cmd.id, seed, store: storeFile, counts },
        summary,
        exitCode: counts.failed > 0 ? EXIT_FAILURE : 0,
      };
    } finally {
      store.close();
    }
  },
});
