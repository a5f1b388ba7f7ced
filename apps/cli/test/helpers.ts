import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The BUILT CLI: tests drive it exactly as a user does (build first: pnpm turbo run build). */
export const CLI = resolve(dirname(fileURLToPath(import.meta.url)), "../dist/cli.js");

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  timeoutMs?: number;
  /** Extra environment; a variable set to undefined is removed (e.g. MEANFIELD_NO_PROGRESS). */
  env?: Record<string, string | undefined>;
  /** Node flags before the script (e.g. --import a module hook). */
  nodeArgs?: string[];
}

export function cli(args: string[], options: CliOptions = {}): RunResult {
  const env: Record<string, string | undefined> = {
    ...process.env,
    MEANFIELD_NO_PROGRESS: "1",
    NO_COLOR: "1",
    ...options.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
    cwd: options.cwd,
    encoding: "utf8",
    timeout: options.timeoutMs ?? 60_000,
    env: env as NodeJS.ProcessEnv,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Spawns the CLI with stdout and stderr collected (`onStderr` sees the stderr so far after every
 * chunk); `result` resolves on exit, a signal death reading as code 128.
 */
export function spawnCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; onStderr?: (stderr: string) => void } = {},
): { child: ReturnType<typeof spawn>; result: Promise<RunResult> } {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (b) => {
    stdout += b;
  });
  child.stderr?.on("data", (b) => {
    stderr += b;
    options.onStderr?.(stderr);
  });
  const result = new Promise<RunResult>((done) => {
    // "close" (not "exit"): fires once the process has exited AND its output streams are drained,
    // so no trailing stdout/stderr is lost
    child.on("close", (code, signal) => done({ code: code ?? (signal ? 128 : null), stdout, stderr }));
  });
  return { child, result };
}

/** Calls `act` once the staging directory beside --out exists in `cwd` (polled every `everyMs`). */
function whenStaging(cwd: string, everyMs: number, act: () => void): () => void {
  const poll = setInterval(() => {
    if (readdirSync(cwd).some((f) => f.startsWith(".meanfield-staging-"))) {
      clearInterval(poll);
      act();
    }
  }, everyMs);
  return () => clearInterval(poll);
}

/**
 * Runs the CLI and sends SIGINT once the staging directory beside --out exists (the run has started
 * its work; polled every 50 ms) plus `afterMs`; resolves with its exit code.
 */
export async function cliInterrupted(args: string[], cwd: string, afterMs: number): Promise<RunResult> {
  const { child, result } = spawnCli(args, { cwd });
  let timer: NodeJS.Timeout | undefined;
  const stop = whenStaging(cwd, 50, () => {
    timer = setTimeout(() => child.kill("SIGINT"), afterMs);
  });
  const r = await result;
  stop();
  if (timer) clearTimeout(timer);
  return r;
}

/** Runs the CLI and calls `act` once its staging directory beside --out exists (polled every 10 ms). */
export async function cliWhenStaging(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  act: () => void,
): Promise<RunResult> {
  const { result } = spawnCli(args, { cwd, env });
  const stop = whenStaging(cwd, 10, act);
  const r = await result;
  stop();
  return r;
}

const created: string[] = [];

/** A fresh temporary directory, removed by removeTempDirs() (called after each test file). */
export function tempDir(prefix = "meanfield-cli-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Every file and directory under dir (relative), including hidden staging directories. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      out.push(r);
      if (e.isDirectory()) walk(join(d, e.name), r);
    }
  };
  walk(dir, "");
  return out.sort();
}
