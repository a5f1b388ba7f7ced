/**
 * Scale and axis settings for one quantitative axis. On a log axis that spans two or more decades the
 * ticks sit at powers of ten and read 10⁻³, 10⁻², … (the way loss-versus-time figures are printed);
 * vega's default log labels (1e-3, or 1, 2, 3, … crowded in every decade) are kept for short ranges.
 */

import { superscript } from "./math-label.js";
import type { AxisOptions } from "./options.js";

export interface AxisEncoding {
  scale: Record<string, unknown>;
  axis: Record<string, unknown>;
  title?: string;
}

/**
 * Powers of ten covering [min, max], thinned so that at most ~8 carry a label. With `extend`, the lower
 * end moves down to a whole number of steps below the upper one, so both ends of the axis are labelled.
 */
function decadeTicks(min: number, max: number, extend: boolean): number[] {
  let lo = Math.floor(Math.log10(min) + 1e-9);
  const hi = Math.ceil(Math.log10(max) - 1e-9);
  const step = Math.max(1, Math.ceil((hi - lo) / 8));
  if (extend) lo = hi - step * Math.ceil((hi - lo) / step);
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k += step) ticks.push(Number(`1e${k}`));
  return ticks;
}

/** A vega expression mapping each tick value to its 10ᵏ label. */
function decadeLabelExpr(ticks: number[]): string {
  let expr = "''";
  for (let i = ticks.length - 1; i >= 0; i--) {
    const v = ticks[i]!;
    const k = Math.round(Math.log10(v));
    expr = `datum.value == ${v.toExponential()} ? '10${superscript(k)}' : ${expr}`;
  }
  return expr;
}

/**
 * @param values every value that will be plotted on this axis (already validated: finite, and > 0 when log)
 * @param padded whether a linear axis may be rounded outward to nice numbers (false for heatmap cells)
 */
export function axisEncoding(
  options: AxisOptions | undefined,
  values: number[],
  padded = true,
): AxisEncoding {
  const o = options ?? {};
  const scale: Record<string, unknown> = {};
  const axis: Record<string, unknown> = {};
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (o.domain) [min, max] = o.domain;
  else if (min === max && Number.isFinite(min)) {
    // All values equal (e.g. a single point): give the axis some extent around it instead of a
    // zero-width range, which vega would draw with meaningless tick labels.
    if (o.log) [min, max] = [min / 10, max * 10];
    else {
      const d = min === 0 ? 1 : Math.abs(min) * 0.1;
      [min, max] = [min - d, max + d];
    }
    scale.domain = [min, max];
  }
  if (o.log) {
    scale.type = "log";
    scale.base = 10;
    const decades = Math.log10(max) - Math.log10(min);
    if (decades >= 2) {
      const extend = !o.domain && padded;
      let ticks = decadeTicks(min, max, extend);
      if (extend) {
        // The axis runs over whole decades, from the first tick to the last, so both ends are labelled.
        scale.domain = [ticks[0], ticks[ticks.length - 1]];
      } else {
        ticks = ticks.filter((t) => t >= min * (1 - 1e-12) && t <= max * (1 + 1e-12));
      }
      axis.values = ticks;
      axis.labelExpr = decadeLabelExpr(ticks);
    } else {
      scale.nice = padded && !o.domain;
    }
  } else {
    scale.zero = o.zero ?? false;
    scale.nice = padded && !o.domain;
  }
  if (o.domain) scale.domain = [...o.domain];
  else if (!padded && Number.isFinite(min) && Number.isFinite(max)) scale.domain = [min, max];
  const out: AxisEncoding = { scale, axis };
  if (o.label !== undefined) out.title = o.label;
  return out;
}

/** A quantitative position channel on `field` with an axis encoding's scale, axis and title. */
export function positionChannel(
  field: string,
  enc: AxisEncoding,
  defaultTitle: string,
): Record<string, unknown> {
  return { field, type: "quantitative", title: enc.title ?? defaultTitle, scale: enc.scale, axis: enc.axis };
}
