export type { TopLevelSpec } from "vega-lite";
export { type BarChartOptions, type BarSeries, barChart } from "./bar-chart.js";
export { contourSegments, type Segment } from "./contour-lines.js";
export { PlotError, type PlotErrorCode } from "./errors.js";
export {
  type BoundaryLine,
  type ColorAxis,
  type GridAxis,
  type HeatmapOptions,
  heatmap,
} from "./heatmap.js";
export { type LineChartOptions, type LineSeries, lineChart } from "./line-chart.js";
export { mathLabel, superscript } from "./math-label.js";
export type { AxisOptions, ChartOptions, NonFinitePolicy, PlotMeta } from "./options.js";
export {
  type OverlayChartOptions,
  overlayChart,
  type SimulationSeries,
  type TheorySeries,
} from "./overlay-chart.js";
export type { ReferenceLine } from "./reference-lines.js";
export { findFontFiles, type PngOptions, renderPng, renderSvg, svgToPng } from "./render.js";
export { FONT_FAMILY, HEATMAP_SCHEME, PALETTE, theme } from "./theme.js";
export {
  type FigureFormat,
  figureFormat,
  type WriteFigureOptions,
  type WriteFigureResult,
  writeFigure,
} from "./write-figure.js";
