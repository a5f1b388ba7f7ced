import { availableParallelism } from "node:os";
import { defineCommand, type Params } from "../framework/command.js";
import { lookupCommand } from "../framework/command-lookup.js";
import { UsageError } from "../framework/errors.js";
import { integerOption, numberOption, stringOption } from "../framework/options.js";
import { computePoint } from "../framework/sweep-point.js";
import {
  openQueue,
  type PointJob,
  type PointJobResult,
  parseQueueUrl,
  probeRedis,
  QUEUE_NAME,
  workerId,
} from "../framework/sweep-queue.js";
import { meanfieldVersions, packageVersions } from "../framework/versions.js";

export const worker = defineCommand({
  id: "worker",
  summary:
    "Compute sweep points from a BullMQ queue on Redis (meanfield sweep SPEC --queue URL puts them there).",
  short: "compute sweep points from a Redis queue (run on any number of machines)",
  description:
    "Takes points of 'meanfield sweep --queue' from the BullMQ queue at --queue and computes them, --concurrency at a " +
    "time (each on a worker thread), returning each result to the queue, from which the sweep process commits it to its " +
    "store. Start as many workers as you like on any machines that reach Redis and have the same meanfield versions " +
    "(a point queued by other versions is refused: its key would not match its numbers). A worker killed mid-point " +
    "holds its point until its lock expires (--lock-seconds), then another worker computes it. Runs until Ctrl-C, or " +
    "until the queue has been empty for --idle-exit seconds.",
  options: [
    stringOption("queue", { description: "redis://HOST:PORT[/DB] of the sweep's queue", placeholder: "URL" }),
    integerOption("concurrency", {
      description: "points computed at once (default: one per core)",
      default: Math.max(1, Math.min(64, availableParallelism())),
      min: 1,
      max: 64,
    }),
    numberOption("lock-seconds", {
      description:
        "how long a point stays locked to this worker without a heartbeat; a killed worker's point goes to another after about this long",
      default: 30,
      min: 1,
      max: 3600,
    }),
    numberOption("idle-exit", {
      description: "exit after the queue has been empty this many seconds (0: run until Ctrl-C)",
      default: 0,
      min: 0,
      max: 1e7,
    }),
  ],
  examples: [
    "meanfield worker --queue redis://127.0.0.1:6379",
    "meanfield worker --queue redis://queue-host:6379 --concurrency 8 --idle-exit 600",
  ],
  output: [
    { field: "queue", description: "the queue's URL" },
    { field: "worker", description: "this worker's id (host:pid)" },
    { field: "processed, failed", description: "points computed and points that failed" },
  ],
  files: ["result.json — this worker's summary (points computed and failed)"],
  async check(params) {
    // a missing --queue is reported by run(), after the framework has checked --out
    if (params.queue !== undefined) await probeRedis(params.queue as string, "worker");
  },
  async run(params, ctx) {
    if (params.queue === undefined) throw new UsageError("--queue redis://HOST:PORT is required", "worker");
    const url = params.queue as string;
    const {
      bullmq: { Worker },
      queue,
    } = await openQueue(url, "worker");
    const id = workerId();
    const mine = meanfieldVersions(packageVersions());
    let processed = 0;
    let failed = 0;
    let busy = 0;
    let lastBusy = Date.now();
    const lockMs = Math.round((params.lockSeconds as number) * 1000);
    const w = new Worker<PointJob, PointJobResult>(
      QUEUE_NAME,
      async (job) => {
        busy++;
        try {
          const d = job.data;
          const theirs = JSON.stringify(d.versions);
          if (theirs !== JSON.stringify(mine))
            throw new Error(
              `queued by meanfield ${theirs}, this worker (${id}) runs ${JSON.stringify(mine)}`,
            );
          const cmd = lookupCommand(d.command);
          if (!cmd) throw new Error(`unknown command ${d.command}`);
          const o = await computePoint(cmd, d.params as Params);
          ctx.info(
            `point ${d.index} of '${d.command}': ${o.ok ? "done" : `failed (${o.message})`} in ${o.seconds.toFixed(1)} s`,
          );
          if (!o.ok) throw new Error(o.message);
          return { result: o.result, seconds: o.seconds, worker: id };
        } finally {
          busy--;
          lastBusy = Date.now();
        }
      },
      {
        connection: parseQueueUrl(url),
        concurrency: params.concurrency as number,
        lockDuration: lockMs,
        stalledInterval: lockMs,
        maxStalledCount: 2,
      },
    );
    const report = () =>
      ctx.progress.update("points", processed + failed, processed + failed, `${failed} failed`);
    w.on("completed", () => {
      processed++;
      report();
    });
    w.on("failed", () => {
      failed++;
      report();
    });
    w.on("error", () => {
      // connection hiccups: ioredis reconnects
    });
    const idleMs = (params.idleExit as number) * 1000;
    await new Promise<void>((resolveWait) => {
      if (idleMs <= 0) return; // until the process is interrupted
      const timer = setInterval(async () => {
        if (busy > 0) return;
        try {
          const c = await queue.getJobCounts("wait", "active", "delayed", "prioritized");
          const pending = (c.wait ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0);
          if (pending > 0) lastBusy = Date.now();
          else if (Date.now() - lastBusy >= idleMs) {
            clearInterval(timer);
            resolveWait();
          }
        } catch {
          // Redis away for a moment: keep waiting
        }
      }, 250);
    });
    await w.close();
    await queue.close();
    return {
      result: { queue: url, worker: id, processed, failed },
      summary: `worker ${id}: ${processed} points computed, ${failed} failed (queue ${url})`,
    };
  },
});
