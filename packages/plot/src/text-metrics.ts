/**
 * Text widths for vega's layout, measured from the font the figures are drawn with. Without a canvas,
 * vega estimates every string as 0.8 × font size per character, about 40 % wider than DejaVu Sans
 * really is: legends, axis titles and long titles then reserve room they never use, and the figure
 * gets a wide empty margin. Here the advance widths come from the DejaVu Sans files themselves (the
 * `hmtx` table, through `cmap`), so the layout matches what resvg draws. Kerning is ignored (a pixel
 * or two per label). Without the font files, a plain average width of 0.6 em (0.66 em bold) is used.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";

interface Metrics {
  unitsPerEm: number;
  /** Advance width in font units of each glyph id. */
  advances: Uint16Array;
  glyphOf: (codePoint: number) => number;
}

/** Reads the tables the widths need from a TrueType file; undefined when it cannot. */
export function parseFontMetrics(bytes: Uint8Array): Metrics | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Map<string, number>();
  const numTables = view.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
    tables.set(tag, view.getUint32(at + 8));
  }
  const head = tables.get("head");
  const hhea = tables.get("hhea");
  const hmtx = tables.get("hmtx");
  const cmap = tables.get("cmap");
  if (head === undefined || hhea === undefined || hmtx === undefined || cmap === undefined) return undefined;
  const unitsPerEm = view.getUint16(head + 18);
  const nMetrics = view.getUint16(hhea + 34);
  const advances = new Uint16Array(nMetrics);
  for (let g = 0; g < nMetrics; g++) advances[g] = view.getUint16(hmtx + 4 * g);

  // The Unicode BMP subtable (platform 3 encoding 1, or platform 0), format 4.
  let sub: number | undefined;
  const nSub = view.getUint16(cmap + 2);
  for (let i = 0; i < nSub; i++) {
    const platform = view.getUint16(cmap + 4 + 8 * i);
    const encoding = view.getUint16(cmap + 6 + 8 * i);
    const offset = cmap + view.getUint32(cmap + 8 + 8 * i);
    if (view.getUint16(offset) !== 4) continue;
    if ((platform === 3 && encoding === 1) || platform === 0) {
      sub = offset;
      if (platform === 3) break;
    }
  }
  if (sub === undefined) return undefined;
  const base = sub;
  const segCount = view.getUint16(base + 6) / 2;
  const ends = base + 14;
  const starts = ends + 2 * segCount + 2;
  const deltas = starts + 2 * segCount;
  const rangeOffsets = deltas + 2 * segCount;
  const glyphOf = (c: number): number => {
    if (c > 0xffff) return 0;
    for (let s = 0; s < segCount; s++) {
      if (view.getUint16(ends + 2 * s) < c) continue;
      const start = view.getUint16(starts + 2 * s);
      if (start > c) return 0;
      const delta = view.getInt16(deltas + 2 * s);
      const ro = view.getUint16(rangeOffsets + 2 * s);
      if (ro === 0) return (c + delta) & 0xffff;
      const at = rangeOffsets + 2 * s + ro + 2 * (c - start);
      const g = view.getUint16(at);
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
  return { unitsPerEm, advances, glyphOf };
}

/** Width of `text` in em, or undefined when a character is not in the font. */
function emWidth(m: Metrics, text: string, cache: Map<number, number>): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    let a = cache.get(c);
    if (a === undefined) {
      const g = m.glyphOf(c);
      // A missing glyph is drawn from a fallback font: count an average width.
      a = g === 0 ? 0.6 : m.advances[Math.min(g, m.advances.length - 1)]! / m.unitsPerEm;
      cache.set(c, a);
    }
    w += a;
  }
  return w;
}

interface Face {
  metrics: Metrics | undefined;
  cache: Map<number, number>;
  fallback: number;
}

let faces: { regular: Face; bold: Face } | undefined;

function loadFace(files: readonly string[], name: string, fallback: number): Face {
  const file = files.find((f) => basename(f) === name);
  let metrics: Metrics | undefined;
  if (file) {
    try {
      metrics = parseFontMetrics(readFileSync(file));
    } catch {
      metrics = undefined;
    }
  }
  return { metrics, cache: new Map(), fallback };
}

function isBold(weight: unknown): boolean {
  if (weight === "bold" || weight === "bolder") return true;
  const n = Number(weight);
  return Number.isFinite(n) && n >= 600;
}

/**
 * Width in pixels of `text` at `fontSize`, in DejaVu Sans (bold when `bold`), from the given font
 * files (those found by findFontFiles).
 */
export function textWidth(
  text: string,
  fontSize: number,
  bold: boolean,
  fontFiles: readonly string[],
): number {
  faces ??= {
    regular: loadFace(fontFiles, "DejaVuSans.ttf", 0.6),
    bold: loadFace(fontFiles, "DejaVuSans-Bold.ttf", 0.66),
  };
  const face = bold ? faces.bold : faces.regular;
  if (!face.metrics) return text.length * face.fallback * fontSize;
  return emWidth(face.metrics, text, face.cache) * fontSize;
}

interface TextItem {
  fontSize?: number | string;
  fontWeight?: number | string;
  limit?: number;
}

interface VegaTextMetrics {
  width: (item: TextItem, text: unknown) => number;
  estimateWidth: (item: TextItem, text: unknown) => number;
}

/**
 * Makes vega lay text out with the font's own widths: replaces `textMetrics.width` when it is vega's
 * estimate (no canvas installed); a canvas-based measurement, if vega has one, is kept.
 */
export function useFontMetrics(vega: { textMetrics: VegaTextMetrics }, fontFiles: readonly string[]): void {
  const tm = vega.textMetrics;
  if (tm.width !== tm.estimateWidth) return;
  tm.width = (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const s = text == null ? "" : String(text).trim();
    if (size <= 0 || s.length === 0) return 0;
    const w = textWidth(s, size, isBold(item.fontWeight), fontFiles);
    // vega truncates a text longer than its limit (with an ellipsis) when drawing it.
    return item.limit && item.limit > 0 ? Math.min(w, item.limit) : w;
  };
}
