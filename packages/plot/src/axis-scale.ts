/**
 * Scale and axis settings for one quantitative axis. On a log axis that spans three or more decades the
 * ticks sit at powers of ten and read 10⁻³, 10⁻², … (the way loss-versus-time figures are printed);
 * a shorter log axis gets ticks at 1, 2 and 5 times the powers of ten (vega's default crowds 1, 2, 3, …
 * into every decade), written 0.02 or, far from 1, 2·10⁻⁵.
 */

import { superscript } from "./math-label.js";
import type { AxisOptions } from "./options.js";

export interface AxisEncoding {
  scale: Record<string, unknown>;
  axis: Record<string, unknown>;
  title?: string;
}

/** Powers of ten inside [min, max], thinned so that at most ~8 carry a label. */
function decadeTicks(min: number, max: number): number[] {
  const lo = Math.ceil(Math.log10(min) - 1e-9);
  const hi = Math.floor(Math.log10(max) + 1e-9);
  const step = Math.max(1, Math.ceil((hi - lo + 1) / 8));
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k += step) ticks.push(Number(`1e${k}`));
  return ticks;
}

/** 1, 2 and 5 times the powers of ten inside [min, max] (log axes spanning less than three decades). */
function oneTwoFiveTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let k = Math.floor(Math.log10(min)) - 1; k <= Math.ceil(Math.log10(max)); k++) {
    for (const m of [1, 2, 5]) {
      const v = Number(`${m}e${k}`);
      if (v >= min * (1 - 1e-12) && v <= max * (1 + 1e-12)) ticks.push(v);
    }
  }
  return ticks;
}

/** A vega expression mapping each tick value m·10ᵏ (m = 1, 2 or 5) to its label 10ᵏ or m·10ᵏ. */
function tickLabelExpr(ticks: number[]): string {
  let expr = "''";
  for (let i = ticks.length - 1; i >= 0; i--) {
    const v = ticks[i]!;
    const k = Math.floor(Math.log10(v) + 1e-9);
    const m = Math.round(v / 10 ** k);
    const label = `${m === 1 ? "" : `${m}·`}10${superscript(k)}`;
    expr = `datum.value == ${v.toExponential()} ? '${label}' : ${expr}`;
  }
  return expr;
}

/**
 * The axis range hugs the data: a log axis runs from the smallest to the largest value plotted (it is not
 * rounded out to whole decades, which could leave most of a decade empty), a linear axis is rounded to
 * nice numbers. With `margin` > 0 (a chart that draws point markers) both ends move out by that fraction
 * of the range (of the decades on a log axis) instead, so that a marker at the first or last value, or at
 * a bound such as 0 or 1, is drawn whole rather than cut in half by the frame.
 *
 * @param values every value that will be plotted on this axis (already validated: finite, and > 0 when log)
 * @param padded whether a linear axis may be rounded outward to nice numbers (false for heatmap cells)
 * @param margin fraction of the range added at each end (0: none)
 */
export function axisEncoding(
  options: AxisOptions | undefined,
  values: number[],
  padded = true,
  margin = 0,
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
  const known = Number.isFinite(min) && Number.isFinite(max);
  if (o.domain) [min, max] = o.domain;
  else if (known && min === max) {
    // All values equal (e.g. a single point): give the axis some extent around it instead of a
    // zero-width range, which vega would draw with meaningless tick labels.
    if (o.log) [min, max] = [min / 10, max * 10];
    else {
      const d = min === 0 ? 1 : Math.abs(min) * 0.1;
      [min, max] = [min - d, max + d];
    }
    scale.domain = [min, max];
  } else if (known && margin > 0) {
    if (o.log) {
      const f = 10 ** (margin * Math.log10(max / min));
      [min, max] = [min / f, max * f];
    } else {
      const d = margin * (max - min);
      [min, max] = [min - d, max + d];
    }
    scale.domain = [min, max];
  } else if (known && o.log) scale.domain = [min, max];
  const fixed = o.domain !== undefined || margin > 0;
  if (o.log) {
    scale.type = "log";
    scale.base = 10;
    scale.nice = false;
    if (known || o.domain) {
      const decades = Math.log10(max) - Math.log10(min);
      if (decades >= 3) {
        const ticks = decadeTicks(min, max);
        axis.values = ticks;
        axis.labelExpr = tickLabelExpr(ticks);
      } else {
        const ticks = oneTwoFiveTicks(min, max);
        if (ticks.length >= 2) {
          axis.values = ticks;
          if (ticks[0]! >= 1e-3 && ticks[ticks.length - 1]! < 1e5) axis.format = "~g";
          else axis.labelExpr = tickLabelExpr(ticks);
        }
      }
    }
  } else {
    scale.zero = o.zero ?? false;
    scale.nice = padded && !fixed;
  }
  if (o.domain) scale.domain = [...o.domain];
  else if (!padded && known) scale.domain = [min, max];
  if (o.ticks) {
    // the caller's ticks replace the chosen ones (labels in the axis's plain number format)
    axis.values = [...o.ticks];
    delete axis.labelExpr;
    axis.format = "~g";
  }
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
