import {
  accessSync,
  constants,
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
import { shown, UsageError } from "./errors.js";
import { stringifyResult } from "./json.js";
import { EMPTY } from "./options.js";

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

/** Longest file name (one path component) and path most file systems accept, in bytes. */
const NAME_MAX = 255;
const PATH_MAX = 4095;

function outError(out: string, why: string): UsageError {
  return new UsageError(`cannot write to --out ${shown(out)}: ${why}`);
}

/** An existing path's kind, or "missing" (also when a component above it is a file). */
function kind(p: string): "dir" | "file" | "missing" {
  try {
    return statSync(p).isDirectory() ? "dir" : "file";
  } catch {
    return "missing";
  }
}

/**
 * Checks --out before any work, so that a run never computes for minutes and then fails to commit:
 * the path must be non-empty, every name in it short enough (ENAMETOOLONG), every existing part of it
 * a directory (ENOTDIR), no file the command writes may exist there as a directory (EISDIR), and the
 * place where it is (or will be) created must be writable. Returns the absolute path.
 */
export function checkOutDir(out: string, files: readonly string[] = []): string {
  if (out.trim() === "") throw new UsageError(`invalid value for --out: ${EMPTY}`);
  const abs = resolve(out);
  const paths = [abs, ...files.map((f) => join(abs, f))];
  for (const p of paths) {
    const long = p.split(sep).find((part) => Buffer.byteLength(part) > NAME_MAX);
    if (long !== undefined) {
      throw outError(
        out,
        `the name ${shown(long, 40)} is ${Buffer.byteLength(long)} bytes long; names are limited to ${NAME_MAX} bytes (ENAMETOOLONG)`,
      );
    }
    if (Buffer.byteLength(p) > PATH_MAX) {
      throw outError(out, `the path ${shown(p, 40)} is longer than ${PATH_MAX} bytes (ENAMETOOLONG)`);
    }
  }
  // Every existing ancestor of the output directory must be a directory.
  let base = abs;
  while (kind(base) === "missing" && dirname(base) !== base) base = dirname(base);
  if (kind(base) === "file") {
    if (base === abs) throw new UsageError(`--out ${shown(out)} exists and is not a directory`);
    throw outError(out, `${shown(base)} is a file, not a directory (ENOTDIR)`);
  }
  if (base === abs) {
    for (const f of files) {
      // Each file's own path: a directory where a file must go, or a file where a directory must go.
      const parts = f.split("/");
      for (let i = 1; i <= parts.length; i++) {
        const p = join(abs, ...parts.slice(0, i));
        const k = kind(p);
        if (k === "missing") break;
        if (i === parts.length && k === "dir") {
          throw outError(
            out,
            `${shown(join(out, f))} exists and is a directory, where the file ${f} must go (EISDIR); remove it or choose another --out`,
          );
        }
        if (i < parts.length && k === "file") {
          throw outError(
            out,
            `${shown(join(out, ...parts.slice(0, i)))} is a file, not a directory (ENOTDIR)`,
          );
        }
      }
    }
  }
  try {
    accessSync(base, constants.W_OK | constants.X_OK);
  } catch {
    throw outError(out, `${shown(base)} is not writable (EACCES)`);
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
