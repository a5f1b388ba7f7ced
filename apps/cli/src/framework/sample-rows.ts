/**
 * The rows a terminal table shows of a long series (the JSON and CSV outputs keep every row), shared by
 * the commands that print curves.
 */

/** About `count` indices spread over 0..length−1 (log-spaced grids: evenly spaced indices). */
export function sampleRows(length: number, count: number): number[] {
  if (length <= count) return Array.from({ length }, (_, i) => i);
  const out = new Set<number>();
  for (let k = 0; k < count; k++) out.add(Math.round((k * (length - 1)) / (count - 1)));
  return [...out];
}
