/**
 * Theory against simulation on the same axes: theory curves as lines, simulation results as points with
 * error bars (DMFT versus finite-size gradient flow, replica prediction versus experiment).
 * Each kind gets its own legend (lines under "theory", markers under "simulation") so the reader can tell
 * them apart; a theory and a simulation series with the same name share a colour.
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
import { MARKER_MARGIN } from "./line-chart.js";
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

export interface TheorySeries {
  name: string;
  x: NumberColumn;
  y: NumberColumn;
  /** Half-width of a shaded band y ± std around the line (e.g. the theory's estimated error). */
  std?: NumberColumn;
  /** Draw the line dashed (e.g. a limit, or the diagonal y = x of a scatter). */
  dashed?: boolean;
}

export interface SimulationSeries {
  name: string;
  x: NumberColumn;
  y: NumberColumn;
  /**
   * Error-bar half-width at each point, e.g. the standard error over seeds: bar from y − yErr to y + yErr.
   * Say what it is in `simulationTitle` or the subtitle.
   */
  yErr?: NumberColumn;
}

export interface OverlayChartOptions extends ChartOptions {
  theory?: TheorySeries[];
  simulation?: SimulationSeries[];
  x?: AxisOptions;
  y?: AxisOptions;
  /** Legend title over the lines (default `"theory"`). */
  theoryTitle?: string;
  /** Legend title over the markers (default `"simulation"`). */
  simulationTitle?: string;
  /** Labelled vertical (`x`) or horizontal (`y`) reference lines across the plot. */
  rules?: ReferenceLine[];
}

export function overlayChart(options: OverlayChartOptions): TopLevelSpec {
  const policy = assertPolicy(options?.nonFinite);
  const theory = options.theory ?? [];
  const simulation = options.simulation ?? [];
  if (!Array.isArray(theory)) throw invalid("theory", "overlayChart: theory must be an array of series");
  if (!Array.isArray(simulation))
    throw invalid("simulation", "overlayChart: simulation must be an array of series");
  if (theory.length === 0 && simulation.length === 0)
    throw invalid("theory", "overlayChart: both theory and simulation are empty (give at least one series)");
  assertChartSize(options);
  const { xLog, yLog } = assertXYAxes(options.x, options.y);
  const rules = checkReferenceLines(options.rules, { xLog, yLog }, "overlayChart");

  const theoryNames = theory.map((s, i) => assertName(s?.name, `theory[${i}].name`));
  const simNames = simulation.map((s, i) => assertName(s?.name, `simulation[${i}].name`));
  assertUniqueNames(theoryNames, "theory");
  assertUniqueNames(simNames, "simulation");
  const allNames = [...theoryNames, ...simNames.filter((n) => !theoryNames.includes(n))];

  const drops = new DropLog();
  const theoryRows: Record<string, number | string>[] = [];
  const simRows: Record<string, number | string>[] = [];
  theory.forEach((s, i) => {
    const rows = collectRows(
      `theory "${s.name}"`,
      `theory "${s.name}"`,
      `theory[${i}]`,
      [
        { key: "x", values: s.x, positive: xLog },
        { key: "y", values: s.y, positive: yLog },
        { key: "std", values: s.std, nonNegative: true },
      ],
      policy,
      drops,
    );
    for (const r of rows) {
      const row: Record<string, number | string> = { series: s.name, x: r.x!, y: r.y! };
      if (r.std !== undefined) {
        row.lo = r.y! - r.std;
        row.hi = r.y! + r.std;
      }
      theoryRows.push(row);
    }
  });
  simulation.forEach((s, i) => {
    const rows = collectRows(
      `simulation "${s.name}"`,
      `simulation "${s.name}"`,
      `simulation[${i}]`,
      [
        { key: "x", values: s.x, positive: xLog },
        { key: "y", values: s.y, positive: yLog },
        { key: "yErr", values: s.yErr, nonNegative: true },
      ],
      policy,
      drops,
    );
    for (const r of rows) {
      const row: Record<string, number | string> = { series: s.name, x: r.x!, y: r.y! };
      if (r.yErr !== undefined) {
        row.lo = r.y! - r.yErr;
        row.hi = r.y! + r.yErr;
      }
      simRows.push(row);
    }
  });

  // A lower error-bar end ≤ 0 has no position on a log axis: clip it to the smallest positive value
  // plotted, so the bar visibly reaches the bottom of the data.
  if (yLog) {
    clipLowerEnds([...theoryRows, ...simRows], simRows);
    clipLowerEnds([...theoryRows, ...simRows], theoryRows);
  }

  const { xs, ys } = referenceValues(rules);
  for (const r of theoryRows) {
    xs.push(r.x as number);
    ys.push(r.y as number);
    if (r.lo !== undefined) ys.push(r.lo as number, r.hi as number);
  }
  for (const r of simRows) {
    xs.push(r.x as number);
    ys.push(r.y as number);
    if (r.lo !== undefined) ys.push(r.lo as number, r.hi as number);
  }
  // Markers at the ends of the data (or at a bound such as 0 or 1) must not be cut by the frame.
  const margin = simRows.length > 0 ? MARKER_MARGIN : 0;
  const xEnc = axisEncoding(options.x, xs, true, margin);
  const yEnc = axisEncoding(options.y, ys, true, margin);
  const x = positionChannel("x", xEnc, "x");
  const y = positionChannel("y", yEnc, "y");

  const layers: Record<string, unknown>[] = [];
  if (theoryRows.length > 0) {
    const dashed = theory.filter((s) => s.dashed === true).map((s) => s.name);
    const legend = {
      title: options.theoryTitle ?? "theory",
      symbolType: "stroke",
      symbolStrokeWidth: 2.5,
      ...dashedLegendSymbols(dashed),
    };
    const color = { field: "series", type: "nominal", scale: colorScale(theoryNames, allNames), legend };
    const theoryLayers: Record<string, unknown>[] = [];
    if (theoryRows.some((r) => r.lo !== undefined)) {
      theoryLayers.push({
        transform: [{ filter: "isValid(datum.lo)" }],
        mark: { type: "area", opacity: 0.2, clip: true },
        encoding: { x, y: positionChannel("lo", yEnc, "y"), y2: { field: "hi" }, color },
      });
    }
    theoryLayers.push({
      mark: { type: "line", clip: true, strokeWidth: 2 },
      encoding: {
        x,
        y,
        color,
        ...dashEncoding(theoryNames, dashed),
      },
    });
    layers.push({ data: { values: theoryRows }, layer: theoryLayers });
  }
  if (simRows.length > 0) {
    const color = {
      field: "series",
      type: "nominal",
      scale: colorScale(simNames, allNames),
      legend: { title: options.simulationTitle ?? "simulation", symbolType: "circle", symbolStrokeWidth: 0 },
    };
    const simLayers: Record<string, unknown>[] = [];
    if (simRows.some((r) => r.lo !== undefined)) {
      simLayers.push({
        transform: [{ filter: "isValid(datum.lo)" }],
        mark: { type: "errorbar", ticks: { size: 6 }, thickness: 1.5, clip: true },
        encoding: {
          x,
          y: positionChannel("lo", yEnc, "y"),
          y2: { field: "hi" },
          color,
        },
      });
    }
    simLayers.push({
      mark: {
        type: "point",
        filled: true,
        size: 45,
        opacity: 1,
        clip: true,
        stroke: "white",
        strokeWidth: 0.8,
      },
      encoding: { x, y, color },
    });
    layers.push({ data: { values: simRows }, layer: simLayers });
  }
  layers.push(...referenceLayers(rules, xEnc, yEnc, xs, xLog));

  return baseSpec(
    options,
    drops.finish("overlayChart", options),
    {
      layer: layers,
      // Lines and markers get separate colour scales (hence separate legends) with matching colours.
      resolve: { scale: { color: "independent" } },
    },
    DEFAULT_WIDTH,
    DEFAULT_HEIGHT,
  );
}
