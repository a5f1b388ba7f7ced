import type { Activation } from "./activations.js";
import {
  type ExactK3Problem,
  exactK3Problem,
  exactPSFreeEntropyK3,
  psStabilityK3,
} from "./exact-free-entropy-k3.js";
import { newton, type PSInstability, saddleSignature, scanPSInstability } from "./saddle-newton.js";
import { solvePSFiniteK } from "./saddle-point-finite-k.js";

/**
 * The PS saddle point of the exact RS free entropy at K = 3 and the load where it turns unstable towards
 * specialisation (theory/replica-finite-k.md, "The PS instability at K = 3"): Newton's method in (p, c) on ∇f = 0
 * with central differences, started from the Gaussian-equivalent PS solution or a neighbouring exact one, with the
 * residual and the n → 0 signature (a minimum in p, a maximum in c along it) reported.
 */
export interface ExactK3PSSaddle {
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

export function solveExactPSK3(
  pr: ExactK3Problem,
  act: Activation,
  alpha: number,
  start?: { p: number; c: number },
): ExactK3PSSaddle {
  const s0 = start ?? solvePSFiniteK(act, 3, pr.kappa, alpha);
  const r = newton((x) => exactPSFreeEntropyK3(pr, alpha, x[0], x[1]), [s0.p, s0.c]);
  return {
    ansatz: "PS",
    q: r.x[0] / 3,
    p: r.x[0],
    c: r.x[1],
    freeEntropy: r.f,
    residual: r.residual,
    iterations: r.iterations,
    converged: r.residual <= 1e-7 && saddleSignature(r.H),
  };
}

/** The PS instability at K = 3 (`scanPSInstability` on the exact PS branch). */
export type ExactK3Instability = PSInstability<ExactK3PSSaddle>;

/**
 * The load where the exact PS solution at K = 3 turns unstable towards PSB (1 − (3α/2) Σ_y E_a[γ_y²] = 0): the PS
 * branch followed upwards in steps of 0.1, then regula falsi to `xtol`. A continuous PS → PSB transition happens
 * there; a discontinuous one would happen below it, so this is an upper bound on α_PSB(3). NaN (converged false)
 * when PS stays stable up to `alphaMax`. `refine` doubles every rule (the discretisation estimate).
 */
export function exactPSInstabilityK3(
  act: Activation,
  kappa: number,
  options: { alphaStart?: number; alphaMax?: number; xtol?: number; refine?: boolean } = {},
): ExactK3Instability {
  const pr = exactK3Problem(act, kappa, { refine: options.refine });
  return scanPSInstability(
    (alpha, start) => solveExactPSK3(pr, act, alpha, start),
    (alpha, ps) => psStabilityK3(pr, alpha, ps.p, ps.c),
    options,
  );
}
