import {
  freeEntropyPS,
  type LargeKProblem,
  largeKAlphaC,
  largeKAlphaInstability,
  largeKProblem,
  localMinimaLargeK,
} from "./large-k.js";
import { type CapacityParams, validateCapacityParams } from "./params.js";
import { versions } from "./version.js";

/**
 * The permutation-symmetry-breaking transition
 * (theory/replica.md, "The permutation-symmetry-breaking transition"), K → ∞.
 */
export interface PsbResult {
  params: { activation: string; K: number; kappa: number };
  /** The @meanfield package versions it was computed with (`versions()`: linalg, replica). */
  versions: Record<string, string>;
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
 * α_PSB at K → ∞ (theory/replica.md, "The permutation-symmetry-breaking transition"): scans α up to min(α_c,
 * α_inst, alphaMax) for a PSB minimum below the PS free entropy and bisects the crossing; falls back to the
 * PS instability for a continuous transition.
 */
export function alphaPSB(params: CapacityParams, options: PsbOptions = {}): PsbResult {
  return { ...psbSearch(params, options), versions: versions() };
}

function psbSearch(params: CapacityParams, options: PsbOptions): Omit<PsbResult, "versions"> {
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
      message:
        'alphaPSB is implemented at K → ∞ only (theory/replica-finite-k.md, "Saddle points at finite K")',
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
