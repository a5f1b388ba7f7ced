import { describe, expect, it } from "vitest";
import { renderPng, renderSvg, svgToPng } from "../src/index.js";
import { fixtures } from "./fixtures.js";
import { decodePng, inkFraction, PNG_SIGNATURE, readPngSize } from "./helpers/png.js";
import { checkWellFormedXml } from "./helpers/xml.js";

function svgWidth(svg: string): number {
  const m = /<svg[^>]*\swidth="([0-9.]+)"/.exec(svg);
  if (!m) throw new Error("svg has no width");
  return Number(m[1]);
}

describe.each(fixtures)("$kind", (f) => {
  it("renders to well-formed SVG showing the requested axis titles and legend entries", async () => {
    const svg = await renderSvg(f.spec());
    const xml = checkWellFormedXml(svg);
    expect(xml.root).toBe("svg");
    for (const s of [...f.titles, ...f.legend]) expect(xml.texts).toContain(s);
    // The theme's font is what the SVG asks for.
    expect(svg).toContain('font-family="DejaVu Sans');
    // A heatmap's colour legend is a colour bar (a gradient), not a list of swatches.
    if (f.kind === "heatmap") expect(svg).toContain("<linearGradient");
  });

  it("renders to a non-blank PNG of the requested width", async () => {
    const svg = await renderSvg(f.spec());
    const png = svgToPng(svg, { width: 800 });
    expect(Buffer.from(png.subarray(0, 8)).equals(PNG_SIGNATURE)).toBe(true);
    const img = decodePng(png);
    expect(img.width).toBe(800);
    // Aspect ratio follows the SVG's.
    const ratio = svgWidth(svg) / Number(/<svg[^>]*\sheight="([0-9.]+)"/.exec(svg)![1]);
    expect(Math.abs(img.width / img.height - ratio)).toBeLessThan(0.02);
    expect(inkFraction(img)).toBeGreaterThan(f.minInk);
    // …and not everything is ink either (a black image would pass the test above).
    expect(inkFraction(img)).toBeLessThan(0.95);
  });
});

describe("svgToPng", () => {
  it("scales by 2 by default and by the given factor otherwise", async () => {
    const svg = await renderSvg(fixtures[0]!.spec());
    const w = svgWidth(svg);
    expect(readPngSize(svgToPng(svg)).width).toBe(Math.round(2 * w));
    expect(readPngSize(svgToPng(svg, { scale: 1 })).width).toBe(Math.round(w));
  });

  it("renderPng(spec) equals svgToPng(renderSvg(spec))", async () => {
    const spec = fixtures[3]!.spec();
    const a = await renderPng(spec, { width: 300 });
    const b = svgToPng(await renderSvg(spec), { width: 300 });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it("rejects width and scale together, and bad sizes", () => {
    expect(() => svgToPng("<svg/>", { width: 10, scale: 2 })).toThrow(/either width or scale/);
    expect(() => svgToPng("<svg/>", { width: 0 })).toThrow(/width/);
    expect(() => svgToPng("<svg/>", { scale: Number.NaN })).toThrow(/scale/);
    expect(() => svgToPng("")).toThrow(/svg/);
  });

  it("reports malformed SVG as a PlotError", () => {
    expect(() => svgToPng("<svg><g></svg>")).toThrow(
      expect.objectContaining({ name: "PlotError", code: "RENDER" }),
    );
  });
});

describe("renderSvg", () => {
  it("reports an invalid spec as a PlotError", async () => {
    await expect(renderSvg({ mark: "nonsense" } as never)).rejects.toMatchObject({
      name: "PlotError",
      code: "RENDER",
    });
  });
});
