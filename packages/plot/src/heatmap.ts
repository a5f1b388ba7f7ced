/**
 * A value over a 2-D parameter grid (a phase diagram) as coloured cells with a colour legend, optionally
 * with contour lines of the same value and with boundary curves (e.g. a predicted phase boundary)
 * drawn on top.
 */
import type { TopLevelSpec } from "vega-lite";
import { axisEncoding, positionChannel } from "./axis-scale.js";
import { baseSpec } from "./base-spec.js";
import {
  assertChartSize,
  assertColumn,
  assertDomain,
  assertPolicy,
  assertXYAxes,
  collectRows,
  DropLog,
  type NumberColumn,
} from "./clean-data.js";
import { contourSegments } from "./contour-lines.js";
import { invalid } from "./errors.js";
import type { AxisOptions, ChartOptions } from "./options.js";
import { HEATMAP_SCHEME } from "./theme.js";

/** A grid axis: its coordinates plus the usual axis options. */
export interface GridAxis extends AxisOptions {
  /** Grid coordinates, strictly increasing, at least 2. Cells are centred on them. */
  values: NumberColumn;
}

export interface ColorAxis {
  /** Colour-legend title. */
  label?: string;
  /** Logarithmic colour scale (all values must be > 0). */
  log?: boolean;
  /** Fixed colour range `[min, max]`. */
  domain?: [number, number];
  /** Any Vega colour scheme name (default `"viridis"`). */
  scheme?: string;
  /** Reverse the scheme. */
  reverse?: boolean;
}

export interface BoundaryLine {
  /** Shown in a legend (line style) when given. */
  name?: string;
  /** Points of the curve, drawn in the order given (the curve need not be a function of x). */
  x: NumberColumn;
  y: NumberColumn;
}

export interface HeatmapOptions extends ChartOptions {
  x: GridAxis;
  y: GridAxis;
  /**
   * Values: `z[j][i]` is the value at `(x.values[i], y.values[j])` (one row per y value), or a flat
   * row-major array of length nx·ny with the same layout. NaN cells are dropped (left blank) or rejected.
   */
  z: NumberColumn[] | NumberColumn;
  color?: ColorAxis;
  /** Levels at which to draw contour lines of z. */
  contours?: number[];
  /** Curves drawn over the cells, e.g. a theoretical phase boundary. */
  boundary?: BoundaryLine[];
}

function gridAxis(axis: GridAxis | undefined, name: "x" | "y"): number[] {
  if (!axis || typeof axis !== "object")
    throw invalid(name, `heatmap: ${name} must be { values, label?, log? }`);
  assertColumn(axis.values, `${name}.values`);
  const v = Array.from(axis.values, Number);
  if (v.length < 2) throw invalid(`${name}.values`, `heatmap: ${name}.values needs at least 2 grid points`);
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i]!))
      throw invalid(
        `${name}.values`,
        `heatmap: ${name}.values[${i}] is ${v[i]} (grid coordinates must be finite)`,
      );
    if (axis.log && v[i]! <= 0)
      throw invalid(
        `${name}.values`,
        `heatmap: ${name}.values[${i}] = ${v[i]} cannot be shown on a log axis (values must be > 0)`,
      );
    if (i > 0 && !(v[i]! > v[i - 1]!))
      throw invalid(`${name}.values`, `heatmap: ${name}.values must be strictly increasing (index ${i})`);
  }
  return v;
}

/**
 * Cell edges: midpoints between neighbouring grid points (geometric midpoints on a log axis), the outer
 * edges half a spacing beyond the first and last points.
 */
function cellEdges(v: number[], log: boolean): number[] {
  const t = log ? v.map(Math.log10) : v;
  const edges: number[] = [t[0]! - (t[1]! - t[0]!) / 2];
  for (let i = 0; i + 1 < t.length; i++) edges.push((t[i]! + t[i + 1]!) / 2);
  const n = t.length;
  edges.push(t[n - 1]! + (t[n - 1]! - t[n - 2]!) / 2);
  return log ? edges.map((e) => 10 ** e) : edges;
}

function flattenZ(z: HeatmapOptions["z"], nx: number, ny: number): Float64Array {
  if (!z || typeof z !== "object" || typeof (z as { length?: unknown }).length !== "number")
    throw invalid("z", "heatmap: z must be an array of rows or a flat row-major array");
  const flat = new Float64Array(nx * ny);
  const first = (z as ArrayLike<unknown>)[0];
  if (first !== undefined && typeof first === "object") {
    const rows = z as NumberColumn[];
    if (rows.length !== ny)
      throw invalid(
        "z",
        `heatmap: z has ${rows.length} rows but y.values has ${ny} points (z[j][i] is at x[i], y[j])`,
      );
    rows.forEach((row, j) => {
      assertColumn(row, `z[${j}]`);
      if (row.length !== nx)
        throw invalid(`z[${j}]`, `heatmap: z[${j}] has length ${row.length} but x.values has ${nx} points`);
      for (let i = 0; i < nx; i++) flat[j * nx + i] = Number(row[i]);
    });
  } else {
    assertColumn(z, "z");
    const col = z as NumberColumn;
    if (col.length !== nx * ny)
      throw invalid(
        "z",
        `heatmap: flat z has length ${col.length}, expected nx·ny = ${nx}·${ny} = ${nx * ny}`,
      );
    for (let k = 0; k < nx * ny; k++) flat[k] = Number(col[k]);
  }
  return flat;
}

export function heatmap(options: HeatmapOptions): TopLevelSpec {
  const policy = assertPolicy(options?.nonFinite);
  assertChartSize(options);
  const xs = gridAxis(options.x, "x");
  const ys = gridAxis(options.y, "y");
  const { xLog, yLog } = assertXYAxes(options.x, options.y);
  const color = options.color ?? {};
  assertDomain(color.domain, "color.domain", color.log === true);
  const nx = xs.length;
  const ny = ys.length;
  const z = flattenZ(options.z, nx, ny);

  const drops = new DropLog();
  const xe = cellEdges(xs, xLog);
  const ye = cellEdges(ys, yLog);
  const cells: Record<string, number>[] = [];
  let dropped = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = z[j * nx + i]!;
      if (!Number.isFinite(v)) {
        if (policy === "error")
          throw invalid("z", `heatmap: z at x[${i}], y[${j}] is ${v} (nonFinite: "error")`);
        dropped++;
        continue;
      }
      if (color.log && v <= 0)
        throw invalid(
          "z",
          `heatmap: z at x[${i}], y[${j}] = ${v} cannot be shown on a log colour scale (must be > 0)`,
        );
      cells.push({ x: xe[i]!, x2: xe[i + 1]!, y: ye[j]!, y2: ye[j + 1]!, z: v });
    }
  }
  if (cells.length === 0) throw invalid("z", "heatmap: z has no finite values");
  drops.add("z", dropped);

  const contours = options.contours ?? [];
  if (!Array.isArray(contours)) throw invalid("contours", "heatmap: contours must be an array of levels");
  const segments: Record<string, number>[] = [];
  contours.forEach((level, k) => {
    if (!Number.isFinite(level))
      throw invalid(`contours[${k}]`, `heatmap: contour level ${level} is not finite`);
    for (const s of contourSegments(xs, ys, z, level, xLog, yLog)) segments.push({ ...s, level });
  });

  const boundary = options.boundary ?? [];
  if (!Array.isArray(boundary)) throw invalid("boundary", "heatmap: boundary must be an array of curves");
  const boundaryRows: Record<string, number | string>[] = [];
  const boundaryNames: string[] = [];
  boundary.forEach((b, k) => {
    const name = b?.name ?? `boundary ${k + 1}`;
    if (b?.name !== undefined) boundaryNames.push(name);
    const rows = collectRows(
      name,
      `boundary "${name}"`,
      `boundary[${k}]`,
      [
        { key: "x", values: b?.x, positive: xLog },
        { key: "y", values: b?.y, positive: yLog },
      ],
      policy,
      drops,
    );
    rows.forEach((r, order) => {
      boundaryRows.push({ name, order, x: r.x!, y: r.y! });
    });
  });

  const xEnc = axisEncoding(options.x, [xe[0]!, xe[nx]!], false);
  const yEnc = axisEncoding(options.y, [ye[0]!, ye[ny]!], false);
  const x = positionChannel("x", xEnc, "x");
  const y = positionChannel("y", yEnc, "y");
  const height = options.height ?? 360;
  const colorScale: Record<string, unknown> = {
    scheme: color.scheme ?? HEATMAP_SCHEME,
    ...(color.reverse ? { reverse: true } : {}),
    ...(color.log ? { type: "log" } : { zero: false, nice: false }),
    ...(color.domain ? { domain: [...color.domain] } : {}),
  };

  const colorLegend = {
    type: "gradient",
    gradientLength: Math.max(120, Math.round(0.6 * height)),
    gradientThickness: 14,
  };
  const zEncoding = {
    field: "z",
    type: "quantitative",
    title: color.label ?? "z",
    scale: colorScale,
    legend: colorLegend,
  };
  const layers: Record<string, unknown>[] = [
    {
      data: { values: cells },
      // A hairline stroke in each cell's own colour covers the anti-aliasing seams between neighbours.
      // It reads the colour scale in an expression, because a second `stroke` encoding would merge into
      // the colour legend and turn the colour bar into a symbol legend.
      mark: { type: "rect", clip: true, strokeWidth: 0.6, stroke: { expr: "scale('color', datum.z)" } },
      encoding: { x, x2: { field: "x2" }, y, y2: { field: "y2" }, color: zEncoding },
    },
  ];
  // Lines over the colour map: a white halo under a dark line stays visible on both ends of the scheme.
  if (segments.length > 0) {
    const enc = { x, y, x2: { field: "x2" }, y2: { field: "y2" } };
    layers.push(
      {
        data: { values: segments },
        mark: { type: "rule", color: "white", strokeWidth: 3, opacity: 0.8, clip: true },
        encoding: enc,
      },
      {
        data: { values: segments },
        mark: { type: "rule", color: "#111111", strokeWidth: 1.2, clip: true },
        encoding: enc,
      },
    );
  }
  if (boundaryRows.length > 0) {
    const enc: Record<string, unknown> = {
      x,
      y,
      order: { field: "order", type: "quantitative" },
      detail: { field: "name", type: "nominal" },
    };
    const dash =
      boundaryNames.length > 0
        ? {
            field: "name",
            type: "nominal",
            scale: {
              domain: boundaryNames,
              range: boundaryNames.map(
                (_, k) =>
                  [
                    [1, 0],
                    [8, 4],
                    [2, 3],
                    [8, 3, 2, 3],
                  ][k % 4],
              ),
            },
            legend: {
              title: null,
              symbolType: "stroke",
              symbolStrokeColor: "#111111",
              symbolStrokeWidth: 2.5,
            },
          }
        : undefined;
    layers.push(
      {
        data: { values: boundaryRows },
        mark: { type: "line", color: "white", strokeWidth: 5.5, opacity: 0.9, clip: true },
        encoding: enc,
      },
      {
        data: { values: boundaryRows },
        mark: { type: "line", color: "#111111", strokeWidth: 2.5, clip: true },
        encoding: dash ? { ...enc, strokeDash: dash } : enc,
      },
    );
  }

  return baseSpec(options, drops.finish("heatmap", options), { layer: layers }, 400, 360);
}
