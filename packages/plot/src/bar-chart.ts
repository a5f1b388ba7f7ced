/**
 * One value per category (e.g. the storage capacity α_c per activation function), with optional error
 * bars, and optionally several named series side by side in each category.
 */
import type { TopLevelSpec } from "vega-lite";
import { axisEncoding } from "./axis-scale.js";
import { baseSpec } from "./base-spec.js";
import {
  assertChartSize,
  assertDomain,
  assertName,
  assertPolicy,
  assertUniqueNames,
  collectRows,
  DropLog,
  type NumberColumn,
} from "./clean-data.js";
import { invalid } from "./errors.js";
import type { ChartOptions } from "./options.js";
import { colorScale } from "./palette-scale.js";

export interface BarSeries {
  name: string;
  /** One value per category, in the order of `categories`. */
  values: NumberColumn;
  /** Error-bar half-widths, one per category. */
  errors?: NumberColumn;
}

export interface BarChartOptions extends ChartOptions {
  /** Category labels along x, in display order. */
  categories: string[];
  /** One value per category (a single series). Exclusive with `series`. */
  values?: NumberColumn;
  /** Error-bar half-widths for `values`. */
  errors?: NumberColumn;
  /** Several series shown side by side in each category (with a legend). Exclusive with `values`. */
  series?: BarSeries[];
  x?: { label?: string };
  /** Value axis. Bars start at zero, so there is no log option. */
  y?: { label?: string; domain?: [number, number] };
  /** Legend title for `series` (default: none). */
  legendTitle?: string;
}

export function barChart(options: BarChartOptions): TopLevelSpec {
  const policy = assertPolicy(options?.nonFinite);
  assertChartSize(options);
  if ((options.y as { log?: unknown } | undefined)?.log)
    throw invalid("y.log", "barChart: bars start at 0, so a log value axis is not supported");
  assertDomain(options.y?.domain, "y.domain", false);
  const categories = options.categories;
  if (!Array.isArray(categories) || categories.length === 0)
    throw invalid("categories", "barChart: categories is empty (give one label per bar)");
  for (let i = 0; i < categories.length; i++) assertName(categories[i], `categories[${i}]`);
  assertUniqueNames(categories, "categories");
  if (options.values !== undefined && options.series !== undefined)
    throw invalid("series", "barChart: give either values (one series) or series, not both");
  const series: BarSeries[] =
    options.series ??
    (options.values !== undefined
      ? [{ name: "value", values: options.values, ...(options.errors ? { errors: options.errors } : {}) }]
      : []);
  if (!Array.isArray(series) || series.length === 0)
    throw invalid("values", "barChart: no data (give values, or a non-empty series)");
  const names = series.map((s, i) => assertName(s?.name, `series[${i}].name`));
  assertUniqueNames(names, "series");
  const grouped = options.series !== undefined;

  const drops = new DropLog();
  const rows: Record<string, number | string>[] = [];
  series.forEach((s, k) => {
    const index = Float64Array.from(categories, (_, i) => i);
    const label = grouped ? `series "${s.name}"` : "values";
    const got = collectRows(
      grouped ? s.name : "values",
      label,
      grouped ? `series[${k}]` : "values",
      [
        { key: "i", values: index },
        { key: "values", values: s.values },
        { key: "errors", values: s.errors, nonNegative: true },
      ],
      policy,
      drops,
    );
    for (const r of got) {
      const row: Record<string, number | string> = {
        category: categories[r.i!]!,
        series: s.name,
        value: r.values!,
      };
      if (r.errors !== undefined) {
        row.lo = r.values! - r.errors;
        row.hi = r.values! + r.errors;
      }
      rows.push(row);
    }
  });

  const ys: number[] = [0];
  for (const r of rows) {
    ys.push(r.value as number);
    if (r.lo !== undefined) ys.push(r.lo as number, r.hi as number);
  }
  const yEnc = axisEncoding({ ...options.y, zero: true }, ys);
  const x = {
    field: "category",
    type: "nominal",
    sort: [...categories],
    title: options.x?.label ?? null,
    axis: { labelAngle: 0, labelLimit: 160 },
    scale: { paddingInner: 0.25, paddingOuter: 0.15 },
  };
  const yTitle = yEnc.title ?? "value";
  const y = { field: "value", type: "quantitative", title: yTitle, scale: yEnc.scale, axis: yEnc.axis };
  const color = grouped
    ? {
        field: "series",
        type: "nominal",
        scale: colorScale(names),
        legend: { title: options.legendTitle ?? null, symbolType: "square" },
      }
    : { value: colorScale(names).range[0] };
  const xOffset = grouped
    ? { xOffset: { field: "series", type: "nominal", sort: [...names], scale: { paddingInner: 0.06 } } }
    : {};

  const layers: Record<string, unknown>[] = [
    { mark: { type: "bar" }, encoding: { x, y, color, ...xOffset } },
  ];
  if (rows.some((r) => r.lo !== undefined)) {
    layers.push({
      transform: [{ filter: "isValid(datum.lo)" }],
      mark: { type: "errorbar", ticks: { size: 8 }, thickness: 1.5, color: "#222222" },
      encoding: {
        x,
        ...xOffset,
        y: { field: "lo", type: "quantitative", title: yTitle, scale: yEnc.scale, axis: yEnc.axis },
        y2: { field: "hi" },
      },
    });
  }
  return baseSpec(
    options,
    drops.finish("barChart", options),
    { data: { values: rows }, layer: layers },
    grouped ? Math.max(360, 90 * categories.length) : Math.max(300, 60 * categories.length),
    300,
  );
}
