import { minimizeScalar } from "@meanfield/linalg";
import type { Activation } from "./activations.js";
import { energeticTerm } from "./energetic.js";
import { overlapModes } from "./rs-overlap-modes.js";
import type { RsSolution } from "./rs-solution.js";

/**
 * Replica-symmetric saddle points at finite K in the Gaussian-equivalent theory
 * (theory/replica.md, "Replica-symmetric free entropy";
 * theory/replica-finite-k.md, "Saddle points at finite K"): f(q, p, c) = G_S + α G_E(C₁/C₀, κ/√C₀) with the
 * exact finite-K entropic term of the RS overlap matrix (Q^{aa}_{k≠l} = c/K, Q^{ab}_{kk} = q, Q^{ab}_{k≠l} =
 * p/K) and C₀ = κ(1) + (K−1)κ(c/K), C₁ = κ(q) + (K−1)κ(p/K). The inter-replica parameters (q, p) sit at a
 * minimum and the intra-replica c at a maximum (n → 0,
 * theory/replica.md, "Extremum over the order parameters"): solved by nested one-dimensional searches (scan,
 * then golden section), whose stationarity follows from the envelope theorem. PS is the sub-family q = p/K.
 */
export function finiteKFreeEntropy(
  act: Activation,
  K: number,
  kappa: number,
  alpha: number,
  q: number,
  p: number,
  c: number,
): number {
  const gS = overlapModes(K, q, p, c).entropic;
  if (Number.isNaN(gS)) return Number.NaN;
  const C0 = act.variance + (K - 1) * act.kappa(c / K);
  const C1 = act.kappa(q) + (K - 1) * act.kappa(p / K);
  const r = Math.min(1 - 1e-15, Math.max(0, C1 / C0));
  return gS + alpha * energeticTerm(r, kappa / Math.sqrt(C0));
}

export interface FiniteKSolution {
  q: number;
  p: number;
  c: number;
  freeEntropy: number;
  iterations: number;
}

/** γ = c/K from x ∈ [−12, 0]: geometric in the distance to the PSD bound −1/(K−1) (c → −1 at large K). */
function cOf(x: number, K: number): number {
  const lo = -1 / (K - 1);
  return K * (lo + (1 - lo) * 10 ** x);
}

/** p from y ∈ [−30, 30], logistic between the bounds: resolves both ends (frozen uniform mode / frozen units). */
function pOf(y: number, pLo: number, pHi: number): number {
  return pLo + (pHi - pLo) / (1 + Math.exp(-y));
}

/** min over p ∈ (pLo, pHi) of fp(p). */
function minOverP(fp: (p: number) => number, pLo: number, pHi: number) {
  // minimizeScalar counts NaN (outside the bounds) as +∞
  const r = minimizeScalar((y) => fp(pOf(y, pLo, pHi)), -30, 30, {
    scan: 16,
    xtol: 1e-6,
    maxIterations: 100,
  });
  return { value: r.value, p: pOf(r.x, pLo, pHi), iterations: r.iterations };
}

export function solvePSFiniteK(act: Activation, K: number, kappa: number, alpha: number): FiniteKSolution {
  let its = 0;
  const inner = (c: number) => {
    // PS: o_A = 0, o_B = p ∈ [0, d_B)
    const dB = 1 + ((K - 1) * c) / K;
    const r = minOverP((p) => finiteKFreeEntropy(act, K, kappa, alpha, p / K, p, c), 0, dB);
    its += r.iterations;
    return { value: r.value, p: r.p };
  };
  // max over c = min of the negative (a non-finite value never wins)
  const outer = minimizeScalar(
    (x) => {
      const v = inner(cOf(x, K)).value;
      return Number.isFinite(v) ? -v : Number.POSITIVE_INFINITY;
    },
    -12,
    0,
    { scan: 24, xtol: 1e-7, maxIterations: 100 },
  );
  const c = cOf(outer.x, K);
  const best = inner(c);
  return { q: best.p / K, p: best.p, c, freeEntropy: best.value, iterations: its + outer.iterations };
}

/**
 * The lowest PSB local minimum in q (q > q_PS), or null. First a full search in q at the PS value of c;
 * then the outer maximisation over c (within a decade of c_PS in the distance to the PSD bound) tracks
 * that minimum locally, which keeps the nested search to a few ten thousand free-entropy evaluations.
 */
export function solvePSBFiniteK(
  act: Activation,
  K: number,
  kappa: number,
  alpha: number,
  cStart: number,
): FiniteKSolution | null {
  let its = 0;
  const g = (z: number, c: number) => {
    const q = 1 - 10 ** -z;
    const dB = 1 + ((K - 1) * c) / K;
    // o_A = q − p/K ≥ 0, o_B = q + (K−1)p/K ≥ 0, e_A = d_A − o_A > 0, e_B = d_B − o_B > 0
    const pLo = Math.max((-K * q) / (K - 1), c + K * (q - 1));
    const pHi = Math.min(K * q, ((dB - q) * K) / (K - 1));
    if (!(pHi > pLo)) return { value: Number.NaN, p: 0 };
    const r = minOverP((p) => finiteKFreeEntropy(act, K, kappa, alpha, q, p, c), pLo, pHi);
    its += r.iterations;
    return { value: r.value, p: r.p };
  };
  const gz = (c: number) => (z: number) => {
    const v = g(z, c).value;
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };
  // full search in z = −log10(1 − q) at c = cStart; the points below z = 0.25 (q < 0.44) catch a PSB branch that
  // leaves the PS line continuously at small q (ReLU at K = 2 from α ≈ 0.84; theory/replica-finite-k.md, "The exact
  // free entropy at K = 2")
  const zs: number[] = [0.02, 0.05, 0.1, 0.15, 0.2];
  for (let i = 1; i <= 32; i++) zs.push((8 * i) / 32);
  const vals = zs.map(gz(cStart));
  let zBest = Number.NaN;
  let vBest = Number.POSITIVE_INFINITY;
  for (let i = 1; i + 1 < zs.length; i++) {
    if (!(vals[i] <= vals[i - 1] && vals[i] <= vals[i + 1])) continue;
    const r = minimizeScalar(gz(cStart), zs[i - 1], zs[i + 1], { scan: 2, xtol: 1e-6, maxIterations: 100 });
    if (r.value < vBest) {
      vBest = r.value;
      zBest = r.x;
    }
  }
  if (!Number.isFinite(vBest)) return null;
  const lo = -1 / (K - 1);
  const xStart = Math.log10(Math.max(1e-12, (cStart / K - lo) / (1 - lo)));
  const dz = 0.25;
  const track = (c: number) =>
    minimizeScalar(gz(c), Math.max(0.01, zBest - dz), zBest + dz, {
      scan: 2,
      xtol: 1e-6,
      maxIterations: 100,
    });
  // max over c = min of the negative (a non-finite value never wins)
  const outer = minimizeScalar(
    (x) => {
      const v = track(cOf(x, K)).value;
      return Number.isFinite(v) ? -v : Number.POSITIVE_INFINITY;
    },
    Math.max(-12, xStart - 1),
    Math.min(0, xStart + 1),
    { scan: 6, xtol: 1e-4, maxIterations: 100 },
  );
  const c = cOf(outer.x, K);
  const r = track(c);
  const q = 1 - 10 ** -r.x;
  const p = g(r.x, c).p;
  // a minimum on the PS line q = p/K is the PS solution, not a PSB one
  if (Math.abs(q - p / K) < 1e-6) return null;
  return { q, p, c, freeEntropy: r.value, iterations: its + outer.iterations };
}

/** max |∂f/∂θ| over the free parameters by central differences (PS: p, c with q = p/K; PSB: q, p, c). */
function gradientResidual(
  act: Activation,
  K: number,
  kappa: number,
  alpha: number,
  ansatz: "PS" | "PSB",
  s: FiniteKSolution,
): number {
  const h = 1e-6;
  const f = (q: number, p: number, c: number) => finiteKFreeEntropy(act, K, kappa, alpha, q, p, c);
  const d: number[] = [];
  if (ansatz === "PS") {
    d.push((f((s.p + h) / K, s.p + h, s.c) - f((s.p - h) / K, s.p - h, s.c)) / (2 * h));
  } else {
    d.push((f(s.q + h, s.p, s.c) - f(s.q - h, s.p, s.c)) / (2 * h));
    d.push((f(s.q, s.p + h, s.c) - f(s.q, s.p - h, s.c)) / (2 * h));
  }
  d.push((f(s.q, s.p, s.c + h) - f(s.q, s.p, s.c - h)) / (2 * h));
  return Math.max(...d.map((x) => (Number.isFinite(x) ? Math.abs(x) : Number.POSITIVE_INFINITY)));
}

export function toRsSolution(
  ansatz: "PS" | "PSB",
  s: FiniteKSolution,
  act: Activation,
  K: number,
  kappa: number,
  alpha: number,
): RsSolution {
  const residual = gradientResidual(act, K, kappa, alpha, ansatz, s);
  const C0 = act.variance + (K - 1) * act.kappa(s.c / K);
  const C1 = act.kappa(s.q) + (K - 1) * act.kappa(s.p / K);
  return {
    ansatz,
    q: s.q,
    crossUnitCorrelation: s.c,
    crossUnitCorrelationSign: Math.sign(s.c),
    fieldOverlap: C1 / C0,
    freeEntropy: s.freeEntropy,
    stable: true,
    replicon: null,
    rsStable: null,
    converged: Number.isFinite(s.freeEntropy) && residual < 1e-4,
    iterations: s.iterations,
    residual,
    message: "nested scan + golden-section extremisation; residual = max |∂f/∂θ| by central differences",
  };
}
