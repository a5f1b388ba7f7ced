import { z } from "zod";

/**
 * One command-line option. The same description drives the parser (node:util parseArgs), the config
 * file schema (zod, strict: unknown keys are errors), the range checks and the --help text, so the
 * three can never disagree.
 */
export type OptionKind = "number" | "integer" | "string" | "boolean" | "numberList";

export interface OptionSpec {
  /** Flag name without dashes, as typed: "t-max", "K". */
  flag: string;
  /** Key in params and in the config file: camelCase of the flag ("tMax", "K"). */
  key: string;
  kind: OptionKind;
  description: string;
  default?: unknown;
  /** Placeholder in help, e.g. "N" or "NAME". */
  placeholder?: string;
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  choices?: readonly string[];
  /** Extra check beyond the range (returns an error message or undefined). */
  check?: (value: never) => string | undefined;
  /** Not allowed in the config file (e.g. --config, --help). */
  cliOnly?: boolean;
  /** Listed in help under "Common options". */
  common?: boolean;
  /** Left out of the params recorded in the result (e.g. --out, --json). */
  notAParam?: boolean;
}

type OptionInit = Omit<OptionSpec, "key" | "kind" | "flag"> & { key?: string };

export function camelCase(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function make(kind: OptionKind, flag: string, init: OptionInit): OptionSpec {
  return { ...init, flag, kind, key: init.key ?? camelCase(flag) };
}

export const numberOption = (flag: string, init: OptionInit) => make("number", flag, init);
export const integerOption = (flag: string, init: OptionInit) => make("integer", flag, init);
export const stringOption = (flag: string, init: OptionInit) => make("string", flag, init);
export const booleanOption = (flag: string, init: OptionInit) => make("boolean", flag, init);
/** Comma-separated numbers: --alphas 0.01,0.1,1 (an array in the config file). */
export const numberListOption = (flag: string, init: OptionInit) => make("numberList", flag, init);

/** "(0, 1]", "≥ 0", "> 0", or "" when unbounded. */
export function rangeText(o: OptionSpec): string {
  const hasMin = o.min !== undefined;
  const hasMax = o.max !== undefined;
  if (hasMin && hasMax) {
    return `${o.minExclusive ? "(" : "["}${o.min}, ${o.max}${o.maxExclusive ? ")" : "]"}`;
  }
  if (hasMin) return `${o.minExclusive ? ">" : ">="} ${o.min}`;
  if (hasMax) return `${o.maxExclusive ? "<" : "<="} ${o.max}`;
  return "";
}

/** What the option accepts, in words, for error messages and help. */
export function allowedText(o: OptionSpec): string {
  const range = rangeText(o);
  switch (o.kind) {
    case "integer":
      return range
        ? `an integer ${range.startsWith("[") || range.startsWith("(") ? `in ${range}` : range}`
        : "an integer";
    case "number":
      return range
        ? `a number ${range.startsWith("[") || range.startsWith("(") ? `in ${range}` : range}`
        : "a finite number";
    case "numberList":
      return range
        ? `a comma-separated list of numbers, each ${range.startsWith("[") || range.startsWith("(") ? `in ${range}` : range}`
        : "a comma-separated list of numbers";
    case "boolean":
      return "true or false";
    case "string":
      return o.choices ? `one of ${o.choices.join(", ")}` : "a string";
  }
}

function inRange(o: OptionSpec, v: number): boolean {
  if (!Number.isFinite(v)) return false;
  if (o.kind === "integer" && !Number.isInteger(v)) return false;
  if (o.min !== undefined && (o.minExclusive ? v <= o.min : v < o.min)) return false;
  if (o.max !== undefined && (o.maxExclusive ? v >= o.max : v > o.max)) return false;
  return true;
}

/** The message for an empty string value (typically an unset shell variable: --out "$OUTDIR"). */
export const EMPTY = "must not be empty (is a shell variable unset?)";

/** The zod schema of one option's value (used for the config file and for the merged values). */
export function optionSchema(o: OptionSpec): z.ZodType {
  const must = `must be ${allowedText(o)}`;
  let base: z.ZodType;
  switch (o.kind) {
    case "number":
    case "integer":
      // zod rejects ±Infinity (JSON's 1e400) as a non-number: say that it is not finite.
      base = z
        .number({
          error: (iss) => (typeof iss.input === "number" ? `is not a finite number (${must})` : must),
        })
        .refine((v) => inRange(o, v), { message: must });
      break;
    case "numberList":
      base = z
        .array(z.number({ error: must }), { error: must })
        .min(1, { message: must })
        .refine((vs) => vs.every((v) => inRange(o, v)), { message: must });
      break;
    case "boolean":
      base = z.boolean({ error: must });
      break;
    case "string":
      base = z.string({ error: must }).refine((v) => v.trim() !== "", { message: EMPTY, abort: true });
      if (o.choices) {
        const choices = o.choices;
        base = (base as z.ZodString).refine((v) => choices.includes(v), { message: must });
      }
      break;
  }
  if (o.check) {
    const check = o.check as (v: unknown) => string | undefined;
    base = base.superRefine((v, ctx) => {
      const msg = check(v);
      if (msg) ctx.addIssue({ code: "custom", message: msg });
    });
  }
  return base;
}

/** The config file schema: every non-CLI-only option, all optional, unknown keys rejected. */
export function configSchema(options: readonly OptionSpec[]): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const o of options) if (!o.cliOnly) shape[o.key] = optionSchema(o).optional();
  return z.strictObject(shape);
}
