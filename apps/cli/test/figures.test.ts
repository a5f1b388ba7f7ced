/**
 * The figure defects of issue 16 (item 8). Two levels: the figure descriptions the commands build (their
 * exported builders, through the framework's curveSpec into a Vega-Lite spec), and the SVG / PNG files the
 * built CLI writes with --out. Each test would fail on the defect it names.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as plot from "@meanfield/plot";
import { describe, expect, it } from "vitest";
import { decodePng, inkColumns } from "../../../packages/plot/test/helpers/png.js";
import { dlnImplicitBias, weightsFigure } from "../src/commands/dln-implicit-bias.js";
import { curvesFigure } from "../src/commands/dln-simulate.js";
import { convergenceFigure } from "../src/commands/dmft-solve.js";
import { type CurveFigure, curveSpec, transitionRules } from "../src/framework/figures.js";
import { cli, tempDir } from "./helpers.js";

type Layer = {
  mark?: { type: string } | string;
  encoding?: Record<
    string,
    { field?: string; title?: string; scale?: { domain?: number[] }; legend?: unknown }
  >;
  layer?: Layer[];
  data?: { values: Record<string, number | string>[] };
  title?: unknown;
};

function leaves(spec: unknown): Layer[] {
  const out: Layer[] = [];
  const walk = (l: Layer) => {
    if (l.layer) for (const c of l.layer) walk(c);
    else out.push(l);
  };
  walk(spec as Layer);
  return out;
}
const markType = (l: Layer) => (typeof l.mark === "string" ? l.mark : l.mark?.type);
/** Rows of every data set in the spec (top level and per layer). */
function rows(spec: unknown): Record<string, number | string>[] {
  const out: Record<string, number | string>[] = [];
  const walk = (l: Layer) => {
    if (l.data) out.push(...l.data.values);
    for (const c of l.layer ?? []) walk(c);
  };
  walk(spec as Layer);
  return out;
}
/** Legend titles of every colour channel in the spec. */
function legendTitles(spec: unknown): string[] {
  return leaves(spec)
    .map((l) => (l.encoding?.color?.legend as { title?: string } | null | undefined)?.title)
    .filter((t): t is string => typeof t === "string");
}
const svgTexts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
const axisTitles = (svg: string) =>
  [...svg.matchAll(/class="mark-text role-axis-title"[\s\S]*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe("figure descriptions (spec level)", () => {
  it("dln simulate: axis titles name the curves (not 'value'), bands are standard errors and the legend says so", () => {
    const S = 4;
    const res = {
      times: [0.1, 1, 10],
      mean: { trainLoss: [0.5, 0.1, 0.01], genError: [1, 0.5, 0.3] },
      std: { trainLoss: [0.2, 0.04, 0.02], genError: [0.4, 0.2, 0.1] },
      seeds: [1, 2, 3, 4],
    };
    const fig = curvesFigure({ n: 50, d: 100, rho: 0.1, sigma: 0, alpha: 0.1 }, res);
    expect(fig.yLabel).not.toBe("value");
    expect(fig.yLabel).toMatch(/train loss/);
    expect(fig.yLabel).toMatch(/ε_gen/);
    const spec = curveSpec(plot, fig);
    const line = leaves(spec).find((l) => markType(l) === "line")!;
    expect(line.encoding!.y!.title).toBe(fig.yLabel);
    // Band half-width = std/√seeds (the standard error of the mean), not the std.
    const r = rows(spec).filter((x) => x.series === "test error ε_gen");
    expect((r[0]!.hi as number) - (r[0]!.y as number)).toBeCloseTo(0.4 / Math.sqrt(S), 12);
    expect(legendTitles(spec).join(" ")).toMatch(/standard error, 4 seeds/);
  });

  it("dln implicit-bias: a scatter of w_flow against w_Q with the diagonal, support and off-support apart", () => {
    const wQ = [1.5, 0, 0.2, -0.8];
    const wFlow = [1.49, 0.001, 0.21, -0.79];
    const wStar = [1.6, 0, 0, -1];
    const fig = weightsFigure(
      { n: 2, d: 4, alpha: 0.1 },
      { wQ, wFlow, wStar, tMax: 100, distance: 0.01, underdetermined: true },
    );
    const spec = curveSpec(plot, fig);
    const points = rows(spec).filter((x) => x.series !== "w_flow = w_Q" && x.lo === undefined);
    // One marker per coordinate, at (w_Q,i, w_flow,i): nothing is drawn twice or hidden under another series.
    expect(points.filter((p) => p.series !== "w_flow = w_Q")).toHaveLength(4);
    for (const p of points) expect(wFlow[wQ.indexOf(p.x as number)]).toBe(p.y);
    expect(new Set(points.map((p) => p.series))).toEqual(new Set(["w*_i ≠ 0 (teacher support)", "w*_i = 0"]));
    // The diagonal y = x, dashed, spanning the data.
    const diag = rows(spec).filter((x) => x.series === "w_flow = w_Q");
    expect(diag.map((d) => [d.x, d.y])).toEqual([
      [-0.8, -0.8],
      [1.5, 1.5],
    ]);
    expect(leaves(spec).find((l) => markType(l) === "line")!.encoding!.strokeDash).toBeDefined();
    // No series is listed under a "simulation" legend.
    expect(legendTitles(spec)).not.toContain("simulation");
  });

  it("replica sweep: α_PSB and α_c become labelled vertical rules (none for a divergent α_c)", () => {
    expect(transitionRules(0.8966, 5.504)).toEqual([
      { x: 0.8966, label: "α_PSB = 0.8966" },
      { x: 5.504, label: "α_c = 5.504" },
    ]);
    expect(transitionRules(11.1, null)).toEqual([{ x: 11.1, label: "α_PSB = 11.1" }]);
    const alphas = [0.1, 1, 2, 3, 4, 5];
    const spec = curveSpec(plot, {
      title: "sweep",
      xLabel: "α",
      yLabel: "q",
      series: [{ name: "q", x: alphas, y: alphas.map((a) => a / 6) }],
      rules: transitionRules(0.8966, 5.504),
    });
    const rules = leaves(spec).filter((l) => markType(l) === "rule");
    expect(rules).toHaveLength(2);
    expect(rules.every((l) => l.encoding!.x && !l.encoding!.y)).toBe(true);
  });

  it("dmft solve convergence: a horizontal --tol rule, inside the y range even when no residual reaches it", () => {
    const history = [1, 2, 3].map((i) => ({
      replica: 0,
      stage: 0,
      gridPoints: 40,
      iteration: i,
      residual: 10 ** -i,
    }));
    const fig = convergenceFigure(history, 1e-6);
    expect(fig.rules).toEqual([{ y: 1e-6, label: "--tol 0.000001" }]);
    const spec = curveSpec(plot, fig);
    const rule = leaves(spec).find((l) => markType(l) === "rule")!;
    expect(rule.encoding!.y).toBeDefined();
    const domain = leaves(spec).find((l) => markType(l) === "line")!.encoding!.y!.scale!.domain!;
    expect(domain[0]).toBeLessThanOrEqual(1e-6);
  });

  it("sparse curves get markers, a log axis ends at the data (K to 32, not 100), a rule can take a series' colour", () => {
    const K = [1, 2, 4, 8, 16, 32];
    const fig: CurveFigure = {
      title: "capacity",
      xLabel: "hidden units K",
      yLabel: "α_c per parameter",
      xScale: "log",
      series: [
        { name: "relu", x: K, y: K.map((k) => 5.5 - 3 / k) },
        { name: "erf", x: K, y: K.map((k) => 7.2 - 4 / k) },
      ],
      rules: [{ y: 7.2235, label: "erf, K → ∞", series: "erf" }],
    };
    const spec = curveSpec(plot, fig);
    const line = leaves(spec).find((l) => markType(l) === "line")!;
    expect((line.mark as { point?: unknown }).point).toBeTruthy();
    const [, xMax] = line.encoding!.x!.scale!.domain!;
    expect(xMax).toBeGreaterThanOrEqual(32);
    expect(xMax).toBeLessThan(40);
    const rule = leaves(spec).find((l) => markType(l) === "rule")!;
    expect((rule.mark as { color?: string }).color).toBe(plot.PALETTE[1]);
  });

  it("fractions at 0 and 1 as markers: the y range is padded beyond [0, 1]", () => {
    const spec = curveSpec(plot, {
      title: "SAT",
      xLabel: "α",
      yLabel: "fraction SAT",
      series: [
        { name: "N = 30", x: [0.5, 1, 2, 3], y: [1, 1, 0.5, 0], std: [0, 0, 0.2, 0], style: "points" },
      ],
    });
    const [lo, hi] = leaves(spec).find((l) => markType(l) === "point")!.encoding!.y!.scale!.domain!;
    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(1);
  });
});

describe("figures written by the CLI (--out)", () => {
  it("dln simulate: titled axes, a standard-error legend, and no wide empty canvas", () => {
    const dir = tempDir();
    const r = cli(
      ["dln", "simulate", "--n", "30", "--d", "60", "--t-max", "20", "--points", "12", "--seeds", "3"].concat(
        ["--workers", "0", "--out", join(dir, "o")],
      ),
    );
    expect(r.code, r.stderr).toBe(0);
    const svg = readFileSync(join(dir, "o", "curves.svg"), "utf8");
    expect(axisTitles(svg)).toEqual(["time t", "train loss ℓ_train, test error ε_gen"]);
    expect(svgTexts(svg)).not.toContain("value");
    expect(svgTexts(svg)).toContain("mean ± 1 standard error, 3 seeds");
    const img = decodePng(readFileSync(join(dir, "o", "curves.png")));
    const { left, right } = inkColumns(img);
    // Ink reaches within 3 % of both edges (the PNG is at 2×; vega's text estimate used to leave ~15–35 %).
    expect((img.width - 1 - right) / img.width).toBeLessThan(0.03);
    expect(left / img.width).toBeLessThan(0.03);
  });

  it("dln implicit-bias: the weights figure is a scatter with one marker per coordinate and the diagonal", () => {
    const dir = tempDir();
    const d = 60;
    const r = cli(
      ["dln", "implicit-bias", "--n", "30", "--d", String(d), "--alpha", "0.3", "--t-max", "200"].concat([
        "--out",
        join(dir, "o"),
      ]),
    );
    expect(r.code, r.stderr).toBe(0);
    const svg = readFileSync(join(dir, "o", "weights.svg"), "utf8");
    const texts = svgTexts(svg);
    for (const t of ["w_flow = w_Q", "w*_i ≠ 0 (teacher support)", "w*_i = 0"]) expect(texts).toContain(t);
    expect(texts).not.toContain("simulation");
    expect(axisTitles(svg)[0]).toMatch(/w_Q,i/);
    expect(axisTitles(svg)[1]).toMatch(/gradient flow/);
    expect(svg.match(/aria-roledescription="point"/g)?.length).toBe(d);
    expect((dlnImplicitBias.files ?? []).join(" ")).toMatch(/scatter/);
  });

  it("replica sweep: α_PSB and α_c as marked vertical lines in both figures", () => {
    const dir = tempDir();
    const r = cli(["replica", "sweep", "--activation", "relu", "--points", "12", "--out", join(dir, "o")]);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ["sweep.svg", "entropy.svg"]) {
      const svg = readFileSync(join(dir, "o", f), "utf8");
      expect(svg.match(/class="mark-rule role-mark/g)?.length, f).toBe(2);
      const texts = svgTexts(svg);
      expect(
        texts.some((t) => /^α_PSB = 0\.89/.test(t ?? "")),
        f,
      ).toBe(true);
      expect(
        texts.some((t) => /^α_c = 5\.50/.test(t ?? "")),
        f,
      ).toBe(true);
    }
  });

  it("dmft solve: the convergence figure shows the --tol line", () => {
    const dir = tempDir();
    const r = cli(
      ["dmft", "solve", "--grid-points", "20", "--samples", "300", "--t-max", "3"].concat([
        "--tol",
        "0.001",
        "--allow-non-converged",
        "--out",
        join(dir, "o"),
      ]),
    );
    expect(r.code, r.stderr).toBe(0);
    const svg = readFileSync(join(dir, "o", "convergence.svg"), "utf8");
    expect(svg.match(/class="mark-rule role-mark/g)?.length).toBe(1);
    expect(svgTexts(svg)).toContain("--tol 0.001");
    const curves = readFileSync(join(dir, "o", "curves.svg"), "utf8");
    expect(svgTexts(curves)).toContain("DMFT ± 2 estimated errors");
  });
});
