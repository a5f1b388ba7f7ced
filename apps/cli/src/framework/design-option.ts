import type { Params } from "./command.js";
import { UsageError } from "./errors.js";
import { stringOption } from "./options.js";

/** The built-in designs of @meanfield/dln (mirrored so that usage errors need not load the package). */
export const DESIGN_NAMES = [
  "gaussian",
  "rademacher",
  "sparseBernoulli",
  "studentT",
  "correlatedGaussian",
] as const;

/** True when --design names a data file rather than a built-in design. */
export function isDesignFile(value: string): boolean {
  return /\.(csv|npy)$/i.test(value);
}

/** --design NAME|FILE of the commands that simulate the finite-size flow. */
export const designOption = stringOption("design", {
  description:
    "design X: a built-in ensemble with entries of second moment 1/d — gaussian, rademacher (±1/√d), sparseBernoulli " +
    "(p = 0.1), studentT (ν = 5), correlatedGaussian (AR(1) columns, r = 0.5; outside the i.i.d. DMFT theory) — " +
    "or a .csv/.npy file of real data (standardised column-wise, then scaled by 1/√d; n and d come from the file, " +
    "the teacher and labels are drawn as usual)",
  default: "gaussian",
  placeholder: "NAME|FILE",
  check: ((v: string) =>
    (DESIGN_NAMES as readonly string[]).includes(v) || isDesignFile(v)
      ? undefined
      : `must be one of ${DESIGN_NAMES.join(", ")} or a path ending in .csv or .npy; got "${v}"`) as never,
});

/**
 * The design part of the DlnParams: { design } for a built-in name, or { X } read from the file
 * (the file's errors name --design and the line or entry). For a file, n and d come from X and are
 * written back into the params (p.n, p.d), so that the summary, the figures and the recorded
 * params show the dimensions actually used.
 */
export async function designParamsOf(
  p: Params,
): Promise<{ design?: string; X?: unknown; n?: number; d?: number }> {
  const value = (p.design as string | undefined) ?? "gaussian";
  if (!isDesignFile(value)) return { design: value };
  const dln = await import("@meanfield/dln");
  const { X } = dln.readDesignFile(value, { optionName: "--design" });
  p.n = X.rows;
  p.d = X.cols;
  return { X, n: X.rows, d: X.cols };
}

/** Reads a --design file once before computing, so that a bad file is a usage error (exit 2). */
export async function checkDesign(p: Params): Promise<void> {
  const value = p.design as string | undefined;
  if (value === undefined || !isDesignFile(value)) return;
  const dln = await import("@meanfield/dln");
  try {
    dln.readDesignFile(value, { optionName: "--design" });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
