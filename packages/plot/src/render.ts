/**
 * Rendering in one place: Vega-Lite → Vega → SVG with vega's headless renderer (no browser, no DOM, no
 * canvas), then SVG → PNG with resvg and the theme's fonts.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import type { TopLevelSpec } from "vega-lite";
import { invalid, PlotError } from "./errors.js";
import { useFontMetrics } from "./text-metrics.js";
import { FONT_FAMILY } from "./theme.js";

/**
 * Renders a Vega-Lite spec to an SVG string.
 * vega 6 is ESM-only with top-level await, so it is loaded with `import()` here rather than at the top of
 * the module: a static import would make `require("@meanfield/plot")` fail with ERR_REQUIRE_ASYNC_MODULE.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  if (spec === null || typeof spec !== "object") throw invalid("spec", "renderSvg: spec must be an object");
  const vega = await import("vega");
  const { compile } = await import("vega-lite");
  // Lay text out with the widths of the font resvg draws it in (vega's estimate is ~40 % too wide).
  useFontMetrics(vega as never, findFontFiles());
  let view: InstanceType<typeof vega.View> | undefined;
  try {
    const compiled = compile(spec).spec;
    view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.Error });
    return await view.toSVG();
  } catch (cause) {
    throw new PlotError("RENDER", `renderSvg: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  } finally {
    view?.finalize();
  }
}

export interface PngOptions {
  /** Output width in pixels; the height follows the SVG's aspect ratio. Exclusive with `scale`. */
  width?: number;
  /** Zoom relative to the SVG's own size (default 2, i.e. 2× for sharp print and HiDPI screens). */
  scale?: number;
  /** Background colour (default `"white"`; `"transparent"` for none). */
  background?: string;
  /** Font files to use instead of the DejaVu Sans files found on the system. */
  fontFiles?: string[];
}

const FONT_DIRS = [
  "/usr/share/fonts/truetype/dejavu",
  "/usr/share/fonts/dejavu",
  "/usr/share/fonts/TTF",
  "/usr/share/fonts/dejavu-sans-fonts",
  "/usr/local/share/fonts",
  "/usr/local/share/fonts/dejavu",
  "/opt/homebrew/share/fonts",
  "/Library/Fonts",
];
const FONT_FILES = [
  "DejaVuSans.ttf",
  "DejaVuSans-Bold.ttf",
  "DejaVuSans-Oblique.ttf",
  "DejaVuSans-BoldOblique.ttf",
];

let cachedFonts: string[] | undefined;

/** The DejaVu Sans files found on this machine (empty when none: resvg then uses the system fonts). */
export function findFontFiles(): string[] {
  if (cachedFonts) return cachedFonts;
  const found: string[] = [];
  for (const dir of FONT_DIRS) {
    for (const f of FONT_FILES) {
      const p = join(dir, f);
      if (existsSync(p)) found.push(p);
    }
    if (found.length > 0) break;
  }
  cachedFonts = found;
  return found;
}

/** Rasterises an SVG string to PNG bytes. */
export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  if (typeof svg !== "string" || svg.length === 0)
    throw invalid("svg", "svgToPng: svg must be a non-empty string");
  if (options.width !== undefined && options.scale !== undefined)
    throw invalid("width", "svgToPng: give either width or scale, not both");
  if (
    options.width !== undefined &&
    !(Number.isInteger(options.width) && options.width > 0 && options.width <= 20000)
  )
    throw invalid("width", `svgToPng: width must be an integer in [1, 20000], got ${options.width}`);
  if (
    options.scale !== undefined &&
    !(Number.isFinite(options.scale) && options.scale > 0 && options.scale <= 20)
  )
    throw invalid("scale", `svgToPng: scale must be a number in (0, 20], got ${options.scale}`);
  const fontFiles = options.fontFiles ?? findFontFiles();
  // Explicit font files make the output the same on every machine that has DejaVu, and skip the slow
  // system-font scan; without them resvg falls back to whatever sans-serif the system has.
  const font = {
    fontFiles,
    loadSystemFonts: fontFiles.length === 0,
    defaultFontFamily: FONT_FAMILY,
    sansSerifFamily: FONT_FAMILY,
  };
  const fitTo =
    options.width !== undefined
      ? ({ mode: "width", value: options.width } as const)
      : ({ mode: "zoom", value: options.scale ?? 2 } as const);
  try {
    const resvg = new Resvg(svg, { fitTo, background: options.background ?? "white", font });
    return resvg.render().asPng();
  } catch (cause) {
    throw new PlotError("RENDER", `svgToPng: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** `svgToPng(await renderSvg(spec), options)`. */
export async function renderPng(spec: TopLevelSpec, options: PngOptions = {}): Promise<Buffer> {
  return svgToPng(await renderSvg(spec), options);
}
