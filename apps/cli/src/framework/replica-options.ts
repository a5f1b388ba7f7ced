import { shown, UsageError } from "./errors.js";
import { EMPTY, numberOption, stringOption } from "./options.js";

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

/**
 * Largest finite K: the Gaussian-equivalent formula is instant at any K, but the exact finite-K theory of
 * ReLU and sign costs O(K²) per sample (K = 3: 4 s, K = 24: 30 s) and stops at K = 32 (sign beyond it is
 * refused naming --K); "inf" is the limit.
 */
export const MAX_K = 100;

/** "inf"/"infinity"/"∞" → Infinity; an integer in [1, MAX_K] (string or number) → that integer; else undefined. */
export function parseK(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isSafeInteger(v) && v >= 1 && v <= MAX_K ? v : undefined;
  if (typeof v !== "string") return undefined;
  const s = v.trim().toLowerCase();
  if (s === "inf" || s === "infinity" || s === "∞") return Number.POSITIVE_INFINITY;
  if (!/^\d+$/.test(s)) return undefined;
  const k = Number(s);
  return Number.isSafeInteger(k) && k >= 1 && k <= MAX_K ? k : undefined;
}

const K_ALLOWED = `must be a positive integer up to ${MAX_K} or "inf" (the K → ∞ limit)`;

export const kOption = stringOption("K", {
  key: "K",
  description: `number of hidden units K: a positive integer up to ${MAX_K} (ReLU and sign: exact RS theory up to K = 32, seconds to half a minute; sign refused above), or "inf" for the K → ∞ theory`,
  default: "inf",
  placeholder: "K",
  check: ((v: string) => (parseK(v) === undefined ? K_ALLOWED : undefined)) as (
    v: never,
  ) => string | undefined,
});

export const thresholdOption = stringOption("threshold", {
  key: "threshold",
  description:
    "output threshold: centred (the output Σ(g − m₀)/√K against 0) or learned (against a threshold optimised with the weights; K = 1, ReLU and smooth g at finite K (smooth g: minutes), and K → ∞ where it equals centred)",
  default: "centred",
  choices: ["centred", "learned"],
  placeholder: "NAME",
});

export const marginOption = numberOption("margin", {
  description: "margin κ ≥ 0 required of every stored pattern",
  default: 0,
  min: 0,
  max: 10,
});

export function kOf(v: unknown): number {
  const k = parseK(v);
  if (k === undefined) throw new UsageError(`invalid value for --K: ${K_ALLOWED}; got ${shown(v)}`);
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

/** Names a formula may use (mirrors the safe grammar of @meanfield/replica, which has the final word). */
const FORMULA_NAMES = new Set([
  "x",
  "pi",
  "e",
  ..."abs sign sqrt cbrt exp expm1 log log1p log2 log10 sin cos tan sinh cosh tanh sech asinh atan erf max min pow".split(
    " ",
  ),
]);

const TOKEN = /\s+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[A-Za-z_]\w*|[-+*/^(),]/y;

/** What is wrong with a formula at a glance (characters, names, parentheses), or undefined. */
function formulaProblem(text: string): string | undefined {
  if (text.length > 500) return "at most 500 characters";
  let depth = 0;
  for (let i = 0; i < text.length; ) {
    TOKEN.lastIndex = i;
    const token = TOKEN.exec(text)?.[0];
    if (token === undefined) return `unexpected character ${shown(text[i])} at position ${i + 1}`;
    if (/^[A-Za-z_]/.test(token) && !FORMULA_NAMES.has(token)) {
      return `unknown name ${shown(token, 40)} (allowed: ${[...FORMULA_NAMES].join(", ")})`;
    }
    if (token === "(") depth++;
    if (token === ")" && --depth < 0) return "unbalanced parentheses";
    i += token.length;
  }
  return depth === 0 ? undefined : "unbalanced parentheses";
}

function unknownActivation(text: string): UsageError {
  return new UsageError(
    `unknown activation ${shown(text)} for --activation (built-ins: ${BUILTIN_ACTIVATIONS.join(", ")}; or give a formula in x such as "tanh(2*x)")`,
  );
}

/**
 * Checks --activation before any work without loading the replica package (which is slow to import):
 * a built-in name, or a formula made of the grammar's characters and names. The worker parses the
 * formula in full (resolveActivation) and reports what remains as a usage error too.
 */
export function checkActivation(text: string): void {
  const t = text.trim();
  if (t === "") throw new UsageError(`invalid value for --activation: ${EMPTY}`);
  if ((BUILTIN_ACTIVATIONS as readonly string[]).includes(t.toLowerCase())) return;
  if (/^[A-Za-z_][\w-]*$/.test(t) && !FORMULA_NAMES.has(t)) throw unknownActivation(text);
  const problem = formulaProblem(t);
  if (problem) throw new UsageError(`invalid --activation formula ${shown(text)}: ${problem}`);
}

type Replica = typeof import("@meanfield/replica");

/** The activation of --activation, in the worker; a formula the package rejects is a usage error. */
export function resolveActivation(replica: Replica, text: string): ReturnType<Replica["createActivation"]> {
  try {
    return replica.createActivation(activationSpec(text) as never);
  } catch (e) {
    const msg = (e as Error).message.replace(/^activation\.formula /, "");
    throw new UsageError(`invalid --activation formula ${shown(text)}: ${msg}`);
  }
}
