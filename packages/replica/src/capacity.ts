import { finiteKCapacity } from "./capacity-finite-k.js";
import { signCommitteeCapacity } from "./committee.js";
import { gardnerCapacity } from "./gardner.js";
import {
  freeEntropyPS,
  type LargeKProblem,
  largeKAlphaC,
  largeKAlphaInstability,
  largeKProblem,
} from "./large-k.js";
import { maxAttainableMargin } from "./output-range.js";
import { type CapacityParams, validateCapacityParams } from "./params.js";
import { localMinimaLargeK } from "./saddle-point.js";

/** How a capacity was obtained (THEORY.md section in brackets). */
export type CapacityMethod =
  | "large-K" // §4.1, K → ∞
  | "gardner-sets" // §5, K = 1 exact
  | "gaussian-equivalent" // §6, finite K, exact for linear g
  | "committee-monte-carlo"; // §6, sign at finite K

/** The storage capacity per parameter; `alphaC` is null when the RS capacity diverges. */
export interface CapacityResult {
  params: { activation: string; K: number; kappa: number };
  /** α_c per parameter, or null when divergent. */
  alphaC: number | null;
  divergent: boolean;
  method: CapacityMethod;
  /** True where the method is an approximation of the model (Gaussian equivalence at finite K for nonlinear g). */
  approximate: boolean;
  /** Monte Carlo standard error (committee-monte-carlo only). */
  standardError?: number;
  seed?: string;
  /** K → ∞: s = Σ_{n≥2} n b_n² / Σ_{n≥2} b_n²; finite K: the optimal γ = Q_{k≠l}. */
  details: Record<string, number>;
  converged: boolean;
  message: string;
}

export interface CapacityOptions {
  /** Monte Carlo samples for the sign committee at finite K (default 200 000). */
  samples?: number;
  /** Seed of that Monte Carlo (default 1). */
  seed?: number | string;
}

/**
 * Storage capacity per parameter α_c (spec §3–4): K → ∞ from the q → 1 limit of the PSB saddle point
 * (THEORY.md §4.1), K = 1 exactly (§5), finite K ≥ 2 by the Gaussian-equivalent theory (§6; exact for
 * linear g) or, for sign, the exact RS committee by seeded Monte Carlo. Divergent capacities (sign,
 * any g with a jump, at K → ∞) are reported as `{ divergent: true, alphaC: null }`.
 */
export function alphaC(params: CapacityParams, options: CapacityOptions = {}): CapacityResult {
  const { activation: act, K, kappa } = validateCapacityParams(params);
  const base = { activation: act.name, K, kappa };
  if (K === 1) {
    const r = gardnerCapacity(act, kappa);
    return {
      params: base,
      alphaC: r.alphaC,
      divergent: false,
      method: "gardner-sets",
      approximate: false,
      details: { meanSquaredDistance: r.meanSquaredDistance },
      converged: true,
      message: "exact RS perceptron capacity 1/E[d(t,S_y)²]",
    };
  }
  if (!Number.isFinite(K)) {
    const p = largeKProblem(act, kappa);
    const a = largeKAlphaC(p);
    const divergent = a === Number.POSITIVE_INFINITY;
    return {
      params: base,
      alphaC: divergent ? null : a,
      divergent,
      method: "large-K",
      approximate: false,
      details: { V2: p.V2, S2: p.S2, s: p.V2 > 0 ? p.S2 / p.V2 : 0, kappaTilde: p.kappaTilde },
      converged: true,
      message: divergent
        ? "E g′² = ∞ (jump): the RS capacity per parameter diverges as K → ∞"
        : p.V2 === 0
          ? "no nonlinear Hermite weight (linear g): capacity per parameter → 0"
          : "alphaC = (E g′² − b₁²)/((Var g − b₁²)·A(κ/√V₂))",
    };
  }
  if (!Number.isFinite(act.gPrime2)) {
    if (act.name === "sign") {
      const r = signCommitteeCapacity(K, kappa, options.samples ?? 200_000, options.seed ?? 1);
      return {
        params: base,
        alphaC: r.alphaC,
        divergent: false,
        method: "committee-monte-carlo",
        approximate: false,
        standardError: r.standardError,
        seed: r.seed,
        details: { samples: r.samples },
        converged: true,
        message: "exact RS committee (uncorrelated units) by Monte Carlo of E[d²]",
      };
    }
    return {
      params: base,
      alphaC: null,
      divergent: true,
      method: "gaussian-equivalent",
      approximate: true,
      details: {},
      converged: true,
      message:
        "activation with a jump: the Gaussian-equivalent capacity diverges (exact finite-K values only for sign)",
    };
  }
  if (kappa > 0) {
    const bound = maxAttainableMargin(act, K);
    if (kappa > bound * (1 + 1e-12))
      return {
        params: base,
        alphaC: 0,
        divergent: false,
        method: "gaussian-equivalent",
        approximate: false,
        details: { maxAttainableMargin: bound },
        converged: true,
        message: `margin kappa = ${kappa} above the output range √K·sup|g − m₀| = ${bound}: no output meets it, capacity 0 (exact)`,
      };
  }
  const r = finiteKCapacity(act, K, kappa);
  const linear = act.variance - act.b1 * act.b1 <= 1e-12 * act.variance;
  return {
    params: base,
    alphaC: r.alphaC,
    divergent: false,
    method: "gaussian-equivalent",
    approximate: !linear,
    details: { gamma: r.gamma, crossUnitCorrelation: r.gamma * K },
    converged: true,
    message: linear ? "exact for linear g" : "Gaussian-equivalent theory at finite K (leading order in 1/K)",
  };
}

/** The permutation-symmetry-breaking transition (THEORY.md §4.2), K → ∞. */
export interface PsbResult {
  params: { activation: string; K: number; kappa: number };
  /** α where the PSB solution becomes the relevant one (global minimum of φ at q > 0); null if none below alphaMax. */
  alphaPSB: number | null;
  /** α where a PSB local minimum first exists. */
  alphaSpinodal: number | null;
  /** α where q = 0 loses local stability (Infinity when b₂ = 0). */
  alphaInstability: number;
  transition: "continuous" | "discontinuous" | "none";
  /** q of the PSB solution at alphaPSB (0⁺ for a continuous transition). */
  qAtTransition: number | null;
  alphaC: number | null;
  converged: boolean;
  iterations: number;
  message: string;
}

export interface PsbOptions {
  /** Upper end of the α search when α_c is infinite (default 200). */
  alphaMax?: number;
}

function psbGap(p: LargeKProblem, alpha: number): { exists: boolean; gap: number; q: number } {
  const mins = localMinimaLargeK(p, alpha);
  if (mins.length === 0) return { exists: false, gap: Number.POSITIVE_INFINITY, q: Number.NaN };
  let best = mins[0];
  for (const m of mins) if (m.phi < best.phi) best = m;
  return { exists: true, gap: best.phi - freeEntropyPS(p, alpha), q: best.q };
}

/**
 * α_PSB at K → ∞ (THEORY.md §4.2): scans α up to min(α_c, α_inst, alphaMax) for a PSB minimum below the
 * PS free entropy and bisects the crossing; falls back to the PS instability for a continuous transition.
 */
export function alphaPSB(params: CapacityParams, options: PsbOptions = {}): PsbResult {
  const { activation: act, K, kappa } = validateCapacityParams(params);
  const base = { activation: act.name, K, kappa };
  const p = largeKProblem(act, kappa);
  const aC = largeKAlphaC(p);
  const aInst = largeKAlphaInstability(p);
  const alphaCOut = Number.isFinite(aC) ? aC : null;
  if (Number.isFinite(K))
    return {
      params: base,
      alphaPSB: null,
      alphaSpinodal: null,
      alphaInstability: Number.NaN,
      transition: "none",
      qAtTransition: null,
      alphaC: null,
      converged: false,
      iterations: 0,
      message: "alphaPSB is implemented at K → ∞ only (THEORY.md §6)",
    };
  if (p.V2 === 0)
    return {
      params: base,
      alphaPSB: null,
      alphaSpinodal: null,
      alphaInstability: aInst,
      transition: "none",
      qAtTransition: null,
      alphaC: 0,
      converged: true,
      iterations: 0,
      message: "linear activation: no nonlinear kernel, no PSB",
    };
  const top = Math.min(Number.isFinite(aC) ? aC * (1 - 1e-6) : (options.alphaMax ?? 200), aInst);
  // geometric scan of α in (0, top]
  const nScan = 32;
  let prevA = 0;
  let firstExist: number | null = null;
  let prevExistA = 0;
  let crossLo = 0;
  let crossHi: number | null = null;
  let iterations = 0;
  for (let i = 1; i <= nScan; i++) {
    const a = top * 10 ** ((-2.5 * (nScan - i)) / nScan);
    const gp = psbGap(p, a);
    iterations++;
    if (gp.exists && firstExist === null) {
      firstExist = a;
      prevExistA = prevA;
    }
    if (gp.exists && gp.gap < 0) {
      crossLo = prevA;
      crossHi = a;
      break;
    }
    prevA = a;
  }
  let alphaSp: number | null = null;
  if (firstExist !== null) {
    let lo = prevExistA;
    let hi = firstExist;
    while (hi - lo > 1e-8 * hi) {
      const m = 0.5 * (lo + hi);
      if (psbGap(p, m).exists) hi = m;
      else lo = m;
      iterations++;
    }
    alphaSp = hi;
  }
  if (crossHi !== null) {
    // discontinuous: bisect the sign change of φ_PSB − φ_PS
    let lo = crossLo;
    let hi = crossHi;
    const f = (a: number) => {
      const gp = psbGap(p, a);
      return gp.exists ? gp.gap : 1;
    };
    while (hi - lo > 1e-8 * hi) {
      const m = 0.5 * (lo + hi);
      if (f(m) < 0) hi = m;
      else lo = m;
      iterations++;
    }
    const q = psbGap(p, hi).q;
    const continuous = Number.isFinite(aInst) && hi >= aInst * (1 - 1e-6);
    return {
      params: base,
      alphaPSB: hi,
      alphaSpinodal: alphaSp ?? hi,
      alphaInstability: aInst,
      transition: continuous ? "continuous" : "discontinuous",
      qAtTransition: q,
      alphaC: alphaCOut,
      converged: true,
      iterations,
      message: "crossing of PS and PSB free entropies (bisection to 1e-8)",
    };
  }
  if (Number.isFinite(aInst)) {
    return {
      params: base,
      alphaPSB: aInst,
      alphaSpinodal: alphaSp ?? aInst,
      alphaInstability: aInst,
      transition: "continuous",
      qAtTransition: 0,
      alphaC: alphaCOut,
      converged: true,
      iterations,
      message: "continuous transition at the PS instability α = V₂/(2R(κ̃)²b₂²)",
    };
  }
  return {
    params: base,
    alphaPSB: null,
    alphaSpinodal: alphaSp,
    alphaInstability: aInst,
    transition: "none",
    qAtTransition: null,
    alphaC: alphaCOut,
    converged: false,
    iterations,
    message: `no PSB solution below alpha = ${top}`,
  };
}
