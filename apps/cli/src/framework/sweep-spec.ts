import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { allOptions, type CommandSpec, type Params } from "./command.js";
import { shown, UsageError } from "./errors.js";
import { paramsFromObject } from "./parse.js";
import { meanfieldVersions } from "./versions.js";

/**
 * A sweep: one computing command and a grid of its options (the format: apps/cli/README.md,
 * "sweep: grids of points, resumable"). The spec is JSON or YAML:
 *
 *   command: dmft solve          # any computing command
 *   seed: 7                      # the sweep seed (default: --seed)
 *   fixed: { tMax: 20 }          # options shared by every point (camelCase, as in --config)
 *   axes:                        # an object: the cartesian product of its axes, in order
 *     alpha: { log: [1e-3, 1, 4] }
 *     delta: [0.3, 0.5]
 *
 * or `axes` as a list of groups, the product over groups where the axes inside one group are zipped
 * (varied together, equal lengths):  axes: [{ alpha: [0.1, 1] }, { delta: [0.3, 2], sigma: [0, 0.5] }].
 * An axis is a list of values, { linear: [start, stop, count] } or { log: [start, stop, count] }.
 */

export interface SweepSpec {
  command: string;
  seed?: number;
  fixed: Record<string, unknown>;
  /** Groups of zipped axes; the points are the product over groups (first group slowest). */
  groups: Record<string, unknown[]>[];
}

export interface SweepPoint {
  /** 0-based position in the sweep's order. */
  index: number;
  /** The options this point sets (fixed and axes, before defaults). */
  options: Record<string, unknown>;
  /** The axis values alone. */
  axes: Record<string, unknown>;
  /** The full, validated options of the command (defaults filled in), with the point's seed. */
  params: Params;
  seed: number;
  /** Hash of the command, the full params and the package versions: the point's identity in the store. */
  key: string;
}

/** Most points one sweep may hold. */
export const MAX_POINTS = 100_000;
/** Commands that compute nothing a sweep could store. */
const NOT_SWEEPABLE = new Set(["sweep", "worker", "plot"]);
/** Keys of the command that a sweep sets itself or that make no sense per point. */
const RESERVED = new Set(["out", "json", "quiet", "config", "help"]);

const bad = (key: string, why: string) => new UsageError(`invalid sweep spec: ${key}: ${why}`, "sweep");

/**
 * YAML is loaded only when a YAML sweep file is read: importing the parser costs every command about
 * 20 ms of start-up (the CLI answers usage errors and --help at once).
 */
function parseYaml(text: string): unknown {
  const yaml = createRequire(import.meta.url)("yaml") as typeof import("yaml");
  return yaml.parse(text);
}

/** Reads a spec file: YAML when its name ends in .yaml or .yml, JSON otherwise. */
export function readSweepSpec(file: string): unknown {
  let text: string;
  try {
    if (!statSync(file).isFile()) throw new Error("not a file");
    text = readFileSync(file, "utf8");
  } catch (e) {
    // the system's message repeats the whole path: name the reason by its code
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code ? `it cannot be read (${code})` : "it is not a file";
    throw new UsageError(`cannot read the sweep spec ${shown(file)}: ${why}`, "sweep");
  }
  const yaml = /\.ya?ml$/i.test(file);
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new UsageError(
      `the sweep spec ${shown(file)} is not valid ${yaml ? "YAML" : "JSON (name it .yaml for YAML)"}: ${(e as Error).message}`,
      "sweep",
    );
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The values of one axis: a list, or a linear or log range [start, stop, count]. */
export function axisValues(key: string, v: unknown): unknown[] {
  if (Array.isArray(v)) {
    if (v.length === 0) throw bad(key, "an empty list of values");
    for (const x of v)
      if (!["number", "string", "boolean"].includes(typeof x))
        throw bad(key, `values must be numbers, strings or booleans; got ${shown(x)}`);
    return v;
  }
  if (isObject(v)) {
    const kinds = Object.keys(v);
    const kind = kinds[0];
    if (kinds.length !== 1 || (kind !== "linear" && kind !== "log"))
      throw bad(
        key,
        `a list of values, { linear: [start, stop, count] } or { log: [start, stop, count] }; got keys ${kinds.join(", ") || "none"}`,
      );
    const r = v[kind];
    const where = `${key}.${kind}`;
    if (!Array.isArray(r) || r.length !== 3 || !r.every((x) => typeof x === "number" && Number.isFinite(x)))
      throw bad(where, `[start, stop, count] of finite numbers; got ${shown(r)}`);
    const [a, b, n] = r as number[];
    if (!Number.isInteger(n) || n < 1 || n > MAX_POINTS)
      throw bad(where, `count must be an integer in [1, ${MAX_POINTS}]; got ${n}`);
    if (kind === "log" && !(a > 0 && b > 0))
      throw bad(where, `a log range needs start > 0 and stop > 0; got ${a}, ${b}`);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const f = n === 1 ? 0 : i / (n - 1);
      const x = kind === "linear" ? a + (b - a) * f : Math.exp(Math.log(a) + (Math.log(b) - Math.log(a)) * f);
      // round off the last bits so that 0.1 + 0.2-style noise does not reach the keys and the CSV
      out.push(Number(x.toPrecision(12)));
    }
    return out;
  }
  throw bad(key, `a list of values or a range object; got ${shown(v)}`);
}

/** Validates the shape of a spec (not yet the option values: expandSweep does that per point). */
export function validateSweepSpec(
  data: unknown,
  findCommand: (id: string) => CommandSpec | undefined,
): {
  spec: SweepSpec;
  cmd: CommandSpec;
} {
  if (!isObject(data))
    throw bad("the spec", "must be an object with keys command, axes and optionally fixed, seed");
  const allowed = new Set(["command", "axes", "fixed", "seed"]);
  for (const k of Object.keys(data))
    if (!allowed.has(k)) throw bad(`key ${shown(k)}`, "unknown (allowed: command, axes, fixed, seed)");
  const id = data.command;
  if (typeof id !== "string") throw bad("command", `a command name such as "dmft solve"; got ${shown(id)}`);
  const cmd = findCommand(id.trim().replace(/\s+/g, " "));
  if (!cmd || NOT_SWEEPABLE.has(cmd.id)) throw bad("command", `not a computing command: ${shown(id)}`);
  const keys = new Set(allOptions(cmd).map((o) => o.key));
  const checkKey = (where: string, k: string) => {
    if (RESERVED.has(k)) throw bad(`${where}.${k}`, "set by the sweep, not per point");
    if (!keys.has(k))
      throw bad(
        `${where}.${k}`,
        `not an option of '${cmd.id}' (options: ${allOptions(cmd)
          .filter((o) => !RESERVED.has(o.key))
          .map((o) => o.key)
          .join(", ")})`,
      );
  };
  let seed: number | undefined;
  if (data.seed !== undefined) {
    const s = data.seed;
    if (typeof s !== "number" || !Number.isInteger(s) || s < 0 || s > 2 ** 32 - 1)
      throw bad("seed", `an integer in [0, 4294967295]; got ${shown(s)}`);
    seed = s;
  }
  const fixed = data.fixed === undefined ? {} : data.fixed;
  if (!isObject(fixed)) throw bad("fixed", `an object of options; got ${shown(fixed)}`);
  for (const k of Object.keys(fixed)) checkKey("fixed", k);
  const rawAxes = data.axes;
  let rawGroups: Record<string, unknown>[];
  if (isObject(rawAxes)) rawGroups = Object.entries(rawAxes).map(([k, v]) => ({ [k]: v }));
  else if (Array.isArray(rawAxes)) rawGroups = rawAxes as Record<string, unknown>[];
  else throw bad("axes", `an object of axes or a list of groups of zipped axes; got ${shown(rawAxes)}`);
  if (rawGroups.length === 0) throw bad("axes", "no axes (a sweep of one point is the command itself)");
  const seen = new Set<string>();
  const groups = rawGroups.map((g, gi) => {
    const where = Array.isArray(rawAxes) ? `axes[${gi}]` : "axes";
    if (!isObject(g) || Object.keys(g).length === 0)
      throw bad(where, `a non-empty object of axes; got ${shown(g)}`);
    const out: Record<string, unknown[]> = {};
    let length = -1;
    for (const [k, v] of Object.entries(g)) {
      checkKey(where, k);
      if (seen.has(k)) throw bad(`${where}.${k}`, "this axis appears twice");
      if (k in fixed) throw bad(`${where}.${k}`, "also set in fixed");
      seen.add(k);
      out[k] = axisValues(`${where}.${k}`, v);
      if (length >= 0 && out[k].length !== length)
        throw bad(
          where,
          `zipped axes must have equal lengths; ${Object.keys(out).join(", ")} have ${Object.values(out)
            .map((x) => x.length)
            .join(", ")}`,
        );
      length = out[k].length;
    }
    return out;
  });
  const total = groups.reduce((n, g) => n * (Object.values(g)[0]?.length ?? 1), 1);
  if (total > MAX_POINTS) throw bad("axes", `${total} points exceed the limit of ${MAX_POINTS}`);
  return { spec: { command: cmd.id, ...(seed === undefined ? {} : { seed }), fixed, groups }, cmd };
}

/** "alpha=0.1, delta=0.5": a point's axis values in words (messages, legends). */
export function axesLabel(axes: Record<string, unknown>): string {
  return Object.entries(axes)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

/** JSON with sorted keys: the canonical text that hashes and seeds are computed from. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .sort()
      .filter((k) => v[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

/**
 * A point's seed: the first 32 bits of SHA-256 over the sweep seed, the command and the point's own
 * options, so that a point gives the same numbers whichever machine, order or sweep computes it.
 */
export function pointSeed(sweepSeed: number, command: string, options: Record<string, unknown>): number {
  const h = createHash("sha256").update(canonicalJson({ sweepSeed, command, options })).digest();
  return h.readUInt32BE(0);
}

/** The params recorded and hashed for a point: the command's own options (not out/json/…). */
function keyParams(cmd: CommandSpec, params: Params, skip: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of allOptions(cmd))
    if (!RESERVED.has(o.key) && !skip.includes(o.key) && o.key in params) out[o.key] = params[o.key];
  return out;
}

/**
 * The store key of a point: SHA-256 of the command, its full params (less `skip`: options that
 * change how it runs, not its numbers) and the @meanfield versions.
 */
export function pointKey(
  cmd: CommandSpec,
  params: Params,
  versions: Record<string, string>,
  skip: readonly string[] = [],
): string {
  return createHash("sha256")
    .update(
      canonicalJson({
        command: cmd.id,
        params: keyParams(cmd, params, skip),
        versions: meanfieldVersions(versions),
      }),
    )
    .digest("hex");
}

/**
 * Every point of a sweep, in order (the product over groups, the first group slowest). Options in
 * `executionOnly` (worker and thread counts: identical numbers for any value) enter neither the
 * seeds nor the keys.
 */
export function expandSweep(
  spec: SweepSpec,
  cmd: CommandSpec,
  sweepSeed: number,
  versions: Record<string, string>,
  executionOnly: readonly string[] = [],
): SweepPoint[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const g of spec.groups) {
    const names = Object.keys(g);
    const n = g[names[0]].length;
    const next: Record<string, unknown>[] = [];
    for (const c of combos)
      for (let i = 0; i < n; i++) {
        const p = { ...c };
        for (const k of names) p[k] = g[k][i];
        next.push(p);
      }
    combos = next;
  }
  return combos.map((axes, index) => {
    const options = { ...spec.fixed, ...axes };
    const label = `sweep spec, point ${index} (${axesLabel(axes)})`;
    const seeded: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(options)) if (!executionOnly.includes(k)) seeded[k] = v;
    const seed =
      typeof options.seed === "number" ? (options.seed as number) : pointSeed(sweepSeed, cmd.id, seeded);
    const params = paramsFromObject(cmd, { ...options, seed }, label);
    return { index, options, axes, params, seed, key: pointKey(cmd, params, versions, executionOnly) };
  });
}
