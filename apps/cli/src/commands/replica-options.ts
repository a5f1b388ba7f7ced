import { UsageError } from "../framework/errors.js";
import { numberOption, stringOption } from "../framework/options.js";

/** Built-in activations (mirrors BUILTIN_ACTIVATIONS of @meanfield/replica, which has the final word). */
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
] as const;

export const activationOption = stringOption("activation", {
  description:
    `activation g: a built-in name (${BUILTIN_ACTIVATIONS.join(", ")}) or a formula in x from a small safe ` +
    'grammar, e.g. "tanh(2*x)" or "max(x, 0)^2" (parsed, never run as JavaScript)',
  default: "relu",
  placeholder: "NAME|FORMULA",
});

/** "inf"/"infinity"/"∞" → Infinity; a positive integer (string or number) → that integer; else undefined. */
export function parseK(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isSafeInteger(v) && v >= 1 ? v : undefined;
  if (typeof v !== "string") return undefined;
  const s = v.trim().toLowerCase();
  if (s === "inf" || s === "infinity" || s === "∞") return Number.POSITIVE_INFINITY;
  if (!/^\d+$/.test(s)) return undefined;
  const k = Number(s);
  return Number.isSafeInteger(k) && k >= 1 ? k : undefined;
}

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

export function kOf(v: unknown): number {
  const k = parseK(v);
  if (k === undefined)
    throw new UsageError(
      `invalid value for --K: must be a positive integer or "inf"; got ${JSON.stringify(v)}`,
    );
  return k;
}

/** K as JSON: a number, or "infinity" (JSON has no ∞). */
export function kJson(K: number): number | "infinity" {
  return Number.isFinite(K) ? K : "infinity";
}

/** The replica package's ActivationSpec for the --activation text: a built-in name or a formula. */
export function activationSpec(text: string): string | { formula: string; name: string } {
  const t = text.trim();
  return (BUILTIN_ACTIVATIONS as readonly string[]).includes(t.toLowerCase())
    ? t.toLowerCase()
    : { formula: t, name: t };
}

/** Resolves --activation before any work; an unknown name or a bad formula is a usage error. */
export async function checkActivation(text: string): Promise<void> {
  const replica = await import("@meanfield/replica");
  try {
    replica.createActivation(activationSpec(text) as never);
  } catch (e) {
    const msg = (e as Error).message;
    if (/^[A-Za-z_][\w-]*$/.test(text.trim()) && text.trim() !== "x") {
      throw new UsageError(
        `unknown activation "${text}" for --activation (built-ins: ${replica.BUILTIN_ACTIVATIONS.join(", ")}; or give a formula in x such as "tanh(2*x)")`,
      );
    }
    throw new UsageError(
      `invalid --activation formula "${text}": ${msg.replace(/^activation\.formula /, "")}`,
    );
  }
}
