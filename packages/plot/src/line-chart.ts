/**
 * Several named curves on shared axes, e.g. train and test loss against time over many decades, with an
 * optional shaded band y ± std around each curve (a standard deviation, a standard error, an estimated
 * error: say which in the legend title or the subtitle), and optional labelled reference lines.
 */
import type { TopLevelSpec } from "vega-lite";
import { axisEncoding, positionChannel } from "./axis-scale.js";
import { baseSpec } from "./base-spec.js";
import {
  assertChartSize,
  assertName,
  assertPolicy,
  assertUniqueNames,
  assertXYAxes,
  clipLowerEnds,
  collectRows,
  DropLog,
  type NumberColumn,
} from "./clean-data.js";
import { invalid } from "./errors.js";
import { type AxisOptions, type ChartOptions, DEFAULT_HEIGHT, DEFAULT_WIDTH } from "./options.js";
import { colorScale } from "./palette-scale.js";
import {
  checkReferenceLines,
  dashEncoding,
  dashedLegendSymbols,
  type ReferenceLine,
  referenceLayers,
  referenceValues,
} from "./reference-lines.js";

/** Fraction of the data range added at each end of both axes when point markers are drawn. */
export const MARKER_MARGIN = 0.04;

export interface LineSeries {
  name: string;
  x: NumberColumn;
  y: NumberColumn;
  /**
   * Half-width of a shaded band y ± std at each point: a standard deviation, a standard error over seeds,
   * an estimated error, … (the chart cannot tell which: say it in `legendTitle` or the subtitle).
   */
  std?: NumberColumn;
  /** Draw the line dashed (e.g. a reference curve or the diagonal y = x). */
  dashed?: boolean;
}

export interface LineChartOptions extends ChartOptions {
  series: LineSeries[];
  x?: AxisOptions;
  y?: AxisOptions;
  /** Draw a marker at every data point as well as the line (default: only if a series has one point). */
  points?: boolean;
  /** Show the legend (default: when there is more than one series). */
  legend?: boolean;
  /** Legend title (default: none), e.g. `"mean ± 1 standard error over 5 seeds"`. */
  legendTitle?: string;
  /** Labelled vertical (`x`) or horizontal (`y`) reference lines across the plot. */
  rules?: ReferenceLine[];
}

export function lineChart(options: LineChartOptions): TopLevelSpec {
  const policy = assertPolicy(options?.nonFinite);
  const series = options.series;
  if (!Array.isArray(series) || series.length === 0)
    throw invalid("series", "lineChart: series is empty (give at least one { name, x, y })");
  assertChartSize(options);
  const { xLog, yLog } = assertXYAxes(options.x, options.y);
  const rules = checkReferenceLines(options.rules, { xLog, yLog }, "lineChart");

  const names = series.map((s, i) => assertName(s?.name, `series[${i}].name`));
  assertUniqueNames(names, "series");
  const drops = new DropLog();
  const rows: Record<string, number | string>[] = [];
  let hasBand = false;
  series.forEach((s, i) => {
    const label = `series "${s.name}"`;
    const got = collectRows(
      s.name,
      label,
      `series[${i}]`,
      [
        { key: "x", values: s.x, positive: xLog },
        { key: "y", values: s.y, positive: yLog },
        { key: "std", values: s.std, nonNegative: true },
      ],
      policy,
      drops,
    );
    for (const r of got) {
      const row: Record<string, number | string> = { series: s.name, x: r.x!, y: r.y! };
      if (r.std !== undefined) {
        hasBand = true;
        row.lo = r.y! - r.std;
        row.hi = r.y! + r.std;
      }
      rows.push(row);
    }
  });

  // On a log axis a band edge mean − std ≤ 0 has no position; clip it to the smallest positive value
  // plotted, so the band runs to the bottom of the data instead of being dropped.
  if (yLog && hasBand) clipLowerEnds(rows, rows);

  const xs = rows.map((r) => r.x as number);
  const ys: number[] = [];
  for (const r of rows) {
    ys.push(r.y as number);
    if (r.lo !== undefined) ys.push(r.lo as number, r.hi as number);
  }
  const ref = referenceValues(rules);
  xs.push(...ref.xs);
  ys.push(...ref.ys);
  const showLegend = options.legend ?? series.length > 1;
  // A line through one point draws nothing, so a series with a single point gets markers by default.
  const showPoints = options.points ?? names.some((name) => rows.filter((r) => r.series === name).length < 2);
  const margin = showPoints ? MARKER_MARGIN : 0;
  const xEnc = axisEncoding(options.x, xs, true, margin);
  const yEnc = axisEncoding(options.y, ys, true, margin);
  const dashedNames = series.filter((s) => s.dashed === true).map((s) => s.name);
  const color = {
    field: "series",
    type: "nominal",
    scale: colorScale(names),
    legend: showLegend
      ? {
          title: options.legendTitle ?? null,
          symbolType: "stroke",
          symbolOpacity: 1,
          symbolStrokeWidth: 2.5,
          ...dashedLegendSymbols(dashedNames),
        }
      : null,
  };
  const x = positionChannel("x", xEnc, "x");

  const layers: Record<string, unknown>[] = [];
  if (hasBand) {
    layers.push({
      transform: [{ filter: "isValid(datum.lo)" }],
      mark: { type: "area", opacity: 0.2, clip: true },
      encoding: {
        x,
        y: positionChannel("lo", yEnc, "y"),
        y2: { field: "hi" },
        color,
      },
    });
  }
  layers.push({
    mark: { type: "line", clip: true, ...(showPoints ? { point: { size: 30 } } : {}) },
    encoding: {
      x,
      y: positionChannel("y", yEnc, "y"),
      color,
      ...dashEncoding(names, dashedNames),
    },
  });
  layers.push(...referenceLayers(rules, xEnc, yEnc, xs, xLog));

  return baseSpec(
    options,
    drops.finish("lineChart", options),
    {
      data: { values: rows },
      layer: layers,
    },
    DEFAULT_WIDTH,
    DEFAULT_HEIGHT,
  );
}
