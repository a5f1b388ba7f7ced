/**
 * Writes a figure to disk in the format its file name asks for, atomically: the bytes go to a temporary
 * file in the same directory (so the rename cannot cross file systems), which is flushed and then
 * renamed over the target. A crash or error leaves either the old file or the complete new one, never
 * half a file, and the temporary file is removed on failure.
 */
import { randomBytes } from "node:crypto";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { invalid, PlotError } from "./errors.js";
import { type PngOptions, renderSvg, svgToPng } from "./render.js";

export type FigureFormat = "svg" | "png" | "vl.json";

export interface WriteFigureOptions {
  /** PNG size options (used for `.png` only). */
  png?: PngOptions;
}

export interface WriteFigureResult {
  path: string;
  format: FigureFormat;
  bytes: number;
}

/** The format a path asks for: `.svg`, `.png`, or `.vl.json` / `.json` for the raw Vega-Lite spec. */
export function figureFormat(path: string): FigureFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith(".svg")) return "svg";
  if (lower.endsWith(".png")) return "png";
  if (lower.endsWith(".json")) return "vl.json";
  throw invalid("path", `writeFigure: cannot tell the format of "${path}" (use .svg, .png or .vl.json)`);
}

export async function writeFigure(
  spec: TopLevelSpec,
  path: string,
  options: WriteFigureOptions = {},
): Promise<WriteFigureResult> {
  if (typeof path !== "string" || path.length === 0)
    throw invalid("path", "writeFigure: path must be a non-empty string");
  const format = figureFormat(path);
  // Render before touching the disk, so a bad spec creates no file at all.
  let data: Buffer;
  if (format === "vl.json") data = Buffer.from(`${JSON.stringify(spec, null, 2)}\n`, "utf8");
  else {
    const svg = await renderSvg(spec);
    data = format === "svg" ? Buffer.from(svg, "utf8") : svgToPng(svg, options.png);
  }
  await writeAtomic(path, data);
  return { path, format, bytes: data.length };
}

async function writeAtomic(path: string, data: Buffer): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  let created = false;
  try {
    const handle = await open(tmp, "wx");
    created = true;
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (cause) {
    if (created) await unlink(tmp).catch(() => undefined);
    throw new PlotError(
      "IO",
      `writeFigure: could not write "${path}": ${(cause as Error)?.message ?? cause}`,
      {
        parameter: "path",
        cause,
      },
    );
  }
}
