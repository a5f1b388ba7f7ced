import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { type Cell, columnsToCsv, toCsv } from "./csv.js";
import { shown, UsageError } from "./errors.js";
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

/** Creates the staging directory beside --out (in its nearest existing ancestor). */
export function createStaging(outAbs: string): string {
  let base = dirname(outAbs);
  while (!existsSync(base)) base = dirname(base);
  try {
    return mkdtempSync(join(base, ".meanfield-staging-"));
  } catch (e) {
    throw new UsageError(`cannot write to --out ${shown(outAbs)}: ${(e as Error).message}`);
  }
}

const FS_ERRORS: Readonly<Record<string, string>> = {
  EISDIR: "a directory of that name is in the way",
  ENOTDIR: "a file is in the way of a directory",
  EEXIST: "a file is in the way",
  ENAMETOOLONG: "the name is too long",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
};

/**
 * Renames staged files into --out (creating it); main thread only, so a signal cannot split it. A file
 * that cannot be put there (checked before the run, but the destination may change meanwhile) is a
 * UsageError naming --out and the file, never a stack trace.
 */
export function commitFiles(stagingDir: string, outAbs: string, out: string, files: readonly string[]): void {
  for (const rel of files) {
    const from = join(stagingDir, rel);
    const to = join(outAbs, rel);
    try {
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
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = (err.code && FS_ERRORS[err.code]) ?? err.message;
      throw new UsageError(
        `cannot write ${rel} into --out ${shown(out)}: ${why}${err.code ? ` (${err.code})` : ""}`,
      );
    }
  }
}

export function removeStaging(stagingDir: string | undefined): void {
  if (stagingDir) rmSync(stagingDir, { recursive: true, force: true });
}
