import { brent, logH } from "@meanfield/linalg";
import type { Activation } from "./activations.js";
import { energeticTerm, energeticTermDerivative, gardnerIntegral, millsRatio } from "./energetic.js";

/**
 * The K → ∞ free entropy of theory/replica.md, "The effective problem in the matched overlap" (eq. K∞) for
 * one activation and margin: φ(q) = ½[log(1−q) + q/(1−q)] + α G_E(ρ₂(q), κ/√V₂), ρ₂ = κ_{≥2}/V₂ the
 * normalised nonlinear kernel, after the linear component has been cancelled by the uniform mode (c → −1).
 */
export interface LargeKProblem {
  activation: Activation;
  kappa: number;
  /** V₂ = Var g − b₁² (nonlinear Hermite weight Σ_{n≥2} b_n²). */
  V2: number;
  /** S₂ = E g′² − b₁² = Σ_{n≥2} n b_n². */
  S2: number;
  /** b₂² = κ″(0)/2. */
  b2sq: number;
  /** Margin in units of the nonlinear output's standard deviation, κ/√V₂. */
  kappaTilde: number;
  rho2: (q: number) => number;
  rho2Prime: (q: number) => number;
  /** ρ₂″(q) = κ″(q)/V₂ (the linear part has none). */
  rho2Second: (q: number) => number;
}

/** V₂ below this fraction of Var g counts as no nonlinear part (linear g). */
const LINEAR_TOL = 1e-12;

export function largeKProblem(activation: Activation, kappa: number): LargeKProblem {
  const b1sq = activation.b1 * activation.b1;
  const V2raw = activation.variance - b1sq;
  const V2 = V2raw > LINEAR_TOL * activation.variance ? V2raw : 0;
  const S2 = activation.gPrime2 - b1sq;
  const k = activation.kappa;
  const k1 = activation.kappaPrime;
  return {
    activation,
    kappa,
    V2,
    S2,
    b2sq: 0.5 * activation.kappaSecond(0),
    kappaTilde: V2 > 0 ? kappa / Math.sqrt(V2) : Number.POSITIVE_INFINITY,
    rho2: (q) => Math.min(1, Math.max(0, (k(q) - b1sq * q) / V2)),
    rho2Prime: (q) => (k1(q) - b1sq) / V2,
    rho2Second: (q) => activation.kappaSecond(q) / V2,
  };
}

/** A(κ̃): Gardner's q → 1 coefficient. */
export function gardnerA(kappaTilde: number): number {
  return gardnerIntegral(kappaTilde);
}

/** α_c(K → ∞) = s/A(κ/√V₂), s = S₂/V₂ (theory/replica.md, "Capacity"); Infinity for jumps, 0 for linear g. */
export function largeKAlphaC(p: LargeKProblem): number {
  if (p.V2 === 0) return 0;
  if (!Number.isFinite(p.S2)) return Number.POSITIVE_INFINITY;
  return p.S2 / p.V2 / gardnerA(p.kappaTilde);
}

/**
 * The PS instability α_inst = V₂/(2 R(κ̃)² b₂²)
 * (theory/replica.md, "The permutation-symmetry-breaking transition"); Infinity when b₂ = 0.
 */
export function largeKAlphaInstability(p: LargeKProblem): number {
  if (p.V2 === 0) return Number.POSITIVE_INFINITY;
  if (!(p.b2sq > 1e-14 * p.V2)) return Number.POSITIVE_INFINITY;
  const R = millsRatio(p.kappaTilde);
  return p.V2 / (2 * R * R * p.b2sq);
}

export function freeEntropyPS(p: LargeKProblem, alpha: number): number {
  return alpha * logH(p.kappaTilde);
}

export function freeEntropyLargeK(p: LargeKProblem, alpha: number, q: number): number {
  return 0.5 * (Math.log1p(-q) + q / (1 - q)) + alpha * energeticTerm(p.rho2(q), p.kappaTilde);
}

/** ∂φ/∂q = q/(2(1−q)²) + α ρ₂′(q) ∂_r G_E. */
export function freeEntropyLargeKDerivative(p: LargeKProblem, alpha: number, q: number): number {
  const r = Math.min(p.rho2(q), 1 - 1e-15);
  return (0.5 * q) / ((1 - q) * (1 - q)) + alpha * p.rho2Prime(q) * energeticTermDerivative(r, p.kappaTilde);
}

/** q grid: geometric near 0 (continuous transitions start at tiny q), uniform, geometric near 1. */
function qGrid(): Float64Array {
  const pts: number[] = [];
  for (let i = 0; i < 24; i++) pts.push(10 ** (-7 + (i * 4.7) / 24));
  for (let i = 0; i <= 180; i++) pts.push(0.005 + (0.945 * i) / 180);
  for (let i = 1; i <= 64; i++) pts.push(1 - 0.05 * 10 ** ((-9 * i) / 64));
  return Float64Array.from(pts);
}
const Q_GRID = qGrid();

export interface LocalMin {
  q: number;
  phi: number;
  converged: boolean;
  iterations: number;
  residual: number;
  message: string;
}

/** All local minima of φ(q) on (0, 1): sign changes − → + of ∂φ/∂q, refined by Brent. */
export function localMinimaLargeK(p: LargeKProblem, alpha: number): LocalMin[] {
  const out: LocalMin[] = [];
  const d = (q: number) => freeEntropyLargeKDerivative(p, alpha, q);
  let prevQ = Q_GRID[0];
  let prevD = d(prevQ);
  for (let i = 1; i < Q_GRID.length; i++) {
    const q = Q_GRID[i];
    const dq = d(q);
    if (prevD < 0 && dq > 0) {
      const res = brent(d, prevQ, q, { xtol: 1e-13 });
      out.push({
        q: res.root,
        phi: freeEntropyLargeK(p, alpha, res.root),
        converged: res.converged,
        iterations: res.iterations,
        residual: Math.abs(res.residual),
        message: res.message,
      });
    }
    prevQ = q;
    prevD = dq;
  }
  return out;
}
