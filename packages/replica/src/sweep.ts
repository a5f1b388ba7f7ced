import { invalidArgument } from "@meanfield/linalg";
import type { ActivationSpec } from "./activations.js";
import { largeKProblem } from "./large-k.js";
import { validateCapacityParams } from "./params.js";
import { type SaddlePointResult, saddlePointLargeK } from "./saddle-point.js";
import { versions } from "./version.js";

/** A sweep of the K → ∞ saddle points over alpha (theory/replica.md, "Replica-symmetric free entropy": curves of each order parameter). */
export interface SweepParams {
  activation: ActivationSpec;
  /** Loads, each > 0. */
  alphas: readonly number[];
  kappa?: number;
}

export interface SweepResult {
  params: { activation: string; K: number; kappa: number };
  /** The @meanfield package versions it was computed with (`versions()`: linalg, replica). */
  versions: Record<string, string>;
  points: SaddlePointResult[];
  /** Column views for plotting: alpha, phase, q, free entropies, cross-unit correlation, replicon. */
  alpha: number[];
  phase: ("PS" | "PSB" | "UNSAT")[];
  q: number[];
  freeEntropyPS: number[];
  freeEntropyPSB: (number | null)[];
  crossUnitCorrelation: number[];
  /**
   * Replicon eigenvalue of the solution that holds (theory/replica.md, "Stability of the replica-symmetric
   * solutions"; > 0: replica symmetry unstable), null at UNSAT.
   */
  replicon: (number | null)[];
  converged: boolean;
}

export function sweepAlpha(params: SweepParams): SweepResult {
  const v = validateCapacityParams({ activation: params.activation, kappa: params.kappa });
  if (!Array.isArray(params.alphas) || params.alphas.length === 0)
    throw invalidArgument("alphas", "a non-empty array of loads > 0", params.alphas);
  const p = largeKProblem(v.activation, v.kappa);
  const points = params.alphas.map((a, i) => {
    if (typeof a !== "number" || !Number.isFinite(a) || a <= 0)
      throw invalidArgument(`alphas[${i}]`, "a finite number > 0", a);
    return saddlePointLargeK(p, a);
  });
  return {
    params: { activation: v.activation.name, K: Number.POSITIVE_INFINITY, kappa: v.kappa },
    versions: versions(),
    points,
    alpha: points.map((r) => r.params.alpha),
    phase: points.map((r) => r.phase),
    q: points.map((r) => (r.phase === "UNSAT" ? 1 : (r.solution?.q ?? 0))),
    freeEntropyPS: points.map((r) => r.ps.freeEntropy),
    freeEntropyPSB: points.map((r) => r.psb?.freeEntropy ?? null),
    crossUnitCorrelation: points.map((r) => r.ps.crossUnitCorrelation),
    replicon: points.map((r) => r.solution?.replicon ?? null),
    converged: points.every((r) => r.converged),
  };
}
