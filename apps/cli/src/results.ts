/**
 * @meanfield/cli/results: read back what the CLI wrote, typed and validated (no recomputation).
 *
 *   import { loadSweep, loadResult } from "@meanfield/cli/results";
 *   const sweep = loadSweep("out/alpha-delta");      // its store, or results.json
 *   for (const p of sweep.points) if (p.status === "done") console.log(p.axes, p.result?.genError);
 *   const r = loadResult("out/sim/result.json");     // any command's result.json
 */
export {
  type CommandResult,
  loadResult,
  loadSweep,
  ResultFileError,
  type SweepPointResult,
  type SweepResult,
} from "./framework/load-results.js";
