import { booleanOption, integerOption, type OptionSpec, stringOption } from "./options.js";
import type { OutputStage } from "./output.js";
import type { Progress } from "./progress.js";

/** Options every command accepts. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  integerOption("seed", {
    description: "seed of every random quantity (data, teacher, Monte Carlo); same seed → same numbers",
    default: 1,
    min: 0,
    max: 2 ** 32 - 1,
    placeholder: "N",
    common: true,
    notAParam: true,
  }),
  stringOption("out", {
    description:
      "directory for result.json, CSV tables and SVG/PNG figures (written atomically; nothing is written without it)",
    placeholder: "DIR",
    common: true,
    notAParam: true,
  }),
  booleanOption("json", {
    description: "print the result as JSON on stdout (nothing else goes to stdout)",
    default: false,
    common: true,
    notAParam: true,
  }),
  stringOption("config", {
    description: 'JSON file with any of these options in camelCase (e.g. {"tMax": 100}); flags override it',
    placeholder: "FILE",
    common: true,
    cliOnly: true,
    notAParam: true,
  }),
  booleanOption("quiet", {
    description:
      "no progress on stderr (neither the bar on a terminal nor the periodic progress lines elsewhere); errors are still printed",
    default: false,
    common: true,
    notAParam: true,
  }),
  booleanOption("help", { description: "show this help", common: true, cliOnly: true, notAParam: true }),
];

/** A JSON field of a command's result, for --help and the CLI reference. */
export interface FieldDoc {
  field: string;
  description: string;
}

export interface RunContext {
  seed: number;
  /** Where files go (null without --out). Stage files, then commit() them into --out. */
  out: OutputStage | null;
  progress: Progress;
  /** Records a named timing (seconds) into result.timings. */
  time<T>(label: string, f: () => T | Promise<T>): Promise<T>;
  /** A line of human-readable information on stderr (silenced with --json). */
  info(message: string): void;
}

export interface CommandOutcome {
  /** The command's own result fields (params, seed, versions, timings are added around them). */
  result: Record<string, unknown>;
  /** Human-readable summary printed to stdout without --json. */
  summary: string;
  /** Non-zero to report a failure after writing everything (e.g. reproduce with a failed recipe). */
  exitCode?: number;
}

export type Params = Record<string, unknown> & { seed: number; out?: string; json: boolean; args: string[] };

export interface CommandSpec {
  /** "dln simulate", "reproduce" */
  id: string;
  summary: string;
  /** One line for the command list of `meanfield --help` (default: summary). */
  short?: string;
  description?: string;
  options: readonly OptionSpec[];
  positionals?: { name: string; description: string; variadic?: boolean };
  examples?: readonly string[];
  /** The result JSON's fields (documented in --help and CLI.md). */
  output: readonly FieldDoc[];
  /** Files written into --out. */
  files?: readonly string[];
  /**
   * The files the command will write into --out (checked before any work: none may be a directory
   * there). Default: the names listed in `files`.
   */
  outputFiles?(params: Params): string[];
  /** Whether the framework writes result.json into --out (reproduce writes its own files). */
  writesResultJson?: boolean;
  /** A default for --out when the command always writes files. */
  defaultOut?: string;
  /**
   * Cross-field validation, run in the main thread before any work (may call the packages' cheap
   * validators, e.g. resolving an activation name). Throws UsageError.
   */
  check?(params: Params): void | Promise<void>;
  run(params: Params, ctx: RunContext): Promise<CommandOutcome>;
}

export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}

export function allOptions(cmd: CommandSpec): OptionSpec[] {
  return [...cmd.options, ...COMMON_OPTIONS];
}

/** Every flag of a command, with its dashes ("--t-max"). */
export function flagsOf(cmd: CommandSpec): string[] {
  return allOptions(cmd).map((o) => `--${o.flag}`);
}

/** The files a command writes into --out: its outputFiles(), or the names its `files` list documents. */
export function outputFilesOf(cmd: CommandSpec, params: Params): string[] {
  if (cmd.outputFiles) return cmd.outputFiles(params);
  return (cmd.files ?? [])
    .flatMap((entry) => (entry.split(" — ")[0] ?? "").split(","))
    .map((f) => f.trim())
    .filter((f) => f !== "" && !/[<>*\s]/.test(f));
}
