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
 * Runs the CLI and sends SIGINT once the staging directory beside --out exists (the run has started
 * its work; polled every 50 ms) plus `afterMs`; resolves with its exit code.
 */
export function cliInterrupted(args: string[], cwd: string, afterMs: number): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b) => {
      stdout += b;
    });
    child.stderr.on("data", (b) => {
      stderr += b;
    });
    let timer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (readdirSync(cwd).some((f) => f.startsWith(".meanfield-staging-"))) {
        clearInterval(poll);
        timer = setTimeout(() => child.kill("SIGINT"), afterMs);
      }
    }, 50);
    child.on("exit", (code, signal) => {
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      resolvePromise({ code: code ?? (signal ? 128 : null), stdout, stderr });
    });
  });
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
