/** Options shared by every chart builder. */

/** One axis of a chart. */
export interface AxisOptions {
  /** Axis title; any Unicode string, e.g. `"time t"`, `"ε_gen"` or `mathLabel("alpha_c")`. */
  label?: string;
  /** Logarithmic (base 10) scale. Every plotted value on this axis must then be > 0. */
  log?: boolean;
  /** Fixed axis range `[min, max]` in data units; default: fitted to the data. */
  domain?: [number, number];
  /** Include 0 in a linear axis range (default `false`: the range hugs the data). */
  zero?: boolean;
  /**
   * Tick positions in data units (default: chosen by the axis), e.g. `[1, 2, 3, 4]` for a count such as the
   * number of hidden units, which fractional ticks would misrepresent. Finite, and > 0 on a log axis.
   */
  ticks?: number[];
}

/** What to do with NaN / ±Infinity values: drop the point and warn (default), or throw. */
export type NonFinitePolicy = "drop" | "error";

export interface ChartOptions {
  title?: string;
  subtitle?: string;
  /** Width of the plotting area in CSS pixels (default 480); axes and legend add to it. */
  width?: number;
  /** Height of the plotting area in CSS pixels (default 300). */
  height?: number;
  /** NaN / ±Infinity handling, default `"drop"`. */
  nonFinite?: NonFinitePolicy;
  /**
   * Called once per chart with a summary when points were dropped for being non-finite.
   * Default: `process.emitWarning(message, { code: "MEANFIELD_PLOT_NONFINITE" })`.
   */
  onWarning?: (message: string) => void;
}

/**
 * What a builder records in `spec.usermeta.meanfield`: the builder name and, per series, how many points
 * were dropped for being non-finite (absent when none were).
 */
export interface PlotMeta {
  builder: "lineChart" | "overlayChart" | "heatmap" | "barChart";
  droppedNonFinite?: Record<string, number>;
}

export const DEFAULT_WIDTH = 480;
export const DEFAULT_HEIGHT = 300;
