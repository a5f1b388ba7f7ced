/**
 * Reference lines drawn across the whole plot, each with its label written beside it: a vertical line at
 * a critical load (α_c, α_PSB), a horizontal line at a limit (the K → ∞ value) or a tolerance.
 */
import type { AxisEncoding } from "./axis-scale.js";
import { positionChannel } from "./axis-scale.js";
import { assertName } from "./clean-data.js";
import { invalid } from "./errors.js";

export interface ReferenceLine {
  /** A vertical line at this x… */
  x?: number;
  /** …or a horizontal line at this y (give exactly one of the two). */
  y?: number;
  /** Written beside the line, e.g. `"α_c = 1.56"` or `"tolerance 1e-6"`. */
  label: string;
  /** Line and label colour (default: the theme's ink, dark grey). */
  color?: string;
  /** Dashed (default `true`). */
  dashed?: boolean;
}

const INK = "#444444";

/** Checks the lines against the axes (one of x / y, finite, > 0 on a log axis); returns them. */
export function checkReferenceLines(
  lines: unknown,
  axes: { xLog: boolean; yLog: boolean },
  builder: string,
): ReferenceLine[] {
  if (lines === undefined) return [];
  if (!Array.isArray(lines)) throw invalid("rules", `${builder}: rules must be an array of { x | y, label }`);
  lines.forEach((r: ReferenceLine, i) => {
    const at = `rules[${i}]`;
    if (r === null || typeof r !== "object") throw invalid(at, `${builder}: ${at} must be { x | y, label }`);
    assertName(r.label, `${at}.label`);
    const hasX = r.x !== undefined;
    const hasY = r.y !== undefined;
    if (hasX === hasY)
      throw invalid(at, `${builder}: ${at} needs exactly one of x (vertical) or y (horizontal)`);
    const key = hasX ? "x" : "y";
    const v = hasX ? r.x : r.y;
    if (typeof v !== "number" || !Number.isFinite(v))
      throw invalid(`${at}.${key}`, `${builder}: ${at}.${key} must be a finite number, got ${v}`);
    if ((hasX ? axes.xLog : axes.yLog) && v <= 0)
      throw invalid(`${at}.${key}`, `${builder}: ${at}.${key} = ${v} cannot be shown on a log axis`);
  });
  return lines as ReferenceLine[];
}

/**
 * One layer per line: the rule across the plot and its label (vertical lines: at the top, one text row
 * further down per line so that labels of nearby lines do not overlap; horizontal lines: at the left end,
 * alternately above and below the line from the top down).
 */
export function referenceLayers(
  lines: ReferenceLine[],
  xEnc: AxisEncoding,
  yEnc: AxisEncoding,
  xs: readonly number[],
  xLog: boolean,
): Record<string, unknown>[] {
  let vertical = 0;
  // Where a vertical line sits across the plot (0 left … 1 right): a label near the right edge goes on
  // the line's left side so that it stays inside the frame.
  const domain = xEnc.scale.domain as [number, number] | undefined;
  let [lo, hi] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const v of xs) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (domain) [lo, hi] = domain;
  const at = (v: number) => (xLog ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo || 1));
  // Horizontal lines from the top down: labels alternately above and below their line, so that the labels of two
  // neighbouring lines do not overlap.
  const horizontal = lines.filter((r) => r.y !== undefined).sort((a, b) => b.y! - a.y!);
  const below = new Set(horizontal.filter((_, k) => k % 2 === 1));
  return lines.map((r) => {
    const color = r.color ?? INK;
    const dash = r.dashed === false ? {} : { strokeDash: [6, 4] };
    if (r.x !== undefined) {
      const x = positionChannel("x", xEnc, "x");
      const row = vertical++;
      const right = at(r.x) > 0.6;
      return {
        data: { values: [{ x: r.x, label: r.label }] },
        layer: [
          { mark: { type: "rule", color, strokeWidth: 1.5, ...dash }, encoding: { x } },
          ...labelLayers(
            { align: right ? "right" : "left", baseline: "top", dx: right ? -4 : 4, dy: 4 + 15 * row },
            color,
            { x, y: { value: 0 } },
          ),
        ],
      };
    }
    const y = positionChannel("y", yEnc, "y");
    return {
      data: { values: [{ y: r.y, label: r.label }] },
      layer: [
        { mark: { type: "rule", color, strokeWidth: 1.5, ...dash }, encoding: { y } },
        ...labelLayers(
          below.has(r)
            ? { align: "left", baseline: "top", dx: 4, dy: 3 }
            : { align: "left", baseline: "bottom", dx: 4, dy: -3 },
          color,
          { y, x: { value: 0 } },
        ),
      ],
    };
  });
}

/** A line's label: a white halo (the same text, stroked thick in white) under the coloured text, so it stays legible over curves and grid lines. */
function labelLayers(
  place: Record<string, unknown>,
  color: string,
  position: Record<string, unknown>,
): Record<string, unknown>[] {
  const encoding = { ...position, text: { field: "label" } };
  return [
    {
      mark: {
        type: "text",
        ...place,
        fontSize: 11,
        stroke: "white",
        strokeWidth: 4,
        strokeJoin: "round",
        color: "white",
      },
      encoding,
    },
    { mark: { type: "text", ...place, fontSize: 11, color }, encoding },
  ];
}

/** The coordinates the lines add to the x and y ranges (so that each line is inside the plot). */
export function referenceValues(lines: ReferenceLine[]): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const r of lines) {
    if (r.x !== undefined) xs.push(r.x);
    if (r.y !== undefined) ys.push(r.y);
  }
  return { xs, ys };
}

/**
 * Legend options that draw the symbol of each series named in `dashed` as a dashed stroke, matching its
 * line (the dash itself comes from a strokeDash encoding without a legend of its own).
 */
export function dashedLegendSymbols(dashed: readonly string[]): Record<string, unknown> {
  if (dashed.length === 0) return {};
  return {
    encode: {
      symbols: {
        update: {
          strokeDash: { signal: `indexof(${JSON.stringify(dashed)}, datum.value) >= 0 ? [6, 4] : [1, 0]` },
        },
      },
    },
  };
}

/** A strokeDash encoding on the `series` field: dashed for the names in `dashed`, solid otherwise. */
export function dashEncoding(names: readonly string[], dashed: readonly string[]): Record<string, unknown> {
  if (dashed.length === 0) return {};
  return {
    strokeDash: {
      field: "series",
      type: "nominal",
      scale: { domain: [...names], range: names.map((n) => (dashed.includes(n) ? [6, 4] : [1, 0])) },
      legend: null,
    },
  };
}
