import type { Activation } from "./activations.js";
import { exactK3Problem } from "./exact-free-entropy-k3.js";
import { exactK4Problem } from "./exact-free-entropy-k4.js";
import { type ExactPSProblem, exactPSFreeEntropy, psStability } from "./exact-ps-free-entropy.js";
import {
  newton,
  type PSInstability,
  refinedInstabilityShift,
  saddleSignature,
  scanPSInstability,
} from "./saddle-newton.js";
import { solvePSFiniteK } from "./saddle-point-finite-k.js";

/**
 * The PS saddle point of the exact RS free entropy at K = 3 or 4 and the load where it turns unstable towards
 * specialisation (theory/replica-finite-k.md, "The PS instability at K = 3" and "The PS instability at K = 4"):
 * Newton's method in (p, c) on ∇f = 0 with central differences, started from the Gaussian-equivalent PS solution or
 * a neighbouring exact one, with the residual and the n → 0 signature (a minimum in p, a maximum in c along it)
 * reported.
 */
export interface ExactPSSaddle {
  ansatz: "PS";
  q: number;
  p: number;
  c: number;
  freeEntropy: number;
  /** max |∂f/∂θ| at the solution (central differences). */
  residual: number;
  iterations: number;
  /** Newton reached residual ≤ 1e-7 with the n → 0 signature. */
  converged: boolean;
}

/** The PS saddle point at K = 3 (`ExactPSSaddle`). */
export type ExactK3PSSaddle = ExactPSSaddle;

export function solveExactPS(
  pr: ExactPSProblem,
  act: Activation,
  alpha: number,
  start?: { p: number; c: number },
): ExactPSSaddle {
  const s0 = start ?? solvePSFiniteK(act, pr.K, pr.kappa, alpha);
  const r = newton((x) => exactPSFreeEntropy(pr, alpha, x[0], x[1]), [s0.p, s0.c]);
  return {
    ansatz: "PS",
    q: r.x[0] / pr.K,
    p: r.x[0],
    c: r.x[1],
    freeEntropy: r.f,
    residual: r.residual,
    iterations: r.iterations,
    converged: r.residual <= 1e-7 && saddleSignature(r.H),
  };
}

/** The PS saddle point at K = 3 (`solveExactPS` on the K = 3 rules). */
export function solveExactPSK3(
  pr: ExactPSProblem,
  act: Activation,
  alpha: number,
  start?: { p: number; c: number },
): ExactPSSaddle {
  return solveExactPS(pr, act, alpha, start);
}

/** The PS instability at K = 3 or 4 (`scanPSInstability` on the exact PS branch). */
export type ExactPSInstability = PSInstability<ExactPSSaddle>;
/** The PS instability at K = 3. */
export type ExactK3Instability = ExactPSInstability;

export interface ExactPSInstabilityOptions {
  alphaStart?: number;
  alphaMax?: number;
  xtol?: number;
  /** Refine every rule (the discretisation estimate's rules) for the whole scan. */
  refine?: boolean;
  /**
   * Estimate the discretisation error (default true): the refined rules' shift of the instability by one Newton step
   * in α (`refinedInstabilityShift`), one solve with each rule set at the zero found (K = 3: ≈ 1/10 of the scan's
   * time, K = 4: ≈ 1/3). Skipped with `refine: true`.
   */
  errorEstimate?: boolean;
}

function instability(
  problem: (refine: boolean) => ExactPSProblem,
  act: Activation,
  options: ExactPSInstabilityOptions,
): ExactPSInstability {
  const refine = options.refine === true;
  const pr = problem(refine);
  const solve = (p: ExactPSProblem) => (alpha: number, start?: ExactPSSaddle) =>
    solveExactPS(p, act, alpha, start);
  const stability = (p: ExactPSProblem) => (alpha: number, ps: ExactPSSaddle) =>
    psStability(p, alpha, ps.p, ps.c);
  const r = scanPSInstability<ExactPSSaddle>(solve(pr), stability(pr), options);
  if (options.errorEstimate === false || refine || !Number.isFinite(r.alphaInstability)) return r;
  const fine = problem(true);
  const shift = refinedInstabilityShift(r, solve(pr), stability(pr), solve(fine), stability(fine));
  return { ...r, discretisationError: Math.abs(shift) };
}

/**
 * The load where the exact PS solution at K = 3 turns unstable towards PSB (1 − (3α/2) Σ_y E_a[γ_y²] = 0): the PS
 * branch followed upwards in steps of 0.1, then regula falsi to `xtol`. A continuous PS → PSB transition happens
 * there; a discontinuous one would happen below it, so this is an upper bound on α_PSB(3). NaN (converged false)
 * when PS stays stable up to `alphaMax`. `discretisationError`: the shift with every rule doubled, by one Newton
 * step in α (`errorEstimate`); `refine` runs the whole scan on the doubled rules.
 */
export function exactPSInstabilityK3(
  act: Activation,
  kappa: number,
  options: ExactPSInstabilityOptions = {},
): ExactPSInstability {
  return instability((refine) => exactK3Problem(act, kappa, { refine }), act, options);
}

/**
 * The same at K = 4 (1 − 2α Σ_y E_a[γ_y²] = 0; the three-dimensional ⊥ integral of `exactK4Problem`): an upper
 * bound on α_PSB(4). `refine` doubles the angular panels and halves the radial ones and the table step.
 */
export function exactPSInstabilityK4(
  act: Activation,
  kappa: number,
  options: ExactPSInstabilityOptions = {},
): ExactPSInstability {
  return instability((refine) => exactK4Problem(act, kappa, { refine }), act, options);
}

