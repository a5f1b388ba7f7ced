import { accessSync, constants, statSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { shown, UsageError } from "./errors.js";
import { EMPTY } from "./options.js";

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
