import { invalidArgument } from "@meanfield/linalg";
import type { Activation, ActivationSpec } from "./activations.js";
import { alphaCFiniteK } from "./capacity-finite-k.js";
import {
  freeEntropyPS,
  type LargeKProblem,
  type LocalMin,
  largeKAlphaC,
  largeKAlphaInstability,
  largeKProblem,
  localMinimaLargeK,
} from "./large-k.js";
import { validateAlpha, validateCapacityParams } from "./params.js";
import type { RsSolution, SaddlePointResult } from "./rs-solution.js";
import { repliconLargeK } from "./rs-stability.js";
import { solvePSBFiniteK, solvePSFiniteK, toRsSolution } from "./saddle-point-finite-k.js";
import { versions } from "./version.js";

export type { RsSolution, SaddlePointResult } from "./rs-solution.js";

function corr(p: LargeKProblem): number {
  return p.activation.b1 !== 0 ? -1 : 0;
}

/** Solves the PS and PSB saddle points at one load for the problem p (K → ∞). */
export function saddlePointLargeK(p: LargeKProblem, alpha: number): SaddlePointResult {
  const alphaC = largeKAlphaC(p);
  const alphaInst = largeKAlphaInstability(p);
  const c = corr(p);
  const params = { activation: p.activation.name, K: Number.POSITIVE_INFINITY, kappa: p.kappa, alpha };
  const psReplicon = p.V2 > 0 ? repliconLargeK(p, alpha, 0) : null;
  const ps: RsSolution = {
    ansatz: "PS",
    q: 0,
    crossUnitCorrelation: c,
    crossUnitCorrelationSign: Math.sign(c),
    fieldOverlap: 0,
    freeEntropy: p.V2 > 0 ? freeEntropyPS(p, alpha) : Number.NEGATIVE_INFINITY,
    stable: alpha < alphaInst,
    replicon: psReplicon,
    rsStable: psReplicon === null ? null : psReplicon < 0,
    converged: true,
    iterations: 0,
    residual: 0,
    message: "q = 0 is an exact stationary point (ρ₂′(0) = 0)",
  };
  if (!(alpha < alphaC)) {
    return {
      params,
      versions: versions(),
      ps,
      psb: null,
      phase: "UNSAT",
      solution: null,
      alphaC,
      converged: true,
      message:
        p.V2 === 0
          ? "linear activation: capacity per parameter is 0 at K → ∞"
          : `alpha ≥ alphaC = ${alphaC}: no solutions (q → 1)`,
    };
  }
  const mins = localMinimaLargeK(p, alpha);
  let best: LocalMin | null = null;
  for (const m of mins) if (best === null || m.phi < best.phi) best = m;
  const psbReplicon = best === null ? Number.NaN : repliconLargeK(p, alpha, best.q);
  const psb: RsSolution | null =
    best === null
      ? null
      : {
          ansatz: "PSB",
          q: best.q,
          crossUnitCorrelation: c,
          crossUnitCorrelationSign: Math.sign(c),
          fieldOverlap: p.rho2(best.q),
          freeEntropy: best.phi,
          stable: true,
          replicon: psbReplicon,
          rsStable: psbReplicon < 0,
          converged: best.converged,
          iterations: best.iterations,
          residual: best.residual,
          message: best.message,
        };
  // PSB holds when q = 0 is no longer a local minimum, or when the PSB minimum is lower
  // (theory/replica.md, "Criterion for the transition").
  const psbHolds = psb !== null && (alpha > alphaInst || psb.freeEntropy < ps.freeEntropy);
  const phase = psbHolds ? "PSB" : "PS";
  const converged = psb === null || psb.converged;
  return {
    params,
    versions: versions(),
    ps,
    psb,
    phase,
    solution: psbHolds ? psb : ps,
    alphaC,
    converged,
    message: converged ? "converged" : `PSB refinement did not converge: ${psb?.message}`,
  };
}

/**
 * Finite-K PS and PSB saddle points (Gaussian-equivalent theory,
 * theory/replica-finite-k.md, "Saddle points at finite K").
 */
export function saddlePointFiniteK(
  act: Activation,
  K: number,
  kappa: number,
  alpha: number,
): SaddlePointResult {
  const params = { activation: act.name, K, kappa, alpha };
  const cap = Number.isFinite(act.gPrime2) ? alphaCFiniteK(act, K, kappa) : Number.POSITIVE_INFINITY;
  const psRaw = solvePSFiniteK(act, K, kappa, alpha);
  const ps = toRsSolution("PS", psRaw, act, K, kappa, alpha);
  if (!(alpha < cap)) {
    return {
      params,
      versions: versions(),
      ps,
      psb: null,
      phase: "UNSAT",
      solution: null,
      alphaC: cap,
      converged: true,
      message: `alpha ≥ alphaC(K) = ${cap}`,
    };
  }
  const psbRaw = solvePSBFiniteK(act, K, kappa, alpha, psRaw.c);
  const psb = psbRaw === null ? null : toRsSolution("PSB", psbRaw, act, K, kappa, alpha);
  const psbHolds = psb !== null && psb.freeEntropy < ps.freeEntropy;
  const converged = ps.converged && (psb === null || psb.converged);
  return {
    params,
    versions: versions(),
    ps,
    psb,
    phase: psbHolds ? "PSB" : "PS",
    solution: psbHolds ? psb : ps,
    alphaC: cap,
    converged,
    message: converged ? "converged" : "a finite-K solve did not reach residual 1e-4",
  };
}

/** Options of solveSaddlePoint. */
export interface SaddlePointParams {
  activation: ActivationSpec;
  alpha: number;
  kappa?: number;
  /**
   * K → ∞ (default), or a finite K ≥ 2 (Gaussian-equivalent theory,
   * theory/replica-finite-k.md, "Saddle points at finite K"; seconds per PSB solve).
   */
  K?: number | "infinity";
}

/**
 * The PS and PSB replica-symmetric saddle points at load alpha (K → ∞,
 * theory/replica.md, "The infinite-width limit"): order parameters, free entropy, cross-unit correlation, and
 * which phase holds.
 */
export function solveSaddlePoint(params: SaddlePointParams): SaddlePointResult {
  const v = validateCapacityParams({ activation: params.activation, K: params.K, kappa: params.kappa });
  const alpha = validateAlpha(params.alpha);
  if (v.K === 1)
    throw invalidArgument(
      "K",
      "an integer ≥ 2 or Infinity for saddle points (K = 1 is the perceptron: use alphaC)",
      v.K,
    );
  if (Number.isFinite(v.K)) return saddlePointFiniteK(v.activation, v.K, v.kappa, alpha);
  return saddlePointLargeK(largeKProblem(v.activation, v.kappa), alpha);
}
