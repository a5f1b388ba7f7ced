import type { OutputStage } from "./output.js";
import { sig } from "./text.js";

/**
 * The CLI's figures, described as plain data and built + rendered by @meanfield/plot (Vega-Lite → SVG →
 * PNG). This file is the one place that knows the plot package's API. Files are staged through the
 * CLI's OutputStage, so they reach --out atomically together with the data they show.
 */
export interface FigureSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /**
   * Half-width of the ± band (lines) or error bar (points) around y. What it is (a standard error over
   * seeds, 2 × an estimated error, …) must be said by the figure: in `lineTitle` / `pointTitle` or the
   * subtitle.
   */
  std?: ArrayLike<number>;
  /** "line" (default, theory), "dashed" (a reference line), "points" (simulation / independent check). */
  style?: "line" | "dashed" | "points";
}

/** A labelled reference line across the plot: vertical at `x` (e.g. α_c) or horizontal at `y` (a limit, a tolerance). */
export interface FigureRule {
  x?: number;
  y?: number;
  label: string;
  /** Draw it in the colour of this series (e.g. a curve's K → ∞ limit); default dark grey. */
  series?: string;
}

export interface CurveFigure {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  xScale?: "linear" | "log";
  yScale?: "linear" | "log";
  /** Fixed x range (default: fitted to the data), e.g. around the few K of a finite-width figure. */
  xDomain?: [number, number];
  /** Tick positions on x (default: chosen by the axis), e.g. the integers of a K axis. */
  xTicks?: number[];
  series: FigureSeries[];
  /** Labelled vertical / horizontal reference lines. */
  rules?: FigureRule[];
  /** Legend title over the lines (default: none; "theory" when the figure also has points). */
  lineTitle?: string;
  /** Legend title over the markers (default "simulation"). */
  pointTitle?: string;
  /** Plotting-area size in pixels (default 480 × 300). */
  width?: number;
  height?: number;
}

export interface BarFigure {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  /** One bar per (category, group); non-finite values are left out. */
  bars: { category: string; group: string; value: number }[];
}

type PlotModule = typeof import("@meanfield/plot");
type Spec = Parameters<PlotModule["renderSvg"]>[0];

interface Columns {
  x: number[];
  y: number[];
  std?: number[];
}

/** A line series with at most this many points gets a marker at each (sparse data, e.g. α_c at a few K). */
const SPARSE_POINTS = 16;

/** Keeps the points a log axis can show (x, y > 0) and that are finite. */
function clean(s: FigureSeries, fig: CurveFigure): Columns {
  const xLog = fig.xScale === "log";
  const yLog = fig.yScale === "log";
  const out: Columns = { x: [], y: [], ...(s.std ? { std: [] } : {}) };
  for (let i = 0; i < s.x.length; i++) {
    const x = s.x[i];
    const y = s.y[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if ((xLog && x <= 0) || (yLog && y <= 0)) continue;
    out.x.push(x);
    out.y.push(y);
    if (out.std && s.std) {
      const e = s.std[i];
      out.std.push(Number.isFinite(e) && e >= 0 ? e : 0);
    }
  }
  return out;
}

function axis(
  label: string,
  scale: "linear" | "log" | undefined,
  domain?: [number, number],
  ticks?: number[],
) {
  return { label, log: scale === "log", ...(domain ? { domain } : {}), ...(ticks ? { ticks } : {}) };
}

/** The reference lines a log axis can show, coloured like the series they belong to. */
function rulesOf(plot: PlotModule, fig: CurveFigure, names: string[]) {
  const out: { x?: number; y?: number; label: string; color?: string }[] = [];
  for (const r of fig.rules ?? []) {
    const v = r.x ?? r.y;
    if (v === undefined || !Number.isFinite(v)) continue;
    if ((r.x !== undefined ? fig.xScale : fig.yScale) === "log" && v <= 0) continue;
    const k = r.series === undefined ? -1 : names.indexOf(r.series);
    out.push({
      ...(r.x !== undefined ? { x: r.x } : { y: r.y }),
      label: r.label,
      ...(k >= 0 ? { color: plot.PALETTE[k % plot.PALETTE.length] } : {}),
    });
  }
  return out;
}

/** Builds the Vega-Lite spec of a curve figure (lines via lineChart; with points, overlayChart). */
export function curveSpec(plot: PlotModule, fig: CurveFigure): Spec {
  const quiet = () => undefined;
  const lines = fig.series.filter((s) => s.style !== "points").map((s) => ({ s, c: clean(s, fig) }));
  const points = fig.series.filter((s) => s.style === "points").map((s) => ({ s, c: clean(s, fig) }));
  const nonEmpty = <T extends { c: Columns }>(xs: T[]) => xs.filter((e) => e.c.x.length > 0);
  const shownLines = nonEmpty(lines);
  const shownPoints = nonEmpty(points);
  const names = [...new Set([...shownLines, ...shownPoints].map((e) => e.s.name))];
  const base = {
    title: fig.title,
    ...(fig.subtitle ? { subtitle: fig.subtitle } : {}),
    ...(fig.width ? { width: fig.width } : {}),
    ...(fig.height ? { height: fig.height } : {}),
    x: axis(fig.xLabel, fig.xScale, fig.xDomain, fig.xTicks),
    y: axis(fig.yLabel, fig.yScale),
    rules: rulesOf(plot, fig, names),
    onWarning: quiet,
  };
  if (shownPoints.length > 0) {
    return plot.overlayChart({
      ...base,
      theoryTitle: fig.lineTitle ?? "theory",
      simulationTitle: fig.pointTitle ?? "simulation",
      theory: shownLines.map(({ s, c }) => ({
        name: s.name,
        x: c.x,
        y: c.y,
        ...(c.std ? { std: c.std } : {}),
        ...(s.style === "dashed" ? { dashed: true } : {}),
      })),
      simulation: shownPoints.map(({ s, c }) => ({
        name: s.name,
        x: c.x,
        y: c.y,
        ...(c.std ? { yErr: c.std } : {}),
      })),
    });
  }
  return plot.lineChart({
    ...base,
    ...(fig.lineTitle ? { legendTitle: fig.lineTitle } : {}),
    points: shownLines.every(({ c }) => c.x.length <= SPARSE_POINTS),
    series: shownLines.map(({ s, c }) => ({
      name: s.name,
      x: c.x,
      y: c.y,
      ...(c.std ? { std: c.std } : {}),
      ...(s.style === "dashed" ? { dashed: true } : {}),
    })),
  });
}

async function stage(out: OutputStage, name: string, plot: PlotModule, spec: Spec): Promise<void> {
  const svg = await plot.renderSvg(spec);
  const png = plot.svgToPng(svg);
  out.writeText(`${name}.svg`, svg);
  out.writeBytes(`${name}.png`, png);
}

/** Renders a curve figure and stages `<name>.svg` and `<name>.png`. */
export async function writeFigure(out: OutputStage, name: string, fig: CurveFigure): Promise<void> {
  const plot = await import("@meanfield/plot");
  await stage(out, name, plot, curveSpec(plot, fig));
}

/** Renders a grouped bar chart (barChart of @meanfield/plot) and stages `<name>.svg` and `<name>.png`. */
export async function writeBarFigure(out: OutputStage, name: string, fig: BarFigure): Promise<void> {
  const plot = await import("@meanfield/plot");
  const categories = [...new Set(fig.bars.map((b) => b.category))];
  const groups = [...new Set(fig.bars.map((b) => b.group))];
  const spec = plot.barChart({
    title: fig.title,
    ...(fig.subtitle ? { subtitle: fig.subtitle } : {}),
    x: { label: fig.xLabel },
    y: { label: fig.yLabel },
    onWarning: () => undefined,
    categories,
    // A missing bar (e.g. a divergent capacity) is NaN, which the plot drops.
    series: groups.map((g) => ({
      name: g,
      values: categories.map(
        (c) => fig.bars.find((b) => b.group === g && b.category === c)?.value ?? Number.NaN,
      ),
    })),
  });
  await stage(out, name, plot, spec);
}

/**
 * The PS → PSB transition α_PSB and the capacity α_c as labelled vertical lines (each only when it exists:
 * no transition, or a divergent capacity, draws no line).
 */
export function transitionRules(alphaPSB: number | null, alphaC: number | null): FigureRule[] {
  const rules: FigureRule[] = [];
  if (alphaPSB !== null && Number.isFinite(alphaPSB))
    rules.push({ x: alphaPSB, label: `α_PSB = ${sig(alphaPSB)}` });
  if (alphaC !== null && Number.isFinite(alphaC)) rules.push({ x: alphaC, label: `α_c = ${sig(alphaC)}` });
  return rules;
}

/** "log" when every value is positive and they span at least `ratio` (max/min), else "linear". */
export function wideRangeScale(values: readonly number[], ratio: number): "linear" | "log" {
  return values.every((v) => v > 0) && Math.max(...values) / Math.min(...values) >= ratio ? "log" : "linear";
}

/** Four contour levels at 20 … 80 % of the values' range (geometric on a log colour scale); none if flat. */
export function contourLevels(values: readonly number[], log: boolean): number[] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (!(hi > lo)) return [];
  return [0.2, 0.4, 0.6, 0.8].map((f) => (log ? lo * (hi / lo) ** f : lo + (hi - lo) * f));
}

/** A value over a 2-D grid (a phase diagram): cells, a colour legend, contour lines of the same value. */
export interface HeatmapFigure {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  zLabel: string;
  x: number[];
  y: number[];
  /** z[j][i] at (x[i], y[j]); NaN cells are left blank. */
  z: number[][];
  xScale?: "linear" | "log";
  yScale?: "linear" | "log";
  zScale?: "linear" | "log";
  contours?: number[];
  /** Curves drawn over the cells (a predicted phase boundary), named in a legend. */
  boundary?: { name: string; x: number[]; y: number[] }[];
}

/** Renders a heatmap (heatmap of @meanfield/plot) and stages `<name>.svg` and `<name>.png`. */
export async function writeHeatmapFigure(out: OutputStage, name: string, fig: HeatmapFigure): Promise<void> {
  const plot = await import("@meanfield/plot");
  const spec = plot.heatmap({
    title: fig.title,
    ...(fig.subtitle ? { subtitle: fig.subtitle } : {}),
    x: { values: fig.x, label: fig.xLabel, ...(fig.xScale === "log" ? { log: true } : {}) },
    y: { values: fig.y, label: fig.yLabel, ...(fig.yScale === "log" ? { log: true } : {}) },
    z: fig.z,
    color: { label: fig.zLabel, ...(fig.zScale === "log" ? { log: true } : {}) },
    ...(fig.contours?.length ? { contours: fig.contours } : {}),
    ...(fig.boundary?.length ? { boundary: fig.boundary } : {}),
    onWarning: () => undefined,
  });
  await stage(out, name, plot, spec);
}
