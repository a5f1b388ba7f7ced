/**
 * The figure defects of issue 16 (item 8), each checked on the spec or on the rendered picture: axes that end
 * at the data's range, markers that the frame does not cut, labelled reference lines, dashed series, bands
 * on theory lines, and a canvas without a wide empty margin (text laid out with the font's own widths).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  findFontFiles,
  lineChart,
  overlayChart,
  PALETTE,
  PlotError,
  renderSvg,
  svgToPng,
} from "../src/index.js";
import { parseFontMetrics, textWidth } from "../src/text-metrics.js";
import { decodePng, inkColumns } from "./helpers/png.js";

type Enc = { scale: { domain?: number[]; nice?: boolean }; axis: { values?: number[] } };
type Layer = {
  mark?: { type: string; strokeDash?: number[] } | string;
  encoding?: Record<string, Enc & { field?: string; value?: unknown; legend?: unknown }>;
  layer?: Layer[];
  data?: { values: Record<string, unknown>[] };
  transform?: unknown[];
};

/** Every leaf layer of a spec, depth first. */
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
const channel = (spec: unknown, ch: "x" | "y") =>
  leaves(spec).find((l) => ["line", "point"].includes(markType(l) ?? ""))!.encoding![ch]!;

const K = [1, 2, 4, 8, 16, 32];

describe("axis ranges", () => {
  it("a log axis ends at the data's range (K up to 32 is not drawn to 100)", () => {
    const spec = lineChart({
      series: [{ name: "relu", x: K, y: K.map((k) => 5.5 - 1 / k) }],
      x: { log: true, label: "hidden units K" },
    });
    const x = channel(spec, "x");
    expect(x.scale.domain).toEqual([1, 32]);
    expect(x.scale.nice).toBe(false);
    // Ticks at 1, 2 and 5 times the powers of ten, all inside the range.
    expect(x.axis.values).toEqual([1, 2, 5, 10, 20]);
  });

  it("an axis with given ticks shows exactly those (integers on a K axis), and bad ticks name the option", () => {
    const spec = overlayChart({
      simulation: [{ name: "relu α_PSB", x: [2, 3], y: [0.632, 0.71] }],
      x: { label: "hidden units K", domain: [1, 4], ticks: [1, 2, 3, 4] },
    });
    const x = channel(spec, "x");
    expect(x.axis.values).toEqual([1, 2, 3, 4]);
    expect(x.scale.domain).toEqual([1, 4]);
    const log = lineChart({ series: [{ name: "a", x: K, y: K }], x: { log: true, ticks: [1, 4, 16] } });
    expect(channel(log, "x").axis.values).toEqual([1, 4, 16]);
    for (const [ticks, log] of [
      [[], false],
      [[1, Number.NaN], false],
      [[0, 1], true],
    ] as const) {
      let err: unknown;
      try {
        lineChart({ series: [{ name: "a", x: K, y: K }], x: { log, ticks: [...ticks] } });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PlotError);
      expect((err as PlotError).parameter).toBe("x.ticks");
    }
  });

  it("with markers, both axes are padded a little so that end markers are drawn whole", () => {
    const spec = lineChart({
      series: [{ name: "relu", x: K, y: K.map((k) => 1 / k) }],
      x: { log: true },
      points: true,
    });
    const [x0, x1] = channel(spec, "x").scale.domain!;
    expect(x0).toBeLessThan(1);
    expect(x1).toBeGreaterThan(32);
    expect(x1).toBeLessThan(40); // a few per cent of the range, not a decade
  });

  it("pads a fraction axis beyond [0, 1] when its markers sit at 0 and 1", () => {
    const spec = overlayChart({
      simulation: [{ name: "SAT", x: [0.5, 1, 2, 3], y: [1, 1, 0.5, 0], yErr: [0, 0, 0.2, 0] }],
      y: { label: "fraction SAT" },
    });
    const [lo, hi] = channel(spec, "y").scale.domain!;
    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(1);
    expect(hi - lo).toBeLessThan(1.2);
  });
});

describe("reference lines", () => {
  const rules = [
    { x: 0.9, label: "α_PSB = 0.8966" },
    { x: 5.5, label: "α_c = 5.504" },
    { y: 0.5, label: "q = ½", color: PALETTE[1] },
  ];
  const alphas = [0.1, 1, 2, 3, 4, 5];
  const spec = lineChart({ series: [{ name: "q", x: alphas, y: alphas.map((a) => a / 5.5) }], rules });

  it("draws each as a rule mark with its label, on the same scales as the curves", () => {
    const ruleLayers = leaves(spec).filter((l) => markType(l) === "rule");
    expect(ruleLayers).toHaveLength(3);
    const vertical = ruleLayers.filter((l) => l.encoding!.x && !l.encoding!.y);
    expect(vertical).toHaveLength(2);
    // One group per line: its data carries the value and the label.
    const groups = (spec as unknown as { layer: Layer[] }).layer.filter((l) => l.data?.values[0]?.label);
    expect(groups.map((g) => g.data!.values[0])).toEqual([
      { x: 0.9, label: "α_PSB = 0.8966" },
      { x: 5.5, label: "α_c = 5.504" },
      { y: 0.5, label: "q = ½" },
    ]);
    const curveX = channel(spec, "x");
    for (const v of vertical) expect(v.encoding!.x).toEqual(curveX);
  });

  it("renders the rules and their labels into the SVG", async () => {
    const svg = await renderSvg(spec);
    expect(svg.match(/class="mark-rule role-mark/g)?.length).toBe(3);
    for (const r of rules) expect(svg).toContain(`>${r.label}</text>`);
    // α_c = 5.5 lies beyond the data (x ≤ 5), yet its line is inside the 480 px plot: the axis reaches it.
    const xs = [
      ...svg.matchAll(/aria-roledescription="rule mark" transform="translate\(([-0-9.]+),0\)"/g),
    ].map((m) => Number(m[1]));
    expect(xs).toHaveLength(2);
    for (const x of xs) expect(x >= 0 && x <= 480.5, `rule at x = ${x}`).toBe(true);
  });

  it("overlayChart takes them too, and a log axis rejects a line at ≤ 0", () => {
    const o = overlayChart({
      theory: [{ name: "t", x: [1, 10], y: [1, 2] }],
      rules: [{ y: 1e-3, label: "tolerance" }],
      y: { log: true },
    });
    expect(leaves(o).filter((l) => markType(l) === "rule")).toHaveLength(1);
    const bad = () =>
      lineChart({
        series: [{ name: "s", x: [1, 2], y: [1, 2] }],
        y: { log: true },
        rules: [{ y: 0, label: "zero" }],
      });
    expect(bad).toThrow(PlotError);
    expect(() =>
      lineChart({
        series: [{ name: "s", x: [1, 2], y: [1, 2] }],
        rules: [{ x: 1, y: 1, label: "both" } as never],
      }),
    ).toThrow(/exactly one of x/);
  });
});

describe("dashed series and theory bands", () => {
  it("draws a dashed theory line dashed in the plot and in the legend", () => {
    const spec = overlayChart({
      theory: [{ name: "w_flow = w_Q", x: [-1, 1], y: [-1, 1], dashed: true }],
      simulation: [{ name: "coordinates", x: [0.1, 0.5], y: [0.1, 0.5] }],
    });
    const line = leaves(spec).find((l) => markType(l) === "line")!;
    expect(line.encoding!.strokeDash).toBeDefined();
    const legend = line.encoding!.color!.legend as { encode?: unknown };
    expect(JSON.stringify(legend.encode)).toContain("w_flow = w_Q");
  });

  it("shades a band around a theory line that has std", () => {
    const spec = overlayChart({
      theory: [{ name: "DMFT", x: [1, 2, 3], y: [1, 0.5, 0.3], std: [0.1, 0.05, 0.03] }],
      simulation: [{ name: "sim", x: [1.5], y: [0.6] }],
    });
    expect(leaves(spec).some((l) => markType(l) === "area")).toBe(true);
  });
});

describe("text widths and the canvas", () => {
  const fonts = findFontFiles();
  const hasDejaVu = fonts.some((f) => f.endsWith("DejaVuSans.ttf"));

  it.skipIf(!hasDejaVu)("measures DejaVu Sans from the font file (A = 1401/2048 em)", () => {
    const file = fonts.find((f) => f.endsWith("DejaVuSans.ttf"))!;
    const m = parseFontMetrics(readFileSync(file))!;
    expect(m.unitsPerEm).toBe(2048);
    expect(m.advances[m.glyphOf(65)]).toBe(1401);
    // vega's estimate without a canvas is 0.8 em per character: 96 px for "train loss" at 12 px.
    const w = textWidth("train loss", 12, false, fonts);
    expect(w).toBeGreaterThan(50);
    expect(w).toBeLessThan(60);
    expect(textWidth("train loss", 12, true, fonts)).toBeGreaterThan(w);
  });

  it("leaves no wide empty margin right of the legend or around a long title", async () => {
    const t = Array.from({ length: 30 }, (_, i) => 10 ** (-2 + (4 * i) / 29));
    const spec = lineChart({
      title: "DLN gradient flow: train loss and test error",
      subtitle: "n = 50, d = 100, ρ = 0.1, σ = 0, α = 0.1",
      series: [
        { name: "train loss ℓ_train", x: t, y: t.map((v) => 1 / (1 + v)) },
        { name: "test error ε_gen", x: t, y: t.map((v) => 0.5 / (1 + v / 10) + 0.05) },
      ],
      legendTitle: "mean ± 1 standard error, 3 seeds",
      x: { log: true, label: "time t" },
      y: { log: true, label: "train loss ℓ_train, test error ε_gen" },
    });
    const img = decodePng(svgToPng(await renderSvg(spec), { scale: 1 }));
    const { left, right } = inkColumns(img);
    // The theme pads the view by 8 px; a few more pixels of slack for glyph side bearings.
    expect(img.width - 1 - right).toBeLessThan(16);
    expect(left).toBeLessThan(16);
  });
});
