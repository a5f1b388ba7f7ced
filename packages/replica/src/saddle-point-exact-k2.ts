import type { Activation } from "./activations.js";
import {
  type ExactK2Problem,
  exactFreeEntropyK2,
  exactK2Problem,
  psStabilityK2,
} from "./exact-free-entropy-k2.js";
import { repliconK2 } from "./replicon-exact-k2.js";
import { overlapModes } from "./rs-overlap-modes.js";
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

const H = 1e-4;

/** Solve a small linear system by Gaussian elimination with partial pivoting (null when singular). */
function solve(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let i = 0; i < n; i++) {
    let piv = i;
    for (let r = i + 1; r < n; r++) if (Math.abs(M[r][i]) > Math.abs(M[piv][i])) piv = r;
    if (!(Math.abs(M[piv][i]) > 1e-300)) return null;
    [M[i], M[piv]] = [M[piv], M[i]];
    for (let r = i + 1; r < n; r++) {
      const f = M[r][i] / M[i][i];
      for (let c = i; c <= n; c++) M[r][c] -= f * M[i][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = M[i][n];
    for (let c = i + 1; c < n; c++) s -= M[i][c] * x[c];
    x[i] = s / M[i][i];
  }
  return x;
}

/** Gradient (and with `hessian` the Hessian) of f at x by central differences. */
function derivatives(f: (x: number[]) => number, x: number[], hessian: boolean) {
  const n = x.length;
  const f0 = f(x);
  const at = (d: number[]) => f(x.map((v, i) => v + d[i]));
  const e = (i: number, s: number) => x.map((_, j) => (j === i ? s : 0));
  const g: number[] = [];
  const Hm: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const fp = at(e(i, H));
    const fm = at(e(i, -H));
    g.push((fp - fm) / (2 * H));
    Hm[i][i] = (fp - 2 * f0 + fm) / (H * H);
  }
  if (hessian)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < i; j++) {
        const d = (si: number, sj: number) => at(x.map((_, k) => (k === i ? si * H : k === j ? sj * H : 0)));
        const v = (d(1, 1) - d(1, -1) - d(-1, 1) + d(-1, -1)) / (4 * H * H);
        Hm[i][j] = v;
        Hm[j][i] = v;
      }
  return { f0, g, H: Hm };
}

/**
 * Newton on ∇f = 0 from x0 (the Hessian at each accepted point, the gradient at each trial), steps halved until the
 * point is feasible and the gradient shrinks.
 */
function newton(
  f: (x: number[]) => number,
  x0: number[],
  stop?: (x: number[]) => boolean,
  maxIterations = 15,
) {
  let x = x0.slice();
  let d = derivatives(f, x, true);
  let res = Math.max(...d.g.map(Math.abs));
  let it = 0;
  for (; it < maxIterations && res > 1e-7; it++) {
    const step = solve(
      d.H,
      d.g.map((v) => -v),
    );
    if (step === null) break;
    let t = 1;
    let moved = false;
    for (let k = 0; k < 10; k++, t /= 2) {
      const y = x.map((v, i) => v + t * step[i]);
      if (!Number.isFinite(f(y))) continue;
      const dy = derivatives(f, y, false);
      const r = Math.max(...dy.g.map(Math.abs));
      if (Number.isFinite(r) && r < res) {
        x = y;
        d = derivatives(f, y, true);
        res = r;
        moved = true;
        break;
      }
    }
    if (!moved || stop?.(x)) break;
  }
  return { x, f: d.f0, H: d.H, residual: res, iterations: it };
}

/**
 * The n → 0 signature of max over c of min over the inter-replica overlaps: their block (all but the last
 * coordinate) positive definite, and f along the minimising path, H_cc − H_c·ᵀ H_··⁻¹ H_·c, negative in c.
 */
function saddleSignature(Hm: number[][]): boolean {
  const n = Hm.length;
  const A = Hm.slice(0, n - 1).map((row) => row.slice(0, n - 1));
  const v = Hm.slice(0, n - 1).map((row) => row[n - 1]);
  if (A.length === 1) return A[0][0] > 0 && Hm[n - 1][n - 1] - (v[0] * v[0]) / A[0][0] < 0;
  const det = A[0][0] * A[1][1] - A[0][1] * A[1][0];
  if (!(A[0][0] > 0 && det > 0)) return false;
  const w = solve(A, v) as number[];
  return Hm[n - 1][n - 1] - (v[0] * w[0] + v[1] * w[1]) < 0;
}

/** PS (q = p/2) at load alpha, Newton in (p, c) from `start` (default: the Gaussian-equivalent PS solution). */
export function solveExactPSK2(
  pr: ExactK2Problem,
  act: Activation,
  alpha: number,
  start?: { p: number; c: number },
): ExactK2Saddle {
  const s0 = start ?? solvePSFiniteK(act, 2, pr.kappa, alpha);
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

export interface ExactK2Instability {
  /** Load where the PS solution turns unstable towards PSB (∂²f/∂o_A² = 0). */
  alphaInstability: number;
  /** The PS solution there. */
  ps: ExactK2Saddle;
  /** 1 − α Σ_y E_a[G_y²] at the bracket's ends (positive below, negative above). */
  stability: [number, number];
  evaluations: number;
  converged: boolean;
}

/**
 * The PS instability at K = 2: the PS branch followed from a small load upwards (steps of 0.1, Newton from the
 * previous solution) until the stability measure turns negative, then its zero by safeguarded regula falsi on α to
 * `xtol`. NaN (converged false) when PS stays stable up to `alphaMax` (default 6; odd g at K = 2: PS is stable
 * below its capacity 1).
 */
export function exactPSInstabilityK2(
  act: Activation,
  kappa: number,
  options: { alphaStart?: number; alphaMax?: number; xtol?: number; refine?: boolean } = {},
): ExactK2Instability {
  const pr = exactK2Problem(act, kappa, { refine: options.refine });
  let a = options.alphaStart ?? 0.1;
  const alphaMax = options.alphaMax ?? 6;
  const xtol = options.xtol ?? 1e-5;
  let evaluations = 0;
  let ps = solveExactPSK2(pr, act, a);
  let s = psStabilityAtK2(pr, a, ps);
  evaluations++;
  if (!(s > 0)) return { alphaInstability: Number.NaN, ps, stability: [s, s], evaluations, converged: false };
  let hi = Number.NaN;
  let psHi = ps;
  let sHi = Number.NaN;
  while (a < alphaMax) {
    const next = a + 0.1;
    const nps = solveExactPSK2(pr, act, next, ps);
    const ns = psStabilityAtK2(pr, next, nps);
    evaluations++;
    if (!(ns > 0)) {
      hi = next;
      psHi = nps;
      sHi = ns;
      break;
    }
    a = next;
    ps = nps;
    s = ns;
  }
  if (!Number.isFinite(hi))
    return { alphaInstability: Number.NaN, ps, stability: [s, s], evaluations, converged: false };
  let lo = a;
  while (hi - lo > xtol) {
    // regula falsi step, kept inside the middle half
    const t = Math.min(0.75, Math.max(0.25, s / (s - sHi)));
    const mid = lo + t * (hi - lo);
    const mps = solveExactPSK2(pr, act, mid, ps);
    const ms = psStabilityAtK2(pr, mid, mps);
    evaluations++;
    if (ms > 0) {
      lo = mid;
      ps = mps;
      s = ms;
    } else {
      hi = mid;
      psHi = mps;
      sHi = ms;
    }
  }
  const alphaInstability = lo + (s / (s - sHi)) * (hi - lo);
  return {
    alphaInstability,
    ps: psHi,
    stability: [s, sHi],
    evaluations,
    converged: ps.converged && psHi.converged,
  };
}
