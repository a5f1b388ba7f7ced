import type { CommandSpec, Params } from "./command.js";
import { runOnWorker } from "./runner.js";

/** One sweep point's outcome: its result JSON, or the message of its failure; with its wall time. */
export type PointOutcome =
  | { ok: true; result: unknown; seconds: number }
  | { ok: false; message: string; seconds: number };

/**
 * Computes one sweep point as the command itself would (its cross-field check, then its run on a
 * fresh worker thread without --out): never throws; a usage error, a solver that did not converge or
 * a non-zero exit code is a failed point with its message.
 */
export async function computePoint(cmd: CommandSpec, params: Params): Promise<PointOutcome> {
  const start = performance.now();
  const seconds = () => (performance.now() - start) / 1000;
  try {
    if (cmd.check) await cmd.check(params);
    const o = await runOnWorker(cmd, params).done;
    if (o.ok && o.exitCode === 0) return { ok: true, result: o.result, seconds: seconds() };
    return { ok: false, message: o.ok ? `exit code ${o.exitCode}` : o.message, seconds: seconds() };
  } catch (e) {
    return { ok: false, message: (e as Error).message, seconds: seconds() };
  }
}
