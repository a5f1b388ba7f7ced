/**
 * Exit codes and the two kinds of failure the CLI distinguishes: a usage error (bad flag, value out of
 * range, malformed config file — nothing was computed, exit 2) and a runtime failure (a solver did
 * not converge, a file could not be written — exit 1). Ctrl-C exits 130, as shells expect.
 */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;

/** Bad command-line input; the message names the flag and the allowed values. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  /** The command path (e.g. "dln simulate"), so the message can point at its --help. */
  readonly command?: string;
  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

/** A failure while computing (e.g. a solver that did not converge); exit code 1. */
export class RuntimeFailure extends Error {
  override readonly name = "RuntimeFailure";
  readonly details?: Record<string, unknown>;
  constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.details = details;
  }
}

interface ErrorLike {
  name?: string;
  code?: string;
  parameter?: string;
  message?: string;
}

/** True for a MeanfieldError complaining about its input (code INVALID_ARGUMENT or SHAPE_MISMATCH). */
export function isInvalidArgument(e: unknown): boolean {
  const err = e as ErrorLike | null;
  return (
    typeof err === "object" &&
    err !== null &&
    err.name === "MeanfieldError" &&
    (err.code === "INVALID_ARGUMENT" || err.code === "SHAPE_MISMATCH")
  );
}

/** Converts a camelCase parameter name (as packages report it) to its kebab-case flag. */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
