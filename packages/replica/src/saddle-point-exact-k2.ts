import type { Activation } from "./activations.js";
import {
  type ExactK2Problem,
  exactFreeEntropyK2,
  exactK2Problem,
  psStabilityK2,
} from "./exact-free-entropy-k2.js";
import { repliconK2 } from "./replicon-exact-k2.js";
import { overlapModes } from "./rs-overlap-modes.js";
import {
  type ExactPSInstabilityOptions,
  newton,
  type PSInstability,
  saddleSignature,
  scanWithDiscretisationError,
} from "./saddle-newton.js";
import { solvePSBFiniteK, solvePSFiniteK } from "./saddle-point-finite-k.js";

/**
 * PS and PSB saddle points of the exact RS free entropy at K = 2 and the load where PSB takes over
 * (theory/replica-finite-k.md, "The exact free entropy at K = 2"). Each saddle point is found by Newton's method on
 * ∇f = 0 with central-difference derivatives (step 1e-4), started from the Gaussian-equivalent solution at the same
 * load or from a neighbouring exact one; the result reports the gradient's residual and whether the Hessian has the
 * n → 0 signature (a minimum in the inter-replica q, p, a maximum in the intra-replica c).
 */
export interface ExactK2Saddle {
  ansatz: "PS" | "PSB";
  q: number;
  p: number;
  c: number;
  freeEntropy: number;
  /** max |∂f/∂θ| at the solution (central differences). */
  residual: number;
  iterations: number;
  /** Newton reached residual ≤ 1e-7 with the n → 0 signature. */
  converged: boolean;
  /** The replicon Λ of this RS solution (`repliconK2`); replica symmetry is locally stable where Λ < 0. */
  replicon: number;
  rsStable: boolean;
}

/** PS (q = p/2) at load alpha, Newton in (p, c) from `start` (default: the Gaussian-equivalent PS solution). */
export function solveExactPSK2(
  pr: ExactK2Problem,
  act: Activation,
  alpha: number,
  start?: { p: number; c: number },
): ExactK2Saddle {
  const s0 = start ?? solvePSFiniteK(act, 2, pr.kappa, alpha);
  if (pr.even && s0.p <= ZERO_OVERLAP) {
    const zero = solveEvenPSAtZero(pr, alpha, s0.c);
    if (zero !== null) return zero;
  }
  const f = (x: number[]) => exactFreeEntropyK2(pr, alpha, x[0] / 2, x[0], x[1]);
  const r = newton(f, [s0.p, s0.c]);
  const ok = r.residual <= 1e-7 && saddleSignature(r.H);
  const lam = repliconK2(pr, alpha, { q: r.x[0] / 2, p: r.x[0], c: r.x[1] }).replicon;
  return {
    ansatz: "PS",
    q: r.x[0] / 2,
    p: r.x[0],
    c: r.x[1],
    freeEntropy: r.f,
    residual: r.residual,
    iterations: r.iterations,
    converged: ok,
    replicon: lam,
    rsStable: lam < 0,
  };
}

/** An inter-replica overlap this small in a start is taken for the even g's solution at q = p = 0. */
const ZERO_OVERLAP = 1e-6;

/**
 * An even g (the quadratic) at q = p = 0 (theory/replica-finite-k.md, "Non-monotone activations at K = 2"): flipping a
 * unit's weights in one replica leaves every output unchanged, so the frozen field vanishes there and the first
 * derivatives of f in the inter-replica overlaps vanish by symmetry (f is defined for q ≥ |p|/2 only, so the
 * central differences of Newton cannot be taken). Solved in c alone (Newton), with the residual max(|∂f/∂c|, the
 * one-sided |∂f/∂p|) and the signature: a maximum in c, and f rising from p = 0 along the PS line (one-sided second
 * difference), else null (the PS solution has q > 0 there).
 */
function solveEvenPSAtZero(pr: ExactK2Problem, alpha: number, c0: number): ExactK2Saddle | null {
  const fc = (x: number[]) => exactFreeEntropyK2(pr, alpha, 0, 0, x[0]);
  const r = newton(fc, [c0]);
  const c = r.x[0];
  const h = 1e-4;
  const along = (p: number) => exactFreeEntropyK2(pr, alpha, p / 2, p, c);
  const f0 = along(0);
  const f1 = along(h);
  const f2 = along(2 * h);
  const slope = (-3 * f0 + 4 * f1 - f2) / (2 * h);
  const curvature = (f0 - 2 * f1 + f2) / (h * h);
  if (!(curvature > 0)) return null;
  const residual = Math.max(r.residual, Math.abs(slope));
  const lam = repliconK2(pr, alpha, { q: 0, p: 0, c }).replicon;
  return {
    ansatz: "PS",
    q: 0,
    p: 0,
    c,
    freeEntropy: r.f,
    residual,
    iterations: r.iterations,
    converged: residual <= 1e-7 && r.H[0][0] < 0,
    replicon: lam,
    rsStable: lam < 0,
  };
}

/**
 * PSB at load alpha, Newton in (q, p, c) from `start` (default: the Gaussian-equivalent PSB solution); null when
 * there is no start or Newton ends on (or stalls against) the PS line o_A = q − p/2 = 0. Newton goes to the
 * stationary point nearest its start: a start next to the PS line converges to PS.
 */
export function solveExactPSBK2(
  pr: ExactK2Problem,
  act: Activation,
  alpha: number,
  start?: { q: number; p: number; c: number },
): ExactK2Saddle | null {
  const s0 = start ?? solvePSBFiniteK(act, 2, pr.kappa, alpha, solvePSFiniteK(act, 2, pr.kappa, alpha).c);
  if (s0 === null) return null;
  const f = (x: number[]) => exactFreeEntropyK2(pr, alpha, x[0], x[1], x[2]);
  // heading onto the PS line: stop early, there is no PSB solution from this start
  const r = newton(f, [s0.q, s0.p, s0.c], (x) => x[0] - x[1] / 2 < 1e-3);
  const oA = r.x[0] - r.x[1] / 2;
  const converged = r.residual <= 1e-7 && saddleSignature(r.H);
  // on the PS line, or stalled against it (steps to o_A < 0 are infeasible): no PSB solution from this start
  if (!(oA > 1e-6) || (!converged && oA < 1e-3)) return null;
  const lam = repliconK2(pr, alpha, { q: r.x[0], p: r.x[1], c: r.x[2] }).replicon;
  return {
    ansatz: "PSB",
    q: r.x[0],
    p: r.x[1],
    c: r.x[2],
    freeEntropy: r.f,
    residual: r.residual,
    iterations: r.iterations,
    converged,
    replicon: lam,
    rsStable: lam < 0,
  };
}

export interface ExactK2Transition {
  /** Load where the PSB solution's free entropy crosses the PS one's (PSB below it above this load). */
  alphaPSB: number;
  /** Bracket of the crossing in α (its width is the location error). */
  bracket: [number, number];
  ps: ExactK2Saddle;
  psb: ExactK2Saddle;
  /** The tracked branch: α, f_PS, f_PSB. */
  path: Array<{ alpha: number; ps: number; psb: number | null }>;
  converged: boolean;
  message: string;
}

/**
 * α_PSB at K = 2 from the exact RS free entropy: the PSB branch is started from the Gaussian-equivalent solution
 * at `alphaStart` (where that one exists), followed downwards in α by continuation (steps of `step`), and the
 * crossing f_PSB = f_PS bisected to `xtol` in α.
 */
export function exactPSBTransitionK2(
  act: Activation,
  kappa: number,
  options: {
    alphaStart: number;
    step?: number;
    xtol?: number;
    refine?: boolean;
    onStep?: (alpha: number) => void;
  },
): ExactK2Transition {
  const pr = exactK2Problem(act, kappa, { refine: options.refine });
  const step = options.step ?? 0.1;
  const xtol = options.xtol ?? 1e-3;
  const path: ExactK2Transition["path"] = [];
  let a = options.alphaStart;
  let ps = solveExactPSK2(pr, act, a);
  let psb = solveExactPSBK2(pr, act, a);
  const fail = (message: string): ExactK2Transition => ({
    alphaPSB: Number.NaN,
    bracket: [Number.NaN, Number.NaN],
    ps,
    psb: psb as ExactK2Saddle,
    path,
    converged: false,
    message,
  });
  if (psb === null || !(psb.freeEntropy < ps.freeEntropy))
    return fail(`no PSB solution below the PS one at the start alpha = ${a}: start at a larger load`);
  path.push({ alpha: a, ps: ps.freeEntropy, psb: psb.freeEntropy });
  // down in α until PSB is above PS or gone
  let hi = a;
  let lo = Number.NaN;
  let hiSol = { ps, psb };
  for (let k = 0; k < 200; k++) {
    const next = a - step;
    options.onStep?.(next);
    const nps = solveExactPSK2(pr, act, next, ps);
    const npsb = solveExactPSBK2(pr, act, next, psb);
    path.push({ alpha: next, ps: nps.freeEntropy, psb: npsb ? npsb.freeEntropy : null });
    if (npsb === null || !(npsb.freeEntropy < nps.freeEntropy)) {
      lo = next;
      break;
    }
    a = next;
    ps = nps;
    psb = npsb;
    hi = a;
    hiSol = { ps, psb };
  }
  if (!Number.isFinite(lo)) return fail("the PSB branch stays below PS down to the end of the scan");
  // bisection between lo (PS holds or PSB gone) and hi (PSB holds), each solve started at the hi solutions
  while (hi - lo > xtol) {
    const mid = 0.5 * (lo + hi);
    options.onStep?.(mid);
    const mps = solveExactPSK2(pr, act, mid, hiSol.ps);
    const mpsb = solveExactPSBK2(pr, act, mid, hiSol.psb);
    path.push({ alpha: mid, ps: mps.freeEntropy, psb: mpsb ? mpsb.freeEntropy : null });
    if (mpsb !== null && mpsb.freeEntropy < mps.freeEntropy) {
      hi = mid;
      hiSol = { ps: mps, psb: mpsb };
    } else lo = mid;
  }
  const converged = hiSol.ps.converged && hiSol.psb.converged;
  return {
    alphaPSB: 0.5 * (lo + hi),
    bracket: [lo, hi],
    ps: hiSol.ps,
    psb: hiSol.psb,
    path,
    converged,
    message: converged
      ? "crossing of the exact PSB and PS free entropies, bracketed"
      : "a saddle point at the bracket's end did not reach residual 1e-7 with the n → 0 signature",
  };
}

/**
 * The PS solution's stability against o_A = q − p/2 > 0 (the ⊥ eigenvalue of Q^{ab}, at fixed o_B = q + p/2 and c):
 * by the u₁ ↔ u₂ symmetry the first derivatives in o_A vanish there and o_A decouples from (o_B, c), so PS is a
 * minimum in o_A while 1 − α Σ_y E_a[G_y²] > 0 (`psStabilityK2`); its zero is a continuous PS → PSB transition.
 */
export function psStabilityAtK2(pr: ExactK2Problem, alpha: number, ps: { p: number; c: number }): number {
  const m = overlapModes(2, ps.p / 2, ps.p, ps.c);
  return psStabilityK2(pr, alpha, m.oB, m.dA, m.eB);
}

/** The PS instability at K = 2 (`scanPSInstability` on the exact PS branch). */
export type ExactK2Instability = PSInstability<ExactK2Saddle>;

/**
 * The PS instability at K = 2: the PS branch followed from a small load upwards (steps of 0.1, Newton from the
 * previous solution) until the stability measure turns negative, then its zero by safeguarded regula falsi on α to
 * `xtol`. NaN (converged false) when PS stays stable up to `alphaMax` (default 6; odd g at K = 2: PS is stable
 * below its capacity 1). `discretisationError` is the shift the twofold refined rules give
 * (`refinedInstabilityShift`, one more solve with each rule set at the zero; skipped with `errorEstimate: false` or
 * `refine: true`).
 */
export function exactPSInstabilityK2(
  act: Activation,
  kappa: number,
  options: ExactPSInstabilityOptions = {},
): ExactK2Instability {
  return scanWithDiscretisationError<ExactK2Saddle>((refine) => {
    const pr = exactK2Problem(act, kappa, { refine });
    return {
      solve: (alpha, start) => solveExactPSK2(pr, act, alpha, start),
      stability: (alpha, ps) => psStabilityAtK2(pr, alpha, ps),
    };
  }, options);
}
