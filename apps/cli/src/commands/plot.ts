import { existsSync } from "node:fs";
import { defineCommand, type Params, type RunContext } from "../framework/command.js";
import { shown, UsageError } from "../framework/errors.js";
import {
  contourLevels,
  type FigureSeries,
  wideRangeScale,
  writeFigure,
  writeHeatmapFigure,
} from "../framework/figures.js";
import { type CommandResult, loadSource, type SweepResult } from "../framework/load-results.js";
import { numberListOption, stringOption } from "../framework/options.js";
import { flattenOutputs } from "../framework/sweep-export.js";
import { sig } from "../framework/text.js";

/** The quantity plotted by default for a sweep of each command (a column of results.csv). */
const DEFAULT_Y: Record<string, string> = {
  "dmft solve": "genError.last",
  "dmft compare": "agreement.maxAbsZ",
  "dln simulate": "genError.mean.last",
  "replica capacity": "alphaC",
};

const safeName = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, "-");

/** Axes go logarithmic over a 20-fold span, colours and values over a 100-fold one. */
const scaleOf = (values: number[]) => wideRangeScale(values, 20);

async function plotSweep(s: SweepResult, params: Params, ctx: RunContext) {
  const done = s.points.filter((p) => p.status === "done" && p.result);
  if (done.length === 0) throw new UsageError(`the sweep ${s.sweep} has no finished point to plot`, "plot");
  const flat = done.map((p) => flattenOutputs(p.result));
  const numericFields = Object.keys(flat[0]).filter((k) => flat.some((f) => typeof f[k] === "number"));
  const y = (params.y as string | undefined) ?? DEFAULT_Y[s.command] ?? numericFields[0];
  if (y === undefined || !numericFields.includes(y))
    throw new UsageError(
      `--y ${shown(y ?? "")} is not a numeric output of '${s.command}' (outputs: ${numericFields.slice(0, 40).join(", ")})`,
      "plot",
    );
  const axisNames = Object.keys(s.points[0].axes);
  const varying = axisNames.filter((k) => new Set(s.points.map((p) => p.axes[k])).size > 1);
  const numeric = varying.filter((k) => s.points.every((p) => typeof p.axes[k] === "number"));
  if (varying.length === 0)
    throw new UsageError("no axis of the sweep varies: nothing to plot against", "plot");
  const x = (params.x as string | undefined) ?? numeric[0] ?? varying[0];
  if (!varying.includes(x))
    throw new UsageError(
      `--x ${shown(x)} is not a varying axis of the sweep (axes: ${varying.join(", ")})`,
      "plot",
    );
  const value = (i: number) => {
    const v = flat[i][y];
    return typeof v === "number" ? v : Number.NaN;
  };
  const others = varying.filter((k) => k !== x);
  const name = `sweep-${safeName(y)}`;
  const subtitle = `${s.command}, sweep ${s.sweep}, ${done.length}/${s.points.length} points done`;
  const rows: Record<string, unknown>[] = done.map((p, i) => ({ ...p.axes, [y]: value(i) }));
  if (others.length === 1 && numeric.includes(x) && numeric.includes(others[0])) {
    const yAxis = others[0];
    const xs = [...new Set(done.map((p) => p.axes[x] as number))].sort((a, b) => a - b);
    const ys = [...new Set(done.map((p) => p.axes[yAxis] as number))].sort((a, b) => a - b);
    if (xs.length < 2 || ys.length < 2)
      throw new UsageError("a heatmap needs at least two finished values on each axis", "plot");
    const z = ys.map(() => xs.map(() => Number.NaN));
    done.forEach((p, i) => {
      z[ys.indexOf(p.axes[yAxis] as number)][xs.indexOf(p.axes[x] as number)] = value(i);
    });
    const finite = z.flat().filter(Number.isFinite);
    const zScale = wideRangeScale(finite, 100);
    const contours = (params.contours as number[] | undefined) ?? contourLevels(finite, zScale === "log");
    if (ctx.out)
      await writeHeatmapFigure(ctx.out, name, {
        title: `${y} over (${x}, ${yAxis})`,
        subtitle: `${subtitle}; contours at ${contours.map((c) => sig(c, 3)).join(", ")}`,
        xLabel: x,
        yLabel: yAxis,
        zLabel: y,
        x: xs,
        y: ys,
        z,
        xScale: scaleOf(xs),
        yScale: scaleOf(ys),
        zScale,
        contours,
      });
    return { kind: "heatmap", x, y: yAxis, z: y, rows, name, contours };
  }
  // a line per combination of the other axes
  const groups = new Map<string, { x: number[]; y: number[] }>();
  done.forEach((p, i) => {
    const label = others.map((k) => `${k}=${p.axes[k]}`).join(", ") || y;
    const g = groups.get(label) ?? { x: [], y: [] };
    g.x.push(Number(p.axes[x]));
    g.y.push(value(i));
    groups.set(label, g);
  });
  if (groups.size > 12)
    throw new UsageError(
      `${groups.size} lines (one per combination of ${others.join(", ")}): too many for one figure; choose --x among ${varying.join(", ")}`,
      "plot",
    );
  const series: FigureSeries[] = [...groups].map(([label, g]) => {
    const order = g.x.map((_, i) => i).sort((a, b) => g.x[a] - g.x[b]);
    return { name: label, x: order.map((i) => g.x[i]), y: order.map((i) => g.y[i]) };
  });
  const ys = series.flatMap((g) => Array.from(g.y)).filter(Number.isFinite);
  if (ctx.out)
    await writeFigure(ctx.out, name, {
      title: `${y} against ${x}`,
      subtitle,
      xLabel: x,
      yLabel: y,
      xScale: numeric.includes(x) ? scaleOf(done.map((p) => p.axes[x] as number)) : "linear",
      yScale: wideRangeScale(ys, 100),
      series,
    });
  return { kind: "lines", x, y, rows, name };
}

/** A command's own time series: every numeric array (or {mean, std}) as long as `times`. */
async function plotResult(r: CommandResult, params: Params, ctx: RunContext) {
  const times = r.times;
  if (!Array.isArray(times) || times.length < 2)
    throw new UsageError(
      `the result of '${r.command}' has no time series to plot (fields: ${Object.keys(r).join(", ")})`,
      "plot",
    );
  const n = times.length;
  const want = params.y as string | undefined;
  const series: FigureSeries[] = [];
  for (const [k, v] of Object.entries(r)) {
    if (k === "times" || k === "t" || (want !== undefined && k !== want)) continue;
    const mean = Array.isArray(v) ? v : (v as { mean?: unknown })?.mean;
    if (!Array.isArray(mean) || mean.length !== n || !mean.every((x) => typeof x === "number" || x === null))
      continue;
    if (want === undefined && !/loss|error/i.test(k)) continue;
    const std = (v as { std?: unknown })?.std;
    series.push({
      name: k,
      x: times as number[],
      y: mean.map((x) => (x === null ? Number.NaN : (x as number))),
      ...(Array.isArray(std) && std.length === n ? { std: std as number[] } : {}),
    });
  }
  if (series.length === 0)
    throw new UsageError(
      `no series ${want ? shown(want) : "(loss or error)"} of length ${n} in the result`,
      "plot",
    );
  const name = `result-${safeName(want ?? r.command)}`;
  if (ctx.out)
    await writeFigure(ctx.out, name, {
      title: `${r.command}: ${series.map((s) => s.name).join(", ")}`,
      subtitle: `seed ${r.seed}; bands: ± std where the result has one`,
      xLabel: "t",
      yLabel: want ?? "value",
      xScale: "log",
      yScale: "log",
      series,
    });
  return { kind: "result", series: series.map((s) => s.name), name };
}

export const plot = defineCommand({
  id: "plot",
  summary:
    "Figures from stored results, without recomputing: a sweep's store or results, or a command's result.json.",
  short: "re-plot a sweep's store or a result.json (no recomputation)",
  description:
    "SOURCE is a sweep's --out directory, its sweep.sqlite or results.json, or a command's result.json. A sweep is " +
    "drawn by what varies: one axis gives a line of --y against it; two numeric axes a heatmap with contour lines " +
    "(--contours, default at 20/40/60/80 % of the range); more axes a family of lines against --x, one per " +
    "combination of the others. --y is a column of the sweep's results.csv (default: genError.last for 'dmft solve', " +
    "genError.mean.last for 'dln simulate', alphaC for 'replica capacity'). A single result is drawn as its time " +
    "series (losses and errors, or --y). Axes and colours switch to log scales when the values span a wide range.",
  positionals: {
    name: "SOURCE",
    description: "a sweep's --out directory, sweep.sqlite or results.json; or a result.json",
  },
  options: [
    stringOption("y", {
      description: "the quantity to plot (a results.csv column, or a series of a result)",
      placeholder: "FIELD",
    }),
    stringOption("x", {
      description: "the sweep axis on the horizontal axis (default: the first varying numeric one)",
      placeholder: "AXIS",
    }),
    numberListOption("contours", {
      description: "contour levels of a heatmap (comma-separated)",
      placeholder: "LIST",
    }),
    stringOption("sweep", {
      description: "which sweep of a store holding several (an id prefix; default: the newest)",
      placeholder: "ID",
    }),
  ],
  examples: [
    "meanfield plot out/alpha-delta --out out/alpha-delta/figures",
    "meanfield plot out/sim/result.json --out figs",
  ],
  output: [
    { field: "kind", description: "heatmap, lines or result" },
    { field: "name", description: "the figure's file name (NAME.svg, NAME.png, NAME.csv in --out)" },
    { field: "rows", description: "the plotted values (sweeps)" },
  ],
  files: ["<name>.svg, <name>.png — the figure", "<name>.csv — the plotted values"],
  outputFiles: () => [],
  check(params) {
    const src = params.args[0];
    if (src === undefined || params.args.length !== 1)
      throw new UsageError(
        "give one SOURCE: a sweep's --out directory, store or results.json, or a result.json",
        "plot",
      );
    if (!existsSync(src)) throw new UsageError(`no such file or directory: ${shown(src)}`, "plot");
  },
  async run(params, ctx) {
    const src = params.args[0];
    try {
      const source = loadSource(src, params.sweep ? { sweepId: params.sweep as string } : {});
      if (source.kind === "sweep") {
        const s = source.sweep;
        const r = await plotSweep(s, params, ctx);
        if (ctx.out) {
          const cols = Object.keys(r.rows[0] ?? {});
          ctx.out.writeCsv(
            `${r.name}.csv`,
            cols,
            r.rows.map((row) => cols.map((c) => row[c] as number)),
          );
        }
        return {
          result: { source: src, sweep: s.sweep, ...r },
          summary: `${r.kind} of ${r.kind === "heatmap" ? `${r.z} over (${r.x}, ${r.y})` : `${r.y} against ${r.x}`} from ${r.rows.length} points${ctx.out ? ` → ${r.name}.svg, ${r.name}.png, ${r.name}.csv` : " (add --out DIR for the files)"}`,
        };
      }
      const res = source.result;
      const r = await plotResult(res, params, ctx);
      return {
        result: { source: src, ...r },
        summary: `${r.series.join(", ")} of '${res.command}'${ctx.out ? ` → ${r.name}.svg, ${r.name}.png` : " (add --out DIR for the files)"}`,
      };
    } catch (e) {
      if ((e as Error).name === "ResultFileError") throw new UsageError((e as Error).message, "plot");
      throw e;
    }
  },
});
