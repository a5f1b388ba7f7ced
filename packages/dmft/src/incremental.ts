import { assertPositive, invalidArgument } from "@meanfield/linalg";
import type { DmftResult } from "./solve-dmft.js";

export interface IncrementalLearning {
  /** Rescaled time τ = t / ln(1/alpha) of the saddle-to-saddle limit (theory/dln.md, "Implicit bias"). */
  tau: Float64Array;
  /** Fraction of coordinates with |w| above the threshold, divided by rho (1 = the teacher's support size). */
  activeRatio: Float64Array;
  /** τ at which activeRatio first reaches each level in `levels`. */
  crossings: { level: number; tau: number }[];
  threshold: number;
}

/**
 * The incremental-learning staircase (theory/dmft.md, "Timescales and incremental learning") read from a DMFT solve: the fraction of active
 * coordinates (|w| > result.activeThreshold) against the rescaled time t/ln(1/alpha). In the
 * high-dimensional limit the active set grows through a continuum of activation times (each
 * coordinate activates when ∫ g dt reaches ln(|w*|/alpha²)/4); the steps of a finite instance
 * (saddle-to-saddle jumps, dln's saddleToSaddle) become the rising curve, and for small alpha the
 * curve in τ converges to a limit. Requires alpha < 1.
 */
export function incrementalLearning(
  result: Pick<DmftResult, "t" | "activeFraction" | "activeThreshold" | "params">,
  levels: number[] = [0.25, 0.5, 0.75],
): IncrementalLearning {
  const alpha = assertPositive(result.params.alpha, "alpha");
  if (alpha >= 1) throw invalidArgument("alpha", "< 1 (rescaled time t/ln(1/alpha))", alpha);
  const rho = result.params.rho;
  const L = Math.log(1 / alpha);
  const n = result.t.length;
  const tau = new Float64Array(n);
  const activeRatio = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    tau[k] = result.t[k] / L;
    activeRatio[k] = result.activeFraction[k] / rho;
  }
  const crossings = levels.map((level) => {
    for (let k = 1; k < n; k++) {
      if (activeRatio[k] >= level && activeRatio[k - 1] < level) {
        const w = (level - activeRatio[k - 1]) / (activeRatio[k] - activeRatio[k - 1]);
        return { level, tau: tau[k - 1] + w * (tau[k] - tau[k - 1]) };
      }
    }
    return { level, tau: Number.NaN };
  });
  return { tau, activeRatio, crossings, threshold: result.activeThreshold };
}
