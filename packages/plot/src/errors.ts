/**
 * The one error type of @meanfield/plot. plot depends on no science package, so it carries its own
 * small error class instead of `MeanfieldError`; `code` and `parameter` mirror that class's fields so a
 * caller can treat both alike.
 */
export type PlotErrorCode = "INVALID_ARGUMENT" | "RENDER" | "IO";

export class PlotError extends Error {
  readonly code: PlotErrorCode;
  /** The option or series the error is about, e.g. `"series[1].y"` or `"y.log"`. */
  readonly parameter?: string;
  readonly details?: Record<string, unknown>;

  constructor(
    code: PlotErrorCode,
    message: string,
    options: { parameter?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PlotError";
    this.code = code;
    if (options.parameter !== undefined) this.parameter = options.parameter;
    if (options.details !== undefined) this.details = options.details;
  }
}

export function invalid(parameter: string, message: string, details?: Record<string, unknown>): PlotError {
  return new PlotError("INVALID_ARGUMENT", message, { parameter, ...(details ? { details } : {}) });
}
