/**
 * Input validation shared by the builders: equal lengths, non-empty series, the NaN/Infinity policy and
 * positivity on log axes. Errors name the builder option and series so a CLI user can find the bad column.
 */
import { invalid } from "./errors.js";
import type { AxisOptions, ChartOptions, NonFinitePolicy, PlotMeta } from "./options.js";

export type NumberColumn = ArrayLike<number>;

export function assertColumn(value: unknown, parameter: string): asserts value is NumberColumn {
  const ok =
    value !== null &&
    typeof value === "object" &&
    typeof (value as { length?: unknown }).length === "number" &&
    (Array.isArray(value) || ArrayBuffer.isView(value));
  if (!ok) throw invalid(parameter, `${parameter} must be an array of numbers or a typed array`);
}

export function assertSize(value: number | undefined, parameter: string): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value <= 0)
    throw invalid(parameter, `${parameter} must be a finite number > 0, got ${value}`);
}

/** width and height of a chart: each absent or a finite number > 0. */
export function assertChartSize(options: { width?: number; height?: number }): void {
  assertSize(options.width, "width");
  assertSize(options.height, "height");
}

export function assertPolicy(policy: unknown): NonFinitePolicy {
  if (policy === undefined) return "drop";
  if (policy !== "drop" && policy !== "error")
    throw invalid("nonFinite", `nonFinite must be "drop" or "error", got ${JSON.stringify(policy)}`);
  return policy;
}

export function assertDomain(domain: unknown, parameter: string, log: boolean): void {
  if (domain === undefined) return;
  if (
    !Array.isArray(domain) ||
    domain.length !== 2 ||
    !Number.isFinite(domain[0]) ||
    !Number.isFinite(domain[1]) ||
    !(domain[0] < domain[1])
  )
    throw invalid(parameter, `${parameter} must be [min, max] with finite min < max`);
  if (log && domain[0] <= 0) throw invalid(parameter, `${parameter} must be > 0 on a log axis`);
}

export function assertTicks(ticks: unknown, parameter: string, log: boolean): void {
  if (ticks === undefined) return;
  if (!Array.isArray(ticks) || ticks.length === 0 || !ticks.every((t) => Number.isFinite(t)))
    throw invalid(parameter, `${parameter} must be a non-empty array of finite numbers`);
  if (log && !ticks.every((t) => t > 0)) throw invalid(parameter, `${parameter} must be > 0 on a log axis`);
}

/** The log flags of an x–y chart's axes, each axis domain checked against its scale (> 0 on a log axis). */
export function assertXYAxes(
  x: AxisOptions | undefined,
  y: AxisOptions | undefined,
): { xLog: boolean; yLog: boolean } {
  const xLog = x?.log === true;
  const yLog = y?.log === true;
  assertDomain(x?.domain, "x.domain", xLog);
  assertDomain(y?.domain, "y.domain", yLog);
  assertTicks(x?.ticks, "x.ticks", xLog);
  assertTicks(y?.ticks, "y.ticks", yLog);
  return { xLog, yLog };
}

/**
 * On a log y axis a lower end `lo` ≤ 0 (band edge mean − std, error bar) has no position: moves it, in
 * each row of `fix`, to the smallest positive value plotted (the y and positive lo of the rows in
 * `scan`), so the band or bar visibly reaches the bottom of the data instead of being dropped.
 */
export function clipLowerEnds(
  scan: Iterable<Record<string, number | string>>,
  fix: Record<string, number | string>[],
): void {
  let floor = Number.POSITIVE_INFINITY;
  for (const r of scan) {
    floor = Math.min(floor, r.y as number);
    if (r.lo !== undefined && (r.lo as number) > 0) floor = Math.min(floor, r.lo as number);
  }
  for (const r of fix) if (r.lo !== undefined && (r.lo as number) <= 0) r.lo = floor;
}

export function assertName(name: unknown, parameter: string): string {
  if (typeof name !== "string" || name.length === 0)
    throw invalid(parameter, `${parameter} must be a non-empty string`);
  return name;
}

export function assertUniqueNames(names: readonly string[], parameter: string): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw invalid(parameter, `${parameter}: series name "${n}" appears twice`);
    seen.add(n);
  }
}

/** A column to read, with whether it must be positive (it is plotted on a log axis). */
export interface ColumnSpec {
  key: string;
  values: NumberColumn | undefined;
  positive?: boolean;
  /** Non-negative (standard deviations, error half-widths). */
  nonNegative?: boolean;
}

/** Counts dropped points per series and reports them once per chart. */
export class DropLog {
  readonly counts: Record<string, number> = {};
  add(series: string, n: number): void {
    if (n > 0) this.counts[series] = (this.counts[series] ?? 0) + n;
  }
  finish(builder: PlotMeta["builder"], options: ChartOptions): PlotMeta {
    const entries = Object.entries(this.counts);
    if (entries.length === 0) return { builder };
    const total = entries.reduce((s, [, n]) => s + n, 0);
    const list = entries.map(([s, n]) => `${s}: ${n}`).join("; ");
    const message = `${builder}: dropped ${total} point(s) with NaN or ±Infinity values (${list})`;
    if (options.onWarning) options.onWarning(message);
    else process.emitWarning(message, { code: "MEANFIELD_PLOT_NONFINITE" });
    return { builder, droppedNonFinite: { ...this.counts } };
  }
}

/**
 * Reads the columns of one series into row objects. All columns must have the same length as the first;
 * a row with a non-finite value in any column is dropped (and counted) or rejected by `policy`.
 */
export function collectRows(
  name: string,
  label: string,
  parameter: string,
  columns: ColumnSpec[],
  policy: NonFinitePolicy,
  drops: DropLog,
): Record<string, number>[] {
  const present = columns.filter((c) => c.values !== undefined);
  for (const c of present) assertColumn(c.values, `${parameter}.${c.key}`);
  const n = present[0]!.values!.length;
  for (const c of present) {
    if (c.values!.length !== n)
      throw invalid(
        `${parameter}.${c.key}`,
        `${label}: ${c.key} has length ${c.values!.length} but ${present[0]!.key} has length ${n}`,
      );
  }
  if (n === 0) throw invalid(parameter, `${label} is empty (no points)`);
  const rows: Record<string, number>[] = [];
  let dropped = 0;
  for (let i = 0; i < n; i++) {
    const row: Record<string, number> = {};
    let finite = true;
    for (const c of present) {
      const v = Number(c.values![i]);
      if (!Number.isFinite(v)) {
        if (policy === "error")
          throw invalid(`${parameter}.${c.key}`, `${label}: ${c.key}[${i}] is ${v} (nonFinite: "error")`);
        finite = false;
        break;
      }
      row[c.key] = v;
    }
    if (!finite) {
      dropped++;
      continue;
    }
    for (const c of present) {
      const v = row[c.key]!;
      if (c.positive && v <= 0)
        throw invalid(
          `${parameter}.${c.key}`,
          `${label}: ${c.key}[${i}] = ${v} cannot be shown on a log axis (values must be > 0)`,
        );
      if (c.nonNegative && v < 0)
        throw invalid(`${parameter}.${c.key}`, `${label}: ${c.key}[${i}] = ${v} must be ≥ 0`);
    }
    rows.push(row);
  }
  if (rows.length === 0)
    throw invalid(parameter, `${label} has no finite points left (all ${n} contained NaN or ±Infinity)`);
  drops.add(name, dropped);
  return rows;
}
