import { UsageError } from "../framework/errors.js";
import { numberOption, stringOption } from "../framework/options.js";

/** Built-in activations the CLI advertises (the replica package may know more). */
export const BUILTIN_ACTIVATIONS = [
  "relu",
  "erf",
  "tanh",
  "linear",
  "quadratic",
  "sign",
  "softplus",
  "gelu",
  "sigmoid",
];

export const activationOption = stringOption("activation", {
  description:
    `activation g: a built-in name (${BUILTIN_ACTIVATIONS.join(", ")}) or a formula in x from a small safe ` +
    'grammar, e.g. "tanh(2*x)" or "max(x, 0)^2" (parsed, never evaluated as JavaScript)',
  default: "relu",
  placeholder: "NAME|FORMULA",
});

export const kOption = stringOption("K", {
  key: "K",
  description: 'number of hidden units K: a positive integer, or "inf" for the K → ∞ theory',
  default: "inf",
  placeholder: "K",
  check: ((v: string) => (parseK(v) === undefined ? 'must be a positive integer or "inf"' : undefined)) as (
    v: never,
  ) => string | undefined,
});

export const marginOption = numberOption("margin", {
  description: "margin κ ≥ 0 required of every stored pattern",
  default: 0,
  min: 0,
  max: 10,
});

/** "inf"/"infinity"/"Infinity" → Infinity; a positive integer string (or number) → that integer. */
export function parseK(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isInteger(v) && v >= 1 ? v : undefined;
  if (typeof v !== "string") return undefined;
  const s = v.trim().toLowerCase();
  if (s === "inf" || s === "infinity" || s === "∞") return Number.POSITIVE_INFINITY;
  if (!/^\d+$/.test(s)) return undefined;
  const k = Number(s);
  return Number.isSafeInteger(k) && k >= 1 ? k : undefined;
}

export function kOf(v: unknown): number {
  const k = parseK(v);
  if (k === undefined)
    throw new UsageError(
      `invalid value for --K: must be a positive integer or "inf"; got ${JSON.stringify(v)}`,
    );
  return k;
}
