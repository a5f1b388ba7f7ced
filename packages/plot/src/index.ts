export type { TopLevelSpec } from "vega-lite";
export { PlotError, type PlotErrorCode } from "./errors.js";
export { type LineChartOptions, type LineSeries, lineChart } from "./line-chart.js";
export { mathLabel, superscript } from "./math-label.js";
export type { AxisOptions, ChartOptions, NonFinitePolicy, PlotMeta } from "./options.js";
export { findFontFiles, type PngOptions, renderPng, renderSvg, svgToPng } from "./render.js";
export { FONT_FAMILY, HEATMAP_SCHEME, PALETTE, theme } from "./theme.js";
export {
  type FigureFormat,
  figureFormat,
  type WriteFigureOptions,
  type WriteFigureResult,
  writeFigure,
} from "./write-figure.js";
