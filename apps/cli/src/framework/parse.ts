import { readFileSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { allOptions, type CommandSpec, type Params } from "./command.js";
import { shown, UsageError } from "./errors.js";
import { allowedText, configSchema, EMPTY, type OptionSpec, optionSchema } from "./options.js";

function flagName(o: OptionSpec): string {
  return `--${o.flag}`;
}

/** A plain decimal or scientific number: no hex/binary/octal, no "Infinity", no separators. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses a flag's string value into the option's type, or throws a UsageError naming the flag. */
function convert(o: OptionSpec, raw: string | boolean, command: string): unknown {
  if (o.kind === "boolean") return raw === true || raw === "true";
  const text = String(raw).trim();
  const must = `must be ${allowedText(o)}`;
  const bad = (why = must) =>
    new UsageError(`invalid value for ${flagName(o)}: ${shown(raw)} (${why})`, command);
  if (text === "") throw new UsageError(`invalid value for ${flagName(o)}: ${EMPTY}`, command);
  if (o.kind === "string") return text;
  const number = (s: string): number => {
    if (!NUMBER.test(s)) {
      throw bad(`${must}, written in decimal or scientific notation such as 20 or 1e-3`);
    }
    const v = Number(s);
    if (!Number.isFinite(v)) throw bad(`not a finite number: ${must}`);
    return v;
  };
  if (o.kind === "numberList") {
    const parts = text.split(",").map((x) => x.trim());
    if (parts.some((x) => x === "")) throw bad();
    return parts.map(number);
  }
  return number(text);
}

/** Why a file could not be read, in words (the system's message repeats the whole path). */
const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  ENOTDIR: "a part of the path is not a directory",
  EISDIR: "it is a directory, not a file",
  ENAMETOOLONG: "the name is too long",
  EACCES: "permission denied",
  ELOOP: "too many symbolic links",
};

function readConfig(file: string, cmd: CommandSpec): Record<string, unknown> {
  let text: string;
  try {
    if (!statSync(file).isFile()) throw Object.assign(new Error("not a file"), { code: "EISDIR" });
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code ? `${READ_ERRORS[code] ?? "it cannot be read"} (${code})` : shown((e as Error).message);
    throw new UsageError(`cannot read --config file ${shown(file)}: ${why}`, cmd.id);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--config file ${shown(file)} is not valid JSON: ${(e as Error).message}`, cmd.id);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new UsageError(`--config file ${shown(file)} must hold a JSON object of options`, cmd.id);
  }
  return validateOptionObject(cmd, data as Record<string, unknown>, `--config file ${shown(file)}`);
}

/**
 * Checks an object of options in camelCase (a --config file, a sweep point) against the command's
 * option schemas: unknown keys and bad values are UsageErrors that name the key, its flag and the
 * allowed range, prefixed by `label` ("--config file x.json").
 */
export function validateOptionObject(
  cmd: CommandSpec,
  data: Record<string, unknown>,
  label: string,
): Record<string, unknown> {
  const options = allOptions(cmd);
  const result = configSchema(options).safeParse(data);
  if (!result.success) {
    const msgs = result.error.issues.map((issue) => {
      if (issue.code === "unrecognized_keys") {
        const known = options.filter((o) => !o.cliOnly).map((o) => o.key);
        return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => shown(k)).join(", ")} (allowed: ${known.join(", ")})`;
      }
      const key = String(issue.path[0] ?? "");
      const o = options.find((x) => x.key === key);
      const got = shown(data[key]);
      return `"${key}"${o ? ` (${flagName(o)})` : ""} ${issue.message}; got ${got}`;
    });
    throw new UsageError(`invalid ${label}: ${msgs.join("; ")}`, cmd.id);
  }
  return result.data as Record<string, unknown>;
}

/**
 * A command's Params from an object of options (validated by validateOptionObject) and the
 * options' defaults: what parseCommand gives for a --config file and no flags.
 */
export function paramsFromObject(cmd: CommandSpec, data: Record<string, unknown>, label: string): Params {
  const valid = validateOptionObject(cmd, data, label);
  const merged: Record<string, unknown> = {};
  for (const o of allOptions(cmd)) {
    if (o.cliOnly) continue;
    if (o.key in valid) merged[o.key] = valid[o.key];
    else if (o.default !== undefined) merged[o.key] = o.default;
  }
  return { ...merged, args: [] } as unknown as Params;
}

export interface Parsed {
  help: boolean;
  params: Params;
}

/**
 * Parses argv for one command: flags (strict: unknown flags are errors), then the config file,
 * then defaults; flags override the config file. Every value is checked against its option's
 * schema, and errors name the flag and the allowed range.
 */
export function parseCommand(cmd: CommandSpec, argv: string[]): Parsed {
  const options = allOptions(cmd);
  const spec: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const o of options) spec[o.flag] = { type: o.kind === "boolean" ? "boolean" : "string" };
  spec.help = { type: "boolean", short: "h" };
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  let parsedTokens: Token[];
  refuseShortGroups(cmd, argv);
  try {
    const parsed = parseArgs({
      args: argv,
      options: spec,
      strict: true,
      allowPositionals: true,
      tokens: true,
    });
    values = parsed.values as Record<string, string | boolean | undefined>;
    positionals = parsed.positionals;
    parsedTokens = parsed.tokens;
    // parseArgs reads "-n 5" as --n when a one-letter flag exists; only -h is a short option.
    const short = parsed.tokens.find(
      (t) => t.kind === "option" && !t.rawName.startsWith("--") && t.name !== "help",
    );
    if (short?.kind === "option") {
      throw new UsageError(
        `unknown option ${shown(short.rawName)}: options are spelled with two dashes (--${short.name}); -h is the only short option`,
        cmd.id,
      );
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(cleanParseArgsMessage((e as Error).message, cmd), cmd.id);
  }
  if (values.help) return { help: true, params: { seed: 1, json: false, args: [] } };
  if (positionals.length > 0 && !cmd.positionals) {
    throw new UsageError(strayArgument(cmd, parsedTokens), cmd.id);
  }
  const fromConfig = typeof values.config === "string" ? readConfig(values.config, cmd) : {};
  const merged: Record<string, unknown> = {};
  const source: Record<string, string> = {};
  for (const o of options) {
    if (o.cliOnly) continue;
    const raw = values[o.flag];
    if (raw !== undefined) {
      merged[o.key] = convert(o, raw, cmd.id);
      source[o.key] = flagName(o);
    } else if (o.key in fromConfig) {
      merged[o.key] = fromConfig[o.key];
      source[o.key] = `config key "${o.key}"`;
    } else if (o.default !== undefined) {
      merged[o.key] = o.default;
      source[o.key] = `default of ${flagName(o)}`;
    }
  }
  for (const o of options) {
    if (!(o.key in merged)) continue;
    const r = optionSchema(o).safeParse(merged[o.key]);
    if (!r.success) {
      const where = source[o.key]?.startsWith("config") ? `${source[o.key]} (${flagName(o)})` : flagName(o);
      throw new UsageError(
        `invalid value for ${where}: ${r.error.issues[0]?.message ?? "invalid"}; got ${shown(merged[o.key])}`,
        cmd.id,
      );
    }
  }
  if (cmd.defaultOut !== undefined && merged.out === undefined) merged.out = cmd.defaultOut;
  return { help: false, params: { ...merged, args: positionals } as Params };
}

type Token = ReturnType<typeof parseArgs>["tokens"] extends (infer T)[] | undefined ? T : never;

/** Edit distance between two short strings (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(
        (row[j] ?? 0) + 1,
        (next[j - 1] ?? 0) + 1,
        (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

/**
 * The command's flags closest to a mistyped name (case, dashes and "_" ignored; at most a third of
 * the letters changed), nearest first.
 */
function nearestFlags(name: string, cmd: CommandSpec): string[] {
  const norm = (s: string) => s.replace(/[-_]/g, "").toLowerCase();
  const typed = norm(name.split("=")[0] ?? "");
  if (typed === "" || typed.length > 40) return [];
  return allOptions(cmd)
    .map((o) => ({ flag: flagName(o), d: editDistance(typed, norm(o.flag)) }))
    .filter(({ flag, d }) => d < typed.length && d <= Math.max(1, Math.floor(norm(flag).length / 3)))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ flag }) => flag);
}

/** "did you mean --t-max?" for a near miss, else the command's options, so the user sees real ones. */
function knownFlags(name: string, cmd: CommandSpec): string {
  const negated = allOptions(cmd).find((o) => o.kind === "boolean" && name === `no-${o.flag}`);
  if (negated) return `${flagName(negated)} is off unless given: leave it out`;
  const near = nearestFlags(name, cmd);
  if (near.length > 0) return `did you mean ${near.join(" or ")}?`;
  return `the options of ${cmd.id} are ${allOptions(cmd).map(flagName).join(", ")}`;
}

/**
 * Refuses "-abc…" (one dash, several characters) where an option is expected, before parseArgs: it
 * would expand the group letter by letter in time growing with the square of its length (a 100 kB
 * one is 20 s), only to reject it. A value of a preceding option ("--n -5") is left to parseArgs.
 */
function refuseShortGroups(cmd: CommandSpec, argv: string[]): void {
  const valued = new Set(
    allOptions(cmd)
      .filter((o) => o.kind !== "boolean")
      .map(flagName),
  );
  for (const [i, arg] of argv.entries()) {
    if (arg === "--") return;
    if (arg.length <= 2 || !/^-[^-]/.test(arg) || valued.has(argv[i - 1] ?? "")) continue;
    throw new UsageError(
      `unknown option ${shown(arg)}; options are spelled with two dashes; ${knownFlags(arg.slice(1), cmd)}`,
      cmd.id,
    );
  }
}

/** The message for an argument where a command takes only options. */
function strayArgument(cmd: CommandSpec, tokens: Token[]): string {
  const k = tokens.findIndex((t) => t.kind === "positional");
  const token = tokens[k];
  const value = token?.kind === "positional" ? token.value : "";
  const before = tokens[k - 1];
  if (before?.kind === "option" && before.value === undefined) {
    return `unexpected argument ${shown(value)} after --${before.name}, which takes no value (write --${before.name} alone, or leave it out)`;
  }
  if (tokens.some((t) => t.kind === "option-terminator")) {
    return `unexpected argument ${shown(value)} after "--": ${cmd.id} takes only options (${allOptions(cmd).map(flagName).join(", ")})`;
  }
  return `unexpected argument ${shown(value)}: ${cmd.id} takes only options (${allOptions(cmd).map(flagName).join(", ")})`;
}

/** parseArgs' messages mention "-h, --help" style spellings and internals; keep them short. */
function cleanParseArgsMessage(message: string, cmd: CommandSpec): string {
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) {
    const name = unknown[1] ?? "";
    const echoed = name.length > 80 ? `${name.slice(0, 80)}… (${name.length} characters)` : name;
    const dashes = /^-[^-]/.test(name) ? "options are spelled with two dashes; " : "";
    return `unknown option ${echoed}; ${dashes}${knownFlags(name.replace(/^-+/, ""), cmd)}`;
  }
  const missing = /Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
  if (missing) return `option ${missing[1]} needs a value`;
  const ambiguous = /argument is ambiguous.*?'(--[\w-]+)'/s.exec(message);
  if (ambiguous) {
    return `option ${ambiguous[1]} needs a value; to pass a value starting with "-" write ${ambiguous[1]}=VALUE`;
  }
  const boolValue = /Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(message);
  if (boolValue) return `option ${boolValue[1]} takes no value`;
  return message.replace(/\. To specify.*$/s, "");
}
