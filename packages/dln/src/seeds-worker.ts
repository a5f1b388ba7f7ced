import { type GradientDescentResult, simulateGradientDescent } from "./gradient-descent.js";
import { type GradientFlowResult, simulateGradientFlow } from "./gradient-flow.js";
import type { SeedTask } from "./seed-task.js";

/** Runs one seed and returns plain data; also the worker-thread entry (a second tsup entry). */
export default function runSeedTask(task: SeedTask): GradientFlowResult | GradientDescentResult {
  if (task.method === "gd") {
    if (!task.gdOptions) throw new Error("gdOptions missing");
    return simulateGradientDescent(task.params, task.gdOptions);
  }
  return simulateGradientFlow(task.params, task.flowOptions ?? {});
}
