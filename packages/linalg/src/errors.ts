/**
 * The one error class of meanfield. Every package throws it for bad input (code
 * `INVALID_ARGUMENT`, naming the parameter and the allowed range) and for numerical
 * failures that must not be returned as answers (code `NOT_CONVERGED`, `SINGULAR`, ...).
 */
export type MeanfieldErrorCode =
  | "INVALID_ARGUMENT"
  | "SHAPE_MISMATCH"
  | "NOT_CONVERGED"
  | "SINGULAR"
  | "NOT_BRACKETED"
  | "CANCELLED"
  | "DIVERGENT"
  | "IO";

export class MeanfieldError extends Error {
  readonly code: MeanfieldErrorCode;
  /** The offending parameter's name, where one is to blame. */
  readonly parameter?: string;
  /** Extra structured context (e.g. a solver's last residual). */
  readonly details?: Record<string, unknown>;

  constructor(
    code: MeanfieldErrorCode,
    message: string,
    options: { parameter?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "MeanfieldError";
    this.code = code;
    this.parameter = options.parameter;
    this.details = options.details;
  }
}

/** True when `e` is a MeanfieldError (also across bundle copies, by name and code). */
export function isMeanfieldError(e: unknown): e is MeanfieldError {
  return (
    e instanceof MeanfieldError ||
    (typeof e === "object" && e !== null && (e as Error).name === "MeanfieldError" && "code" in e)
  );
}
