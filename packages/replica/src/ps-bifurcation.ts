import { invalidArgument, jackknifeError } from "@meanfield/linalg";
import type { Activation } from "./activations.js";
import { quadraticCoefficient } from "./equivalence.js";
import { type ExactK2Problem, exactK2Problem, psMomentsK2 } from "./exact-free-entropy-k2.js";
import { exactK3Problem } from "./exact-free-entropy-k3.js";
import { exactK4Problem } from "./exact-free-entropy-k4.js";
import { type MonteCarloPSOptions, monteCarloPSProblem } from "./exact-free-entropy-mc.js";
import { type ExactPSProblem, exactPSTerms } from "./exact-ps-free-entropy.js";
import { overlapModes } from "./rs-overlap-modes.js";

/**
 * The order of the PS → PSB transition at finite K from the cubic term of the free entropy at the PS instability
 * (theory/replica-finite-k.md, "The order of the PS → PSB transition"). With o_A the inter-replica variance moved
 * into every ⊥ direction (the other parameters fixed), f = f_PS + ½A·o_A² + (T/6)·o_A³ + …, where A changes sign at
 * the instability and
 *
 *   T = ∂³f/∂o_A³ = [2(K − 1)/K + α(K − 1) Σ_y E_a γ_y³ − (α/4) Σ_y E_a‖c_y‖²]/d_A³,
 *
 * the first term entropic, the rest from the third order of E log Z in the frozen variance (a Mehler expansion:
 * γ_y the conditional second Hermite moment of `psStability`, c_y the conditional third Hermite tensor,
 * `exactPSTerms`). T > 0: the PSB branch leaves PS at the instability towards larger loads (o_A ≈ 2|A|/T, a
 * free-entropy gain ∝ |A|³): a continuous transition there. T < 0: a PSB branch exists below the instability and
 * overtakes PS before it: a discontinuous transition, α_PSB < α*. No other direction of the ⊥ block of Q^{ab} has a
 * smaller cubic term per unit of tr M³ (the isotropic one is the worst; theory page), so the sign of T decides for
 * every direction. A local statement: a distant first-order transition is not excluded by T > 0.
 */
export interface PSBifurcation {
  K: number;
  alpha: number;
  /** T = ∂³f/∂o_A³ at the PS point (per unit o_A in every ⊥ direction). */
  cubic: number;
  /** Its entropic part 2(K − 1)/(K d_A³). */
  entropic: number;
  /** Its energetic part α[(K − 1)Σ_y E_a γ_y³ − Σ_y E_a‖c_y‖²/4]/d_A³. */
  energetic: number;
  gammaCubed: number;
  cubicSquared: number;
  /** 1 − (αK/2) Σ_y E_a γ_y²: 0 at the instability. */
  stability: number;
  dA: number;
}

/** T from its moments (`PSBifurcation`). */
export function bifurcationCubic(
  K: number,
  alpha: number,
  dA: number,
  gammaCubed: number,
  cubicSquared: number,
): { cubic: number; entropic: number; energetic: number } {
  const d3 = dA * dA * dA;
  const entropic = (2 * (K - 1)) / (K * d3);
  const energetic = (alpha * ((K - 1) * gammaCubed - cubicSquared / 4)) / d3;
  return { cubic: entropic + energetic, entropic, energetic };
}

/** The cubic coefficient at the PS point (p, c) of the K ≥ 3 rules (`exactK3Problem`, `exactK4Problem`, Monte Carlo). */
export function psBifurcation(pr: ExactPSProblem, alpha: number, p: number, c: number): PSBifurcation {
  const m = overlapModes(pr.K, p / pr.K, p, c);
  const t = exactPSTerms(pr, Math.max(0, m.oB), m.dA, m.eB);
  return {
    K: pr.K,
    alpha,
    ...bifurcationCubic(pr.K, alpha, m.dA, t.gammaCubed, t.cubicSquared),
    gammaCubed: t.gammaCubed,
    cubicSquared: t.cubicSquared,
    stability: 1 - ((alpha * pr.K) / 2) * t.gammaSquared,
    dA: m.dA,
  };
}

/** The same at K = 2 (`exactK2Problem`; the third Hermite tensor vanishes there by the u₁ ↔ u₂ symmetry). */
export function psBifurcationK2(pr: ExactK2Problem, alpha: number, p: number, c: number): PSBifurcation {
  const m = overlapModes(2, p / 2, p, c);
  const t = psMomentsK2(pr, Math.max(0, m.oB), m.dA, m.eB);
  return {
    K: 2,
    alpha,
    ...bifurcationCubic(2, alpha, m.dA, t.gammaCubed, 0),
    gammaCubed: t.gammaCubed,
    cubicSquared: 0,
    stability: 1 - alpha * t.gammaSquared,
    dA: m.dA,
  };
}

/** The order of the transition at a PS instability, with the error of its cubic coefficient (`psTransitionOrder`). */
export interface PSTransitionOrder extends PSBifurcation {
  kappa: number;
  method: "quadrature" | "monte-carlo";
  /** Quadrature: |T(refined rules) − T(default rules)| at the same point; else NaN. */
  discretisationError: number;
  /**
   * Monte Carlo: the jackknife standard error of T over the direction groups; else NaN. Both errors are those of T at
   * the given point; the error of the point itself (the instability's) moves T by dT/dα times it (measured for erf at
   * K = 3: 0.38 × 2e-5, well below T; theory page).
   */
  standardError: number;
  /**
   * "continuous" where T > 0 and "discontinuous" where T < 0, each by more than twice its error (the discretisation
   * error, or 2.365 jackknife standard errors: t₀.₉₇₅ with 7 degrees of freedom at 8 groups); else "undecided".
   */
  order: "continuous" | "discontinuous" | "undecided";
  message: string;
}

/**
 * The order of the PS → PSB transition at the PS instability `at` (its load and PS solution, e.g. from
 * `psInstabilityFiniteK`: p = K·q), for 2 ≤ K ≤ 12: K = 2, 3, 4 on the quadrature rules (the twofold refined rules
 * give the error), K ≥ 5 on the Monte Carlo rules with their jackknife error (`options` as for
 * `exactPSInstabilityMC`: use the instability's own seed and directions).
 */
export function psTransitionOrder(
  act: Activation,
  K: number,
  kappa: number,
  at: { alpha: number; q: number; c: number },
  options: MonteCarloPSOptions = {},
): PSTransitionOrder {
  if (!Number.isInteger(K) || K < 2 || K > 12) throw invalidArgument("K", "an integer in [2, 12]", K);
  if (!(at.alpha > 0) || !Number.isFinite(at.alpha))
    throw invalidArgument("alpha", "a finite number > 0 (a PS instability's load)", at.alpha);
  if (!(at.q >= 0 && at.q < 1)) throw invalidArgument("q", "a number in [0, 1)", at.q);
  if (!Number.isFinite(at.c)) throw invalidArgument("c", "a finite number", at.c);
  if (quadraticCoefficient(act) !== null)
    throw invalidArgument(
      "activation",
      "not a quadratic g: its PS solution at q = c = 0 turns unstable in o_B at the same load (sets invariant under rotations), which the expansion in o_A alone does not decide",
      act.name,
    );
  const p = K * at.q;
  let b: PSBifurcation;
  let discretisationError = Number.NaN;
  let standardError = Number.NaN;
  let method: PSTransitionOrder["method"] = "quadrature";
  let margin: number;
  if (K <= 4) {
    const on = (refine: boolean) =>
      K === 2
        ? psBifurcationK2(exactK2Problem(act, kappa, { refine }), at.alpha, p, at.c)
        : psBifurcation(
            K === 3 ? exactK3Problem(act, kappa, { refine }) : exactK4Problem(act, kappa, { refine }),
            at.alpha,
            p,
            at.c,
          );
    b = on(false);
    discretisationError = Math.abs(on(true).cubic - b.cubic);
    margin = 2 * discretisationError;
  } else {
    method = "monte-carlo";
    const { problem, batchProblem } = monteCarloPSProblem(act, K, kappa, options);
    b = psBifurcation(problem, at.alpha, p, at.c);
    const loo = Array.from(
      { length: problem.batches },
      (_, i) => psBifurcation(batchProblem(i), at.alpha, p, at.c).cubic,
    );
    const j = jackknifeError(b.cubic, loo);
    standardError = j.standardError;
    margin = j.interval95[1] - b.cubic;
  }
  const order: PSTransitionOrder["order"] =
    !Number.isFinite(b.cubic) || !(Math.abs(b.cubic) > margin)
      ? "undecided"
      : b.cubic > 0
        ? "continuous"
        : "discontinuous";
  const err =
    method === "quadrature" ? `discretisation error ${discretisationError}` : `s.e. ${standardError}`;
  return {
    ...b,
    kappa,
    method,
    discretisationError,
    standardError,
    order,
    message:
      order === "continuous"
        ? `cubic coefficient ${b.cubic} > 0 (${err}): the PSB branch leaves PS at alpha = ${at.alpha} towards larger loads, a continuous transition there (locally)`
        : order === "discontinuous"
          ? `cubic coefficient ${b.cubic} < 0 (${err}): a PSB branch exists below alpha = ${at.alpha}, the transition is discontinuous and alpha_PSB lies below the instability`
          : `cubic coefficient ${b.cubic} not resolved from 0 (${err}): the order is undecided`,
  };
}
