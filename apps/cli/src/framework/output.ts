import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { type Cell, columnsToCsv, toCsv } from "./csv.js";
import { UsageError } from "./errors.js";
import { stringifyResult } from "./json.js";

/**
 * Atomic output. Files are first written into a private staging directory next to --out (inside
 * its nearest existing ancestor, so the final rename stays on one file system), then renamed into
 * --out when complete. A failure or Ctrl-C before the commit leaves --out untouched, and the staging
 * directory is always removed.
 */
export class OutputStage {
  private pending: string[] = [];
  private all: string[] = [];

  constructor(
    readonly stagingDir: string,
    private readonly onCommit: (files: string[]) => void,
  ) {}

  private path(rel: string): string {
    const p = resolve(this.stagingDir, rel);
    if (!p.startsWith(this.stagingDir + sep)) throw new Error(`output path escapes --out: ${rel}`);
    mkdirSync(dirname(p), { recursive: true });
    return p;
  }

  writeText(rel: string, text: string): void {
    writeFileSync(this.path(rel), text);
    this.pending.push(rel);
    this.all.push(rel);
  }

  writeBytes(rel: string, data: Uint8Array): void {
    writeFileSync(this.path(rel), data);
    this.pending.push(rel);
    this.all.push(rel);
  }

  writeJson(rel: string, value: unknown): void {
    this.writeText(rel, stringifyResult(value));
  }

  writeCsv(rel: string, columns: readonly string[], rows: readonly (readonly Cell[])[]): void {
    this.writeText(rel, toCsv(columns, rows));
  }

  writeColumnsCsv(rel: string, columns: Record<string, ArrayLike<Cell>>): void {
    this.writeText(rel, columnsToCsv(columns));
  }

  /** Moves every file written since the last commit into --out (all complete, so all or nothing per batch). */
  commit(): void {
    if (this.pending.length === 0) return;
    const files = this.pending;
    this.pending = [];
    this.onCommit(files);
  }

  /** Every file written so far (relative to --out). */
  files(): string[] {
    return [...this.all];
  }
}

/** Checks --out before any work: it must be a directory or not exist yet. */
export function checkOutDir(out: string): string {
  const abs = resolve(out);
  if (existsSync(abs) && !statSync(abs).isDirectory()) {
    throw new UsageError(`--out "${out}" exists and is not a directory`);
  }
  return abs;
}

/** Creates the staging directory beside --out (in its nearest existing ancestor). */
export function createStaging(outAbs: string): string {
  let base = dirname(outAbs);
  while (!existsSync(base)) base = dirname(base);
  try {
    return mkdtempSync(join(base, ".meanfield-staging-"));
  } catch (e) {
    throw new UsageError(`cannot write next to --out "${outAbs}": ${(e as Error).message}`);
  }
}

/** Renames staged files into --out (creating it); main thread only, so a signal cannot split it. */
export function commitFiles(stagingDir: string, outAbs: string, files: readonly string[]): void {
  for (const rel of files) {
    const from = join(stagingDir, rel);
    const to = join(outAbs, rel);
    mkdirSync(dirname(to), { recursive: true });
    try {
      renameSync(from, to);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
      // Different file systems: copy beside the target, then rename (still atomic per file).
      const tmp = `${to}.partial-${process.pid}`;
      copyFileSync(from, tmp);
      renameSync(tmp, to);
    }
  }
}

export function removeStaging(stagingDir: string | undefined): void {
  if (stagingDir) rmSync(stagingDir, { recursive: true, force: true });
}
