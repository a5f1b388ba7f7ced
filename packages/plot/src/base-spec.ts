import type { TopLevelSpec } from "vega-lite";
import type { ChartOptions, PlotMeta } from "./options.js";
import { theme } from "./theme.js";

export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Wraps a builder's layers into a top-level spec carrying the theme, size, title and `usermeta`. */
export function baseSpec(
  options: ChartOptions,
  meta: PlotMeta,
  body: Record<string, unknown>,
  defaultWidth: number,
  defaultHeight: number,
): TopLevelSpec {
  const spec: Record<string, unknown> = { $schema: VEGA_LITE_SCHEMA };
  if (options.title !== undefined || options.subtitle !== undefined) {
    spec.title = {
      text: options.title ?? "",
      ...(options.subtitle !== undefined ? { subtitle: options.subtitle } : {}),
    };
  }
  spec.width = options.width ?? defaultWidth;
  spec.height = options.height ?? defaultHeight;
  Object.assign(spec, body);
  spec.config = structuredClone(theme);
  spec.usermeta = { meanfield: meta };
  return spec as unknown as TopLevelSpec;
}
