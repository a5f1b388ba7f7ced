import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { CommandSpec, Params, RunContext } from "./command.js";
import { allOptions, flagsOf, outputFilesOf } from "./command.js";
import { checkOutDir } from "./destination.js";
import {
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_SIGINT,
  EXIT_SIGTERM,
  EXIT_USAGE,
  flagFor,
  internalMessage,
  isInvalidArgument,
  UsageError,
} from "./errors.js";
import { stringifyResult, toPlain } from "./json.js";
import { commitFiles, createStaging, OutputStage, removeStaging } from "./output.js";
import { type Progress, type ProgressEvent, progressDisplay } from "./progress.js";
import { packageVersions } from "./versions.js";

/**
 * Commands compute in a worker thread. The packages' solvers are synchronous loops, so a SIGINT
 * handler on the computing thread would only run after they finish; with the work on a worker, the
 * main thread stays responsive: it draws the progress bar, commits finished files into --out, and
 * on Ctrl-C terminates the worker, removes the staging directory and exits 130 at once.
 */
type WorkerMessage =
  | ({ type: "progress" } & ProgressEvent)
  | { type: "commit"; files: string[] }
  | { type: "info"; message: string }
  | { type: "done"; result: unknown; summary: string; exitCode: number }
  | { type: "error"; name: string; message: string; usage: boolean; parameter?: string };

interface WorkerInput {
  commandId: string;
  params: Params;
  stagingDir?: string;
}

/** The params recorded in a result: the command's own options (not --out/--json/--config). */
export function recordedParams(cmd: CommandSpec, params: Params): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of allOptions(cmd)) if (!o.notAParam && o.key in params) out[o.key] = params[o.key];
  if (cmd.positionals && params.args.length) out[cmd.positionals.name.toLowerCase()] = params.args;
  return out;
}

function describeError(cmd: CommandSpec, e: { message: string; parameter?: string }, usage: boolean): string {
  // Name the flag only when the command has one for the package's parameter (never "---a").
  const flag = flagFor(e.parameter, flagsOf(cmd));
  const named = flag && !e.message.includes(flag) ? ` (${flag})` : "";
  const hint = usage ? `\nRun 'meanfield ${cmd.id} --help' for the allowed options.` : "";
  return `meanfield ${cmd.id}: error: ${e.message}${named}${hint}`;
}

type Display = ReturnType<typeof progressDisplay>;

/** Main thread: validates, runs the command on a worker, commits its files, prints the result. */
export async function execute(cmd: CommandSpec, params: Params): Promise<number> {
  let stagingDir: string | undefined;
  let outAbs: string | undefined;
  let worker: Worker | undefined;
  let display: Display = null;
  // Installed before anything is created, so that a signal at any later point cleans up.
  const onSignal = (signal: NodeJS.Signals) => {
    if (worker) void worker.terminate();
    display?.clear();
    display?.stop?.();
    removeStaging(stagingDir);
    const where = params.out !== undefined ? "; nothing half-written was left in --out" : "";
    process.stderr.write(`meanfield ${cmd.id}: interrupted${where}\n`);
    process.exit(signal === "SIGINT" ? EXIT_SIGINT : EXIT_SIGTERM);
  };
  // Last resort: whatever ends the process, the staging directory goes with it.
  const onExit = () => removeStaging(stagingDir);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("exit", onExit);
  const detach = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.off("exit", onExit);
  };
  try {
    if (cmd.check) await cmd.check(params);
    if (params.out !== undefined) {
      outAbs = checkOutDir(params.out, outputFilesOf(cmd, params));
      stagingDir = createStaging(outAbs);
    }
  } catch (e) {
    const usage = e instanceof UsageError || isInvalidArgument(e);
    process.stderr.write(`${describeError(cmd, e as Error & { parameter?: string }, usage)}\n`);
    removeStaging(stagingDir);
    detach();
    return usage ? EXIT_USAGE : EXIT_FAILURE;
  }

  display = progressDisplay(process.stderr, `meanfield ${cmd.id}`, params.quiet === true);
  const input: WorkerInput = { commandId: cmd.id, params, stagingDir };
  try {
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: input });
    worker = w;
    return await new Promise<number>((resolvePromise) => {
      let settled = false;
      const finish = (code: number) => {
        if (settled) return;
        settled = true;
        display?.clear();
        display?.stop?.();
        resolvePromise(code);
      };
      w.on("message", (m: WorkerMessage) => {
        if (settled) return;
        switch (m.type) {
          case "progress":
            display?.draw(m);
            break;
          case "info":
            display?.clear();
            process.stderr.write(`${m.message}\n`);
            break;
          case "commit":
            if (stagingDir && outAbs && params.out !== undefined) {
              try {
                commitFiles(stagingDir, outAbs, params.out, m.files);
              } catch (e) {
                void w.terminate();
                display?.clear();
                process.stderr.write(`meanfield ${cmd.id}: error: ${(e as Error).message}\n`);
                finish(EXIT_USAGE);
              }
            }
            break;
          case "done":
            display?.clear();
            if (params.json) process.stdout.write(stringifyResult(m.result));
            else process.stdout.write(m.summary.endsWith("\n") ? m.summary : `${m.summary}\n`);
            finish(m.exitCode);
            break;
          case "error":
            display?.clear();
            process.stderr.write(`${describeError(cmd, m, m.usage)}\n`);
            finish(m.usage ? EXIT_USAGE : EXIT_FAILURE);
            break;
        }
      });
      w.on("error", (e) => {
        display?.clear();
        process.stderr.write(`meanfield ${cmd.id}: internal error: ${internalMessage(e)}\n`);
        finish(EXIT_FAILURE);
      });
      w.on("exit", (code) => {
        if (!settled) {
          process.stderr.write(`meanfield ${cmd.id}: worker exited unexpectedly (code ${code})\n`);
          finish(EXIT_FAILURE);
        }
      });
    });
  } finally {
    display?.stop?.();
    detach();
    removeStaging(stagingDir);
  }
}

/** The outcome of one command run on its own worker thread (runOnWorker). */
export type WorkerOutcome =
  | { ok: true; result: unknown; exitCode: number }
  | { ok: false; message: string; usage: boolean };

/**
 * Runs one command on a fresh worker thread without --out (a sweep point): resolves with its result
 * JSON or its error message; never rejects. `handle.terminate()` stops it (resolving as an error).
 */
export function runOnWorker(
  cmd: CommandSpec,
  params: Params,
  onProgress?: (e: ProgressEvent) => void,
): { done: Promise<WorkerOutcome>; terminate: () => void } {
  const input: WorkerInput = { commandId: cmd.id, params: { ...params, json: true, quiet: true } };
  const w = new Worker(fileURLToPath(import.meta.url), { workerData: input });
  let settled = false;
  const done = new Promise<WorkerOutcome>((resolvePromise) => {
    const finish = (o: WorkerOutcome) => {
      if (settled) return;
      settled = true;
      void w.terminate();
      resolvePromise(o);
    };
    w.on("message", (m: WorkerMessage) => {
      if (m.type === "progress") onProgress?.(m);
      else if (m.type === "done") finish({ ok: true, result: m.result, exitCode: m.exitCode });
      else if (m.type === "error")
        finish({
          ok: false,
          message: describeError(cmd, m, false).replace(/^meanfield [^:]+: error: /, ""),
          usage: m.usage,
        });
    });
    w.on("error", (e) =>
      finish({ ok: false, message: `internal error: ${internalMessage(e)}`, usage: false }),
    );
    w.on("exit", (code) =>
      finish({ ok: false, message: `worker exited unexpectedly (code ${code})`, usage: false }),
    );
  });
  return {
    done,
    terminate: () => {
      void w.terminate();
    },
  };
}

/** Worker thread: runs the command and reports back. */
export async function workerMain(findCommand: (id: string) => CommandSpec | undefined): Promise<void> {
  const port = parentPort;
  if (isMainThread || !port) throw new Error("workerMain must run on a worker thread");
  const { commandId, params, stagingDir } = workerData as WorkerInput;
  const post = (m: WorkerMessage) => port.postMessage(m);
  const cmd = findCommand(commandId);
  if (!cmd) {
    post({ type: "error", name: "Error", message: `unknown command ${commandId}`, usage: true });
    return;
  }
  const out = stagingDir ? new OutputStage(stagingDir, (files) => post({ type: "commit", files })) : null;
  const timings: Record<string, number> = {};
  let lastPost = 0;
  const progress: Progress = {
    update(label, done, total, detail) {
      const now = performance.now();
      if (now - lastPost < 50 && done < total) return;
      lastPost = now;
      post({ type: "progress", label, done, total, detail });
    },
  };
  const ctx: RunContext = {
    seed: params.seed,
    out,
    progress,
    async time(label, f) {
      const t0 = performance.now();
      try {
        return await f();
      } finally {
        timings[label] = (timings[label] ?? 0) + (performance.now() - t0) / 1000;
      }
    },
    info(message) {
      if (!params.json && !params.quiet) post({ type: "info", message });
    },
  };
  const t0 = performance.now();
  try {
    const outcome = await cmd.run(params, ctx);
    timings.totalSeconds = (performance.now() - t0) / 1000;
    const full = {
      command: cmd.id,
      params: recordedParams(cmd, params),
      seed: params.seed,
      ...outcome.result,
      timings,
      versions: packageVersions(),
    };
    const plain = toPlain(full);
    if (out && cmd.writesResultJson !== false) out.writeJson("result.json", plain);
    out?.commit();
    post({ type: "done", result: plain, summary: outcome.summary, exitCode: outcome.exitCode ?? EXIT_OK });
  } catch (e) {
    const err = e as Error & { parameter?: string };
    post({
      type: "error",
      name: err?.name ?? "Error",
      message: err?.message ?? String(e),
      parameter: err?.parameter,
      usage: e instanceof UsageError || isInvalidArgument(e),
    });
  }
}
