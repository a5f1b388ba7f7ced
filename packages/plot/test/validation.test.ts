import { describe, expect, it, vi } from "vitest";
import { barChart, heatmap, lineChart, overlayChart, PlotError } from "../src/index.js";

const meta = (spec: object) =>
  (spec as { usermeta: { meanfield: Record<string, unknown> } }).usermeta.meanfield;
const values = (spec: object) => (spec as { data: { values: Record<string, unknown>[] } }).data.values;

function thrown(fn: () => unknown): PlotError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PlotError);
    return e as PlotError;
  }
  throw new Error("expected a PlotError");
}

describe("empty input", () => {
  it("rejects an empty series list and an empty series, naming it", () => {
    expect(thrown(() => lineChart({ series: [] })).parameter).toBe("series");
    const e = thrown(() =>
      lineChart({
        series: [
          { name: "a", x: [1], y: [1] },
          { name: "loss", x: [], y: [] },
        ],
      }),
    );
    expect(e.message).toContain('series "loss" is empty');
    expect(e.parameter).toBe("series[1]");
    expect(thrown(() => overlayChart({})).code).toBe("INVALID_ARGUMENT");
    expect(thrown(() => barChart({ categories: [] })).parameter).toBe("categories");
    expect(thrown(() => barChart({ categories: ["a"] })).parameter).toBe("values");
  });

  it("rejects mismatched lengths and duplicate names", () => {
    expect(thrown(() => lineChart({ series: [{ name: "s", x: [1, 2], y: [1] }] })).message).toMatch(
      /series "s": y has length 1 but x has length 2/,
    );
    expect(
      thrown(() =>
        lineChart({
          series: [
            { name: "s", x: [1], y: [1] },
            { name: "s", x: [1], y: [1] },
          ],
        }),
      ).message,
    ).toMatch(/"s" appears twice/);
    expect(
      thrown(() => lineChart({ series: [{ name: "s", x: [1, 2], y: [1, 2], std: [1] }] })).parameter,
    ).toBe("series[0].std");
  });
});

describe("NaN and Infinity", () => {
  const series = [
    { name: "clean", x: [1, 2, 3], y: [1, 2, 3] },
    {
      name: "noisy",
      x: new Float64Array([1, 2, 3, 4]),
      y: new Float64Array([1, Number.NaN, 3, Number.POSITIVE_INFINITY]),
    },
  ];

  it("drops them by default, reporting the count per series once", () => {
    const onWarning = vi.fn();
    const spec = lineChart({ series, onWarning });
    expect(values(spec).filter((r) => r.series === "noisy")).toHaveLength(2);
    expect(values(spec).filter((r) => r.series === "clean")).toHaveLength(3);
    expect(meta(spec).droppedNonFinite).toEqual({ noisy: 2 });
    expect(onWarning).toHaveBeenCalledTimes(1);
    expect(onWarning.mock.calls[0]![0]).toMatch(/dropped 2 point.*\(noisy: 2\)/);
  });

  it("warns through process.emitWarning when no handler is given", () => {
    const spy = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      lineChart({ series });
      expect(spy).toHaveBeenCalledTimes(1);
      expect(String(spy.mock.calls[0]![0])).toContain("noisy");
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects them with nonFinite: "error", naming series, column and index', () => {
    const e = thrown(() => lineChart({ series, nonFinite: "error" }));
    expect(e.message).toBe('series "noisy": y[1] is NaN (nonFinite: "error")');
    expect(e.parameter).toBe("series[1].y");
    expect(thrown(() => lineChart({ series, nonFinite: "maybe" as never })).parameter).toBe("nonFinite");
  });

  it("rejects a series with no finite point left", () => {
    expect(thrown(() => lineChart({ series: [{ name: "nan", x: [1], y: [Number.NaN] }] })).message).toMatch(
      /"nan" has no finite points left/,
    );
  });

  it("applies to simulation error bars, heatmap cells and bars", () => {
    const onWarning = vi.fn();
    const o = overlayChart({
      simulation: [{ name: "sim", x: [1, 2], y: [1, 2], yErr: [0.1, Number.NaN] }],
      onWarning,
    });
    expect(meta(o).droppedNonFinite).toEqual({ 'simulation "sim"': 1 });
    const h = heatmap({
      x: { values: [0, 1] },
      y: { values: [0, 1] },
      z: [
        [1, Number.NaN],
        [3, 4],
      ],
      onWarning,
    });
    expect(meta(h).droppedNonFinite).toEqual({ z: 1 });
    expect(
      thrown(() =>
        heatmap({
          x: { values: [0, 1] },
          y: { values: [0, 1] },
          z: [1, 2, 3, Number.NaN],
          nonFinite: "error",
        }),
      ).message,
    ).toMatch(/x\[1\], y\[1\] is NaN/);
    const b = barChart({ categories: ["a", "b"], values: [1, Number.NaN], onWarning });
    expect(values(b)).toHaveLength(1);
    expect(meta(b).droppedNonFinite).toEqual({ values: 1 });
  });
});

describe("log axes", () => {
  it("rejects non-positive values on a log axis, naming the series", () => {
    const series = [
      { name: "ok", x: [1, 2], y: [1, 2] },
      { name: "train loss", x: [1, 2, 3], y: [0.5, 0, 0.1] },
    ];
    const e = thrown(() => lineChart({ series, y: { log: true } }));
    expect(e.message).toBe(
      'series "train loss": y[1] = 0 cannot be shown on a log axis (values must be > 0)',
    );
    expect(e.parameter).toBe("series[1].y");
    expect(lineChart({ series, x: { log: true } })).toBeTruthy(); // x is positive: fine
    expect(
      thrown(() => lineChart({ series: [{ name: "t0", x: [0, 1], y: [1, 1] }], x: { log: true } })).message,
    ).toMatch(/"t0": x\[0\] = 0/);
    expect(
      thrown(() => overlayChart({ simulation: [{ name: "sim", x: [1], y: [-1] }], y: { log: true } }))
        .message,
    ).toMatch(/simulation "sim": y\[0\] = -1/);
    expect(
      thrown(() => heatmap({ x: { values: [0, 1], log: true }, y: { values: [1, 2] }, z: [1, 2, 3, 4] }))
        .parameter,
    ).toBe("x.values");
    expect(
      thrown(() => barChart({ categories: ["a"], values: [1], y: { log: true } as never })).parameter,
    ).toBe("y.log");
  });

  it("clips band and error-bar lower edges that fall to ≤ 0 to the smallest positive value plotted", () => {
    const spec = lineChart({
      series: [{ name: "s", x: [1, 2], y: [0.5, 0.01], std: [0.1, 0.05] }],
      y: { log: true },
    });
    const rows = values(spec);
    expect(rows[0]!.lo).toBeCloseTo(0.4, 15);
    expect(rows[1]!.lo).toBe(0.01); // 0.01 − 0.05 < 0 → smallest positive value plotted
    expect(rows[1]!.hi).toBeCloseTo(0.06, 15);
  });

  it("puts ticks at powers of ten labelled 10ᵏ when the axis spans many decades", () => {
    const spec = lineChart({
      series: [{ name: "s", x: [1e-2, 1e3], y: [2e-6, 0.5] }],
      x: { log: true },
      y: { log: true },
    });
    const layer = (
      spec as unknown as {
        layer: {
          encoding: Record<
            string,
            { axis: { values: number[]; labelExpr: string }; scale: { domain: number[] } }
          >;
        }[];
      }
    ).layer[0]!;
    expect(layer.encoding.x!.axis.values).toEqual([1e-2, 1e-1, 1, 1e1, 1e2, 1e3]);
    // The axes hug the data: not rounded out to whole decades (2e-6 … 0.5 stays 2e-6 … 0.5).
    expect(layer.encoding.x!.scale.domain).toEqual([1e-2, 1e3]);
    expect(layer.encoding.y!.scale.domain).toEqual([2e-6, 0.5]);
    expect(layer.encoding.y!.axis.values).toEqual([1e-5, 1e-4, 1e-3, 1e-2, 1e-1]);
    expect(layer.encoding.x!.axis.labelExpr).toContain("'10⁻²'");
  });

  it("thins decade ticks on long axes, inside the data's range", () => {
    const spec = lineChart({ series: [{ name: "s", x: [1, 2], y: [2e-9, 2] }], y: { log: true } });
    const y = (
      spec as unknown as {
        layer: { encoding: { y: { axis: { values: number[] }; scale: { domain: number[] } } } }[];
      }
    ).layer[0]!.encoding.y;
    // 10⁻⁸ … 10⁰ are the 9 decades inside 2e-9 … 2: every second one is labelled; the axis ends at the data.
    expect(y.axis.values).toEqual([1e-8, 1e-6, 1e-4, 1e-2, 1]);
    expect(y.scale.domain).toEqual([2e-9, 2]);
    // With a fixed domain the ticks stay inside it.
    const fixed = lineChart({
      series: [{ name: "s", x: [1, 2], y: [2e-9, 2] }],
      y: { log: true, domain: [1e-8, 1e2] },
    });
    const yf = (
      fixed as unknown as {
        layer: { encoding: { y: { axis: { values: number[] }; scale: { domain: number[] } } } }[];
      }
    ).layer[0]!.encoding.y;
    expect(yf.scale.domain).toEqual([1e-8, 1e2]);
    expect(yf.axis.values.every((v) => v >= 1e-8 && v <= 1e2)).toBe(true);
  });
});

describe("other options", () => {
  it("validates sizes, domains, heatmap grids and z shapes", () => {
    const s = [{ name: "s", x: [1], y: [1] }];
    expect(thrown(() => lineChart({ series: s, width: -1 })).parameter).toBe("width");
    expect(thrown(() => lineChart({ series: s, y: { domain: [1, 0] } })).parameter).toBe("y.domain");
    expect(thrown(() => lineChart({ series: s, y: { log: true, domain: [0, 1] } })).parameter).toBe(
      "y.domain",
    );
    expect(thrown(() => heatmap({ x: { values: [0] }, y: { values: [0, 1] }, z: [1] })).message).toMatch(
      /at least 2/,
    );
    expect(
      thrown(() => heatmap({ x: { values: [1, 0] }, y: { values: [0, 1] }, z: [1, 2, 3, 4] })).message,
    ).toMatch(/strictly increasing/);
    expect(
      thrown(() => heatmap({ x: { values: [0, 1] }, y: { values: [0, 1] }, z: [1, 2, 3] })).message,
    ).toMatch(/flat z has length 3, expected nx·ny = 2·2 = 4/);
    expect(
      thrown(() =>
        heatmap({
          x: { values: [0, 1] },
          y: { values: [0, 1, 2] },
          z: [
            [1, 2],
            [3, 4],
          ],
        }),
      ).message,
    ).toMatch(/z has 2 rows but y.values has 3/);
    expect(
      thrown(() =>
        heatmap({ x: { values: [0, 1] }, y: { values: [0, 1] }, z: [1, 2, 3, 4], contours: [Number.NaN] }),
      ).parameter,
    ).toBe("contours[0]");
    expect(thrown(() => barChart({ categories: ["a"], values: [1], series: [] })).message).toMatch(
      /not both/,
    );
  });

  it("marks a single-point series and gives its axes some extent", () => {
    const spec = lineChart({ series: [{ name: "one", x: [2], y: [5] }], y: { log: true } });
    const line = (
      spec as unknown as {
        layer: { mark: { point?: unknown }; encoding: Record<string, { scale: { domain?: number[] } }> }[];
      }
    ).layer[0]!;
    expect(line.mark.point).toBeTruthy();
    expect(line.encoding.x!.scale.domain).toEqual([1.8, 2.2]);
    const [lo, hi] = line.encoding.y!.scale.domain!;
    expect(lo! < 5 && hi! > 5).toBe(true);
    const two = lineChart({ series: [{ name: "two", x: [1, 2], y: [1, 2] }] });
    expect(
      (two as unknown as { layer: { mark: { point?: unknown } }[] }).layer[0]!.mark.point,
    ).toBeUndefined();
  });

  it("builds plain Vega-Lite specs with inline data, the theme and the title", () => {
    const spec = lineChart({
      title: "T",
      series: [{ name: "s", x: [1, 2], y: [3, 4] }],
    }) as unknown as Record<string, unknown>;
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec); // plain JSON, no functions or typed arrays
    expect(spec.$schema).toMatch(/vega-lite\/v6/);
    expect((spec.config as { font: string }).font).toBe("DejaVu Sans");
    expect(spec.title).toEqual({ text: "T" });
    expect(values(spec)).toEqual([
      { series: "s", x: 1, y: 3 },
      { series: "s", x: 2, y: 4 },
    ]);
  });

  it("lays heatmap cells edge to edge, centred on the grid points (geometric midpoints on a log axis)", () => {
    const spec = heatmap({
      x: { values: [0, 1, 3] },
      y: { values: [1, 100], log: true },
      z: [
        [1, 2, 3],
        [4, 5, 6],
      ],
    });
    const cells = (spec as unknown as { layer: { data: { values: Record<string, number>[] } }[] }).layer[0]!
      .data.values;
    expect(cells).toHaveLength(6);
    expect(cells[0]).toMatchObject({ x: -0.5, x2: 0.5, z: 1 });
    expect(cells[1]).toMatchObject({ x: 0.5, x2: 2, z: 2 });
    expect(cells[2]).toMatchObject({ x: 2, x2: 4, z: 3 });
    expect(cells[0]!.y).toBeCloseTo(0.1, 12);
    expect(cells[0]!.y2).toBeCloseTo(10, 12);
    expect(cells[3]).toMatchObject({ z: 4 });
    expect(cells[3]!.y2).toBeCloseTo(1000, 9);
  });
});
