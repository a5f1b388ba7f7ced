import { PALETTE } from "./theme.js";

/** Colour of the i-th series: the palette, cycled when there are more series than colours. */
export function seriesColor(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** A nominal colour scale that keeps the series in the order given (legend order = input order). */
export function colorScale(names: readonly string[], allNames: readonly string[] = names) {
  return { domain: [...names], range: names.map((n) => seriesColor(allNames.indexOf(n))) };
}
