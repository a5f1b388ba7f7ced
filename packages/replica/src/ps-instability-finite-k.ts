import { gammaP, gammaQ, invalidArgument, logGamma } from "@meanfield/linalg";
import type { Activation } from "./activations.js";
import { isLinearActivation, oddMonotoneActivation, quadraticCoefficient } from "./equivalence.js";
import type { MonteCarloPSOptions } from "./exact-free-entropy-mc.js";
import { type PSTransitionOrder, psTransitionOrder } from "./ps-bifurcation.js";
import type { ExactPSInstabilityOptions, PSInstability } from "./saddle-newton.js";
import { exactPSInstabilityK2 } from "./saddle-point-exact-k2.js";
import { exactPSInstabilityK3, exactPSInstabilityK4, exactPSInstabilityMC } from "./saddle-point-exact-ps.js";

/**
 * The load where the exact replica-symmetric PS solution at finite K turns unstable towards specialisation, by the
 * cheapest exact method for K (theory/replica-finite-k.md, "The PS instability for any K"): K = 2 by the exact free
 * entropy's quadrature (`exactPSInstabilityK2`, also non-monotone g with quasi-convex pair sums), K = 3 and 4 by the
 * quadrature over the permutations' chamber (`exactPSInstabilityK3`, `exactPSInstabilityK4`), 5 ≤ K ≤ 12 by the
 * Monte Carlo over random directions with its jackknife error (`exactPSInstabilityMC`), and in closed form where
 * the answer is exact without a scan: a quadratic g (a·x² + b) at any K ≥ 3 at q = c = 0 (`quadraticPSInstability`);
 * a linear g at any K and margin, and a g − m₀ odd and strictly increasing at K = 2 and zero margin, whose acceptance
 * sets are half-spaces in the uniform direction, so that γ_y ≡ 0 and PS never turns unstable (a scan would only meet
 * the rules' limits: erf, which rounds to ±1 beyond 5.9, creates ties there that stop the K = 2 scan near α = 0.91).
 * An upper bound on α_PSB(K) (a
 * discontinuous transition would happen below it), equal to it where the cubic term at the instability shows a
 * continuous transition (`transition`, `psTransitionOrder`; a local criterion); at K ≥ 3 only a g whose sets are half-lines in the uniform
 * direction (non-decreasing, or e.g. GELU at κ = 0 up to K = 8: `halfLineSets`) has exact rules (others are
 * refused with an error naming `activation`).
 */
export interface FiniteKPSInstability {
  K: number;
  kappa: number;
  method: "quadrature" | "monte-carlo" | "closed-form";
  /** The instability; NaN where none was found (see `stableUpTo`). */
  alphaInstability: number;
  found: boolean;
  /** The largest load at which the PS solution was solved and found stable (the scan's end where none was found). */
  stableUpTo: number;
  /** The scan's upper end. */
  alphaMax: number;
  /** Quadrature: the shift the twofold refined rules give (NaN where not estimated); closed form: 0. */
  discretisationError: number;
  /** Monte Carlo: the jackknife standard error, with `degreesOfFreedom` and `interval95` (Student's t); else NaN. */
  standardError: number;
  degreesOfFreedom: number;
  interval95: [number, number];
  /** The PS solution at the instability (or at `stableUpTo`): inter-replica overlap q and K-scaled correlation c. */
  q: number;
  c: number;
  /** Monte Carlo: the directions, their seed. */
  directions?: number;
  seed?: number;
  evaluations: number;
  /**
   * The order of the transition at the instability from the free entropy's cubic term there (`psTransitionOrder`:
   * "continuous" makes the instability α_PSB, "discontinuous" puts α_PSB below it); null where no instability was
   * found by a scan, for the closed forms, or with `transitionOrder: false`.
   */
  transition: PSTransitionOrder | null;
  /** Every solve converged and, where found, the zero is bracketed; false also where a solve failed before alphaMax. */
  converged: boolean;
  message: string;
}

export interface FiniteKPSInstabilityOptions extends ExactPSInstabilityOptions, MonteCarloPSOptions {
  /** Also decide the order of the transition at the instability (`transition`; default true, seconds at K ≤ 4). */
  transitionOrder?: boolean;
}

/**
 * The PS instability of a quadratic g = a·x² + b at any K ≥ 2 and margin κ, in closed form. Flipping the weights of
 * one unit in one replica changes no output, so the PS solution sits at q = 0 and c = 0, where the fields are
 * standard normal and the output y·a(|u|² − K)/√K ≥ κ accepts |u|² ≥ x₊ = K + κ√K/|a| (one label) and
 * |u|² ≤ x₋ = K − κ√K/|a| (the other), with |u|² ~ χ²_K. With t(x) = (x/2)^{K/2}e^{−x/2}/Γ(K/2 + 1), E[|u|² 1{|u|² ≥ x}]
 * = K(P(χ²_K ≥ x) + t(x)), so γ₊ = t(x₊)/P(χ²_K ≥ x₊), γ₋ = −t(x₋)/P(χ²_K ≤ x₋), and the criterion
 * 1 − (αK/2)Σ_y γ_y² = 0 gives α* = 2/(K(γ₊² + γ₋²)). At c = 0 the sets are invariant under rotations of u, so
 * every direction of the overlap matrix (PSB and q > 0 alike) turns unstable there. NaN where x₋ ≤ 0 (one label
 * has no acceptance set).
 */
export function quadraticPSInstability(K: number, kappa: number, a = 1): number {
  if (!Number.isInteger(K) || K < 1) throw invalidArgument("K", "an integer ≥ 1", K);
  if (!(kappa >= 0) || !Number.isFinite(kappa)) throw invalidArgument("kappa", "a finite number ≥ 0", kappa);
  const shift = (kappa * Math.sqrt(K)) / Math.abs(a);
  const xPlus = K + shift;
  const xMinus = K - shift;
  if (!(xMinus > 0)) return Number.NaN;
  const m = K / 2;
  const t = (x: number) => Math.exp(m * Math.log(x / 2) - x / 2 - logGamma(m + 1));
  const gPlus = t(xPlus) / gammaQ(m, xPlus / 2);
  const gMinus = t(xMinus) / gammaP(m, xMinus / 2);
  return 2 / (K * (gPlus * gPlus + gMinus * gMinus));
}

/**
 * Whether the acceptance sets are half-spaces in the uniform coordinate whatever the ⊥ point (linear g at any K and
 * margin; g − m₀ odd and strictly increasing at K = 2 and zero margin), so that γ_y ≡ 0 and PS never turns unstable.
 */
function halfSpaceSets(act: Activation, K: number, kappa: number): boolean {
  return isLinearActivation(act) || (K === 2 && kappa === 0 && oddMonotoneActivation(act));
}

/**
 * Whether `psInstabilityFiniteK` answers in closed form, without a scan: half-space sets (`halfSpaceSets`) or a
 * quadratic g at K ≥ 3.
 */
export function psInstabilityClosedForm(act: Activation, K: number, kappa: number): boolean {
  return halfSpaceSets(act, K, kappa) || (K >= 3 && quadraticCoefficient(act) !== null);
}

type NoError = Pick<FiniteKPSInstability, "standardError" | "degreesOfFreedom" | "interval95">;

/** The exact PS instability at finite K, 2 ≤ K ≤ 12 (`FiniteKPSInstability`). */
export function psInstabilityFiniteK(
  act: Activation,
  K: number,
  kappa: number,
  options: FiniteKPSInstabilityOptions = {},
): FiniteKPSInstability {
  if (!Number.isInteger(K) || K < 2 || K > 12) throw invalidArgument("K", "an integer in [2, 12]", K);
  if (!(kappa >= 0) || !Number.isFinite(kappa)) throw invalidArgument("kappa", "a finite number ≥ 0", kappa);
  const alphaMax = options.alphaMax ?? 6;
  const a = K >= 3 ? quadraticCoefficient(act) : null;
  const noError: NoError = {
    standardError: Number.NaN,
    degreesOfFreedom: Number.NaN,
    interval95: [Number.NaN, Number.NaN],
  };
  if (halfSpaceSets(act, K, kappa)) {
    return {
      K,
      kappa,
      method: "closed-form",
      alphaInstability: Number.NaN,
      found: false,
      stableUpTo: alphaMax,
      alphaMax,
      discretisationError: Number.NaN,
      ...noError,
      q: Number.NaN,
      c: Number.NaN,
      evaluations: 0,
      transition: null,
      converged: true,
      message: `half-space acceptance sets (${isLinearActivation(act) ? "linear g" : "g − m0 odd and strictly increasing, K = 2, zero margin"}): gamma_y = 0, PS never turns unstable`,
    };
  }
  if (a !== null) {
    const alpha = quadraticPSInstability(K, kappa, a);
    const found = alpha <= alphaMax;
    return {
      K,
      kappa,
      method: "closed-form",
      alphaInstability: found ? alpha : Number.NaN,
      found,
      stableUpTo: found ? alpha : Number.isFinite(alpha) ? alphaMax : Number.NaN,
      alphaMax,
      discretisationError: found ? 0 : Number.NaN,
      ...noError,
      q: 0,
      c: 0,
      evaluations: 0,
      transition: null,
      converged: Number.isFinite(alpha),
      message: !Number.isFinite(alpha)
        ? `quadratic g at margin ${kappa}: one label has no acceptance set`
        : found
          ? `closed form at q = c = 0 (quadratic g): the PS solution turns unstable at alpha = ${alpha}`
          : `closed form at q = c = 0 (quadratic g): PS stable up to alpha_max = ${alphaMax}`,
    };
  }
  let r: PSInstability<{ q: number; c: number; converged: boolean }>;
  let method: FiniteKPSInstability["method"] = "quadrature";
  let mc: { standardError: number; degreesOfFreedom: number; interval95: [number, number] } | null = null;
  let extra: { directions?: number; seed?: number } = {};
  if (K === 2) r = exactPSInstabilityK2(act, kappa, options);
  else if (K === 3) r = exactPSInstabilityK3(act, kappa, options);
  else if (K === 4) r = exactPSInstabilityK4(act, kappa, options);
  else {
    const m = exactPSInstabilityMC(act, K, kappa, options);
    r = m;
    method = "monte-carlo";
    mc = { standardError: m.standardError, degreesOfFreedom: m.degreesOfFreedom, interval95: m.interval95 };
    extra = { directions: m.directions, seed: m.seed };
  }
  const found = Number.isFinite(r.alphaInstability);
  // a scan without a zero ends at its last stable load: the scan's end (PS stable throughout), a failed solve, or
  // alphaStart itself when the measure is not positive there
  const unstableAtStart = !found && !(r.stability[0] > 0);
  const stableUpTo = found ? r.alphaInstability : unstableAtStart ? Number.NaN : r.bracket[0];
  const reachedEnd = !found && stableUpTo >= alphaMax - 1e-12;
  const converged = found ? r.converged && (mc === null || Number.isFinite(mc.standardError)) : reachedEnd;
  // a quadratic g (reached here at K = 2) has no verdict: psTransitionOrder refuses it
  const transition =
    found && options.transitionOrder !== false && quadraticCoefficient(act) === null
      ? psTransitionOrder(act, K, kappa, { alpha: r.alphaInstability, q: r.ps.q, c: r.ps.c }, options)
      : null;
  const label = method === "monte-carlo" ? `Monte Carlo over ${extra.directions} directions` : "quadrature";
  return {
    K,
    kappa,
    method,
    alphaInstability: r.alphaInstability,
    found,
    stableUpTo,
    alphaMax,
    discretisationError: method === "quadrature" ? r.discretisationError : Number.NaN,
    ...(mc ?? noError),
    q: r.ps.q,
    c: r.ps.c,
    ...extra,
    evaluations: r.evaluations,
    transition,
    converged,
    message: found
      ? `exact RS at K = ${K} (${label}): the PS solution turns unstable towards PSB at alpha = ${r.alphaInstability}; ${
          transition === null
            ? "an upper bound on alpha_PSB"
            : transition.order === "continuous"
              ? "the transition is continuous there (cubic coefficient > 0): alpha_PSB unless a distant first-order transition comes first"
              : transition.order === "discontinuous"
                ? "the transition is discontinuous (cubic coefficient < 0): alpha_PSB lies below it"
                : "the order of the transition is undecided: an upper bound on alpha_PSB"
        }`
      : unstableAtStart
        ? `exact RS at K = ${K} (${label}): the PS solution is already unstable at the scan's start alpha = ${r.bracket[0]}`
        : reachedEnd
          ? `exact RS at K = ${K} (${label}): PS stable up to alpha_max = ${alphaMax}`
          : `exact RS at K = ${K} (${label}): the PS solve failed above alpha = ${stableUpTo} (stable below it); not converged`,
  };
}
