import type { GradientDescentOptions } from "./gradient-descent.js";
import type { GradientFlowOptions } from "./gradient-flow.js";
import type { DlnParams } from "./params.js";

/** What is sent to a worker: plain, structured-cloneable data (no callbacks, no pre-drawn data). */
export interface SeedTask {
  method: "flow" | "gd";
  params: DlnParams;
  flowOptions?: Omit<GradientFlowOptions, "onProgress" | "data">;
  gdOptions?: Omit<GradientDescentOptions, "onProgress" | "data">;
}
