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

/** Package parameter names whose flag is not their kebab-case spelling. */
const PARAMETER_FLAGS: Readonly<Record<string, string>> = {
  T: "--t-max",
  kappa: "--margin",
  activation: "--activation",
  "activation.formula": "--activation",
  "activation.name": "--activation",
};

/**
 * The flag a package's parameter name stands for, when the command has that flag; otherwise undefined
 * (internal names such as "A" or "tUniform" must never be shown as if they were flags).
 */
export function flagFor(parameter: string | undefined, flags: readonly string[]): string | undefined {
  if (!parameter) return undefined;
  const flag = PARAMETER_FLAGS[parameter] ?? flagOf(parameter);
  return flags.includes(flag) ? flag : undefined;
}

/**
 * A value echoed in a message: a string JSON-quoted, anything else as JSON (non-finite numbers by name),
 * cut to about `max` characters so that a pasted 100 kB value does not flood the terminal.
 */
export function shown(value: unknown, max = 80): string {
  if (typeof value === "string") {
    if (value.length <= max) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, max))}… (${value.length} characters)`;
  }
  const text =
    typeof value === "number" && !Number.isFinite(value)
      ? String(value)
      : (JSON.stringify(value) ?? String(value));
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** An unexpected error for the user: its message (the stack only with MEANFIELD_DEBUG=1). */
export function internalMessage(e: unknown): string {
  const err = e as Error | null;
  if (process.env.MEANFIELD_DEBUG && err?.stack) return err.stack;
  return err?.message ?? String(e);
}
