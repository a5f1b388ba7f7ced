import { jackknifeError } from "@meanfield/linalg";
import type { Activation } from "./activations.js";
import { exactK3Problem } from "./exact-free-entropy-k3.js";
import { exactK4Problem } from "./exact-free-entropy-k4.js";
import { type MonteCarloPSOptions, monteCarloPSProblem } from "./exact-free-entropy-mc.js";
import { type ExactPSProblem, exactPSFreeEntropy, psStability } from "./exact-ps-free-entropy.js";
import { repliconPS } from "./replicon-exact-ps.js";
import {
  type ExactPSInstabilityOptions,
  instabilityShifts,
  newton,
  type PSInstability,
  type PSRules,
  saddleSignature,
  scanPSInstability,
  scanWithDiscretisationError,
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
  /**
   * The replicon Λ of this RS solution (`repliconPS`: the larger of its ⊥⊥ mode, minus the PS stability measure, and
   * its uniform mode); replica symmetry is locally stable where Λ < 0.
   */
  replicon: number;
  rsStable: boolean;
  /** The load solved at, and the PS stability measure there (`psStability`, from the replicon's evaluation). */
  alpha: number;
  stability: number;
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
  const rep = repliconPS(pr, alpha, r.x[0], r.x[1]);
  return {
    ansatz: "PS",
    q: r.x[0] / pr.K,
    p: r.x[0],
    c: r.x[1],
    freeEntropy: r.f,
    residual: r.residual,
    iterations: r.iterations,
    converged: r.residual <= 1e-7 && saddleSignature(r.H),
    replicon: rep.replicon,
    rsStable: rep.rsStable,
    alpha,
    // the ⊥⊥ mode is minus the stability measure (the same moments: no second evaluation in a scan)
    stability: -rep.perpPerp,
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

/** The PS solve and stability measure on one set of rules. */
function rulesOf(pr: ExactPSProblem, act: Activation): PSRules<ExactPSSaddle> {
  return {
    solve: (alpha, start) => solveExactPS(pr, act, alpha, start),
    // a scan asks at the load its solve ran at, where the solution carries the measure already
    stability: (alpha, ps) => (ps.alpha === alpha ? ps.stability : psStability(pr, alpha, ps.p, ps.c)),
  };
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
  return scanWithDiscretisationError(
    (refine) => rulesOf(exactK3Problem(act, kappa, { refine }), act),
    options,
  );
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
  return scanWithDiscretisationError(
    (refine) => rulesOf(exactK4Problem(act, kappa, { refine }), act),
    options,
  );
}

/** The PS instability from the Monte Carlo rules at any K ≥ 3 (`exactPSInstabilityMC`). */
export interface MonteCarloPSInstability extends ExactPSInstability {
  K: number;
  /**
   * Jackknife standard error of `alphaInstability` over the direction groups: each group left out in turn, the PS
   * solution re-solved at α* and the zero moved by one Newton step in α.
   */
  standardError: number;
  /**
   * batches − 1: (alphaInstability − true value)/standardError follows Student's t with this many degrees of
   * freedom, not the normal law (measured for the same jackknife of the free entropy and stability measure at ReLU's
   * K = 3 point, 40 seeds: deviations from the quadrature of root mean square 1.17 and 1.33 standard errors, against
   * √(7/5) = 1.18 for t with 7; scripts/jackknife-calibration.mjs).
   */
  degreesOfFreedom: number;
  /** The 95 % interval alphaInstability ± t₀.₉₇₅(degreesOfFreedom)·standardError (± 2.365 s.e. at 8 groups). */
  interval95: [number, number];
  directions: number;
  batches: number;
  seed: number;
}

/**
 * The load where the exact PS solution turns unstable towards PSB at any K from 3 to 12 (theory/replica-finite-k.md,
 * "The PS instability at K ≥ 5 by Monte Carlo"): 1 − (αK/2) Σ_y E_a[γ_y²] = 0 with the angular integral over ζ_⊥ a
 * seeded Monte Carlo over random directions (`monteCarloPSProblem`), the same scan as at K = 3 and 4 (xtol default
 * 1e-4, below the Monte Carlo error), and its jackknife standard error. An upper bound on α_PSB(K), as at K = 3, 4.
 * The rules' discretisation error is not part of `standardError` (`discretisationError` is NaN): at ReLU's K = 4
 * instability the radial panels of width 1 (default) moved the measure by 8e-5 against width 0.5, and width 0.25
 * with table step 0.004 by 3e-6 more, where the jackknife error of 1008 directions was 3e-3.
 */
export function exactPSInstabilityMC(
  act: Activation,
  K: number,
  kappa: number,
  options: ExactPSInstabilityOptions & MonteCarloPSOptions = {},
): MonteCarloPSInstability {
  const mc = monteCarloPSProblem(act, K, kappa, options);
  const pr = mc.problem;
  const base = rulesOf(pr, act);
  const r = scanPSInstability<ExactPSSaddle>(base.solve, base.stability, { xtol: 1e-4, ...options });
  const out = {
    ...r,
    K,
    standardError: Number.NaN,
    degreesOfFreedom: pr.batches - 1,
    interval95: [Number.NaN, Number.NaN] as [number, number],
    directions: pr.directions,
    batches: pr.batches,
    seed: pr.seed,
  };
  if (!Number.isFinite(r.alphaInstability)) return out;
  // the leave-one-group-out zeros' shifts from α*, each by one Newton step in α from the full set's
  const moved = instabilityShifts(
    r,
    base,
    Array.from({ length: pr.batches }, (_, i) => rulesOf(mc.batchProblem(i), act)),
  );
  if (!moved.every(Number.isFinite)) return { ...out, converged: false };
  const { standardError, interval95 } = jackknifeError(r.alphaInstability, moved);
  return { ...out, standardError, interval95 };
}
