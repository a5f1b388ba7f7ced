import type { Cell } from "./csv.js";
import type { SweepRow } from "./sweep-store.js";

/**
 * results.csv and results.json of a sweep: every point once, in the sweep's order, with its
 * parameters, status, seed, timing and outputs. The CSV holds the scalar outputs, flattened with
 * dotted names (accuracy.genErrorRelError), and the final value of every numeric series as
 * NAME.last (genError.last = ε_gen at the last time); the JSON holds the whole result of each point.
 */

/** Result fields that are not outputs (they are listed in their own columns). */
const NOT_OUTPUTS = new Set(["command", "params", "seed", "versions", "timings"]);

/** Scalar leaves of a result, with dotted names; numeric arrays give NAME.last. */
export function flattenOutputs(
  result: unknown,
  prefix = "",
  depth = 0,
  out: Record<string, Cell> = {},
): Record<string, Cell> {
  if (result === null || typeof result !== "object" || depth > 3) return out;
  for (const [k, v] of Object.entries(result as Record<string, unknown>)) {
    if (depth === 0 && NOT_OUTPUTS.has(k)) continue;
    const name = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") out[name] = v;
    else if (Array.isArray(v)) {
      if (v.length > 0 && v.every((x) => typeof x === "number" || x === null))
        out[`${name}.last`] = v[v.length - 1] as Cell;
    } else if (v && typeof v === "object") flattenOutputs(v, name, depth + 1, out);
  }
  return out;
}

export interface SweepTable {
  columns: string[];
  rows: Cell[][];
}

/** The CSV table: index, status, the axes, seed, seconds, attempts, the outputs, error. */
export function sweepTable(rows: readonly SweepRow[]): SweepTable {
  const axes: string[] = [];
  const outputs: string[] = [];
  const flat = rows.map((r) => flattenOutputs(r.result));
  for (const r of rows) for (const k of Object.keys(r.axes)) if (!axes.includes(k)) axes.push(k);
  for (const f of flat)
    for (const k of Object.keys(f)) if (!outputs.includes(k) && !axes.includes(k)) outputs.push(k);
  const params: string[] = [];
  for (const r of rows)
    for (const k of Object.keys(r.params))
      if (!axes.includes(k) && k !== "seed" && !params.includes(k)) params.push(k);
  const columns = [
    "index",
    "status",
    ...axes,
    "seed",
    "seconds",
    "attempts",
    ...outputs,
    ...params,
    "error",
    "key",
  ];
  const table = rows.map((r, i) => [
    r.index,
    r.status,
    ...axes.map((k) => r.axes[k] as Cell),
    r.seed,
    r.seconds,
    r.attempts,
    ...outputs.map((k) => flat[i][k]),
    ...params.map((k) => {
      const v = r.params[k];
      return Array.isArray(v) ? v.join(" ") : (v as Cell);
    }),
    r.error,
    r.key,
  ]);
  return { columns, rows: table };
}

/** Points by status ('running' counts as pending: a stopped run left it unfinished). */
export function sweepCounts(rows: readonly SweepRow[]): {
  points: number;
  done: number;
  failed: number;
  pending: number;
} {
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  return {
    points: rows.length,
    done: count("done"),
    failed: count("failed"),
    pending: count("pending") + count("running"),
  };
}

/** The JSON export: the sweep, its counts and every point. */
export function sweepJson(
  sweep: { id: string; command: string; spec: unknown; seed: number },
  rows: readonly SweepRow[],
  versions: Record<string, string>,
): unknown {
  return {
    sweep: sweep.id,
    command: sweep.command,
    seed: sweep.seed,
    spec: sweep.spec,
    versions,
    counts: sweepCounts(rows),
    points: rows.map((r) => ({
      index: r.index,
      key: r.key,
      status: r.status,
      axes: r.axes,
      params: r.params,
      seed: r.seed,
      attempts: r.attempts,
      seconds: r.seconds ?? null,
      worker: r.worker ?? null,
      ...(r.error !== undefined ? { error: r.error } : {}),
      ...(r.result !== undefined ? { result: r.result } : {}),
    })),
  };
}
