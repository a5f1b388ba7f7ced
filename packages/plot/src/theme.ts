/**
 * The one theme every builder applies: DejaVu Sans (installed with the OS image and embedded into PNGs
 * by resvg), font sizes readable when the figure is printed at one column width, thin light grid lines,
 * and the Okabe–Ito palette, which stays distinguishable under the common colour-vision deficiencies.
 */
import type { Config } from "vega-lite";

export const FONT_FAMILY = "DejaVu Sans";

/**
 * Okabe & Ito (2008) colour-blind-safe palette, reordered for lines on white: the pale yellow goes last
 * because it is hard to see as a thin line, and black comes just before it.
 */
export const PALETTE: readonly string[] = [
  "#0072B2", // blue
  "#D55E00", // vermillion
  "#009E73", // bluish green
  "#CC79A7", // reddish purple
  "#E69F00", // orange
  "#56B4E9", // sky blue
  "#000000", // black
  "#F0E442", // yellow
];

/** Sequential colour scheme for heatmaps: perceptually uniform and colour-blind safe. */
export const HEATMAP_SCHEME = "viridis";

const INK = "#222222";
const GRID = "#e4e4e4";

export const theme: Config = {
  background: "white",
  font: FONT_FAMILY,
  padding: 8,
  view: { stroke: INK, strokeWidth: 1 },
  title: { fontSize: 16, fontWeight: "bold", color: INK, anchor: "middle", offset: 10, subtitleFontSize: 12 },
  axis: {
    labelFont: FONT_FAMILY,
    titleFont: FONT_FAMILY,
    labelFontSize: 12,
    titleFontSize: 14,
    titleFontWeight: "normal",
    titleColor: INK,
    labelColor: INK,
    domainColor: INK,
    tickColor: INK,
    gridColor: GRID,
    gridWidth: 1,
    tickSize: 5,
    titlePadding: 8,
    labelOverlap: true,
  },
  legend: {
    labelFont: FONT_FAMILY,
    titleFont: FONT_FAMILY,
    labelFontSize: 12,
    titleFontSize: 12,
    titleFontWeight: "bold",
    titleColor: INK,
    labelColor: INK,
    symbolStrokeWidth: 2.5,
    symbolSize: 120,
    labelLimit: 260,
    titleLimit: 320,
    symbolOpacity: 1,
  },
  range: { category: [...PALETTE] },
  line: { strokeWidth: 2 },
  point: { size: 40, filled: true, opacity: 1 },
  rule: { strokeWidth: 1.5 },
  bar: { color: PALETTE[0] },
};
