import { minimizeScalar } from "@meanfield/linalg";
import type { Activation } from "./activations.js";
import { gardnerIntegral } from "./energetic.js";
import { isOddAboutMean } from "./equivalence.js";

/**
 * The finite-K capacity of the Gaussian-equivalent theory
 * (theory/replica-finite-k.md, "Capacity at finite K"): an approximation for nonlinear g at K ≥ 2 (exact for
 * linear g), maximised over the intra-solution correlation γ = Q_{k≠l}.
 */

/**
 * Finite-K Gaussian-equivalent capacity at intra-solution correlation γ
 * (theory/replica-finite-k.md, "Capacity at finite K").
 */
function finiteKCapacityAt(act: Activation, K: number, kappa: number, gamma: number): number {
  const k1 = act.gPrime2;
  const kg = act.kappaPrime(gamma);
  const perp = (1 - gamma) * Math.max(0, k1 - kg);
  const uni = (1 + (K - 1) * gamma) * (k1 + (K - 1) * kg);
  const num = ((K - 1) * Math.sqrt(perp) + Math.sqrt(Math.max(0, uni))) ** 2;
  const C0 = act.variance + (K - 1) * act.kappa(gamma);
  if (!(C0 > 0)) return 0;
  return num / (K * K * C0 * gardnerIntegral(kappa / Math.sqrt(C0)));
}

export interface FiniteKCapacity {
  alphaC: number;
  /** The optimal γ = Q_{k≠l} (−1 for the degenerate limit). */
  gamma: number;
  iterations: number;
  /**
   * True when the supremum is the limit γ → −1 at K = 2 for g odd about m₀: w₂ = −w₁, where
   * g(h) + g(−h) − 2m₀ ≡ 0 and the output vanishes identically; the value is then the analytic limit
   * (1 + √(κ″(1)/κ′(1)))² = (1 + √(E g″²/E g′²))² at κ = 0 (0 at κ > 0), not a capacity of a working network.
   */
  degenerate: boolean;
  /** The analytic γ → −1 limit (K = 2, odd g), when it applies. */
  degenerateLimit?: number;
}

export function finiteKCapacity(act: Activation, K: number, kappa: number): FiniteKCapacity {
  // γ = lo + (1 − lo)·10^x: the optimum sits at γ ≈ −1/K (c → −1) for large K, right next to the
  // positive-semidefiniteness bound lo = −1/(K − 1), so the scan is geometric in the distance to it.
  const lo = -1 / (K - 1);
  const degenerateEnd = K === 2 && isOddAboutMean(act);
  // At the degenerate end C₀ = Var g + κ(γ) → 0 cancels: 1 + γ ≥ 2e−6 keeps ≥ 9 digits, and the rest
  // of the way to the end is the analytic limit below.
  const xMin = degenerateEnd ? -6 : -15;
  const gam = (x: number) => lo + (1 - lo) * 10 ** x;
  const F = (x: number) => finiteKCapacityAt(act, K, kappa, gam(x));
  // max over x = min of −F: a 601-point scan, then golden section to a bracket of 1e-10 in x
  const r = minimizeScalar((x) => -F(x), xMin, 0, { scan: 600, xtol: 1e-10, maxIterations: 200 });
  const it = r.iterations;
  const interior = { alphaC: -r.value, gamma: gam(r.x) };
  if (!degenerateEnd) return { ...interior, iterations: it, degenerate: false };
  // ε = 1 + γ → 0: C₀ ≈ κ′(1)ε, numerator ≈ 2ε(√κ″(1) + √κ′(1))², A(κ/√C₀) → A(0) = ½ at κ = 0 and ∞ at κ > 0.
  const k1 = act.kappaPrime(1);
  const k2 = act.kappaSecond(1);
  const limit = kappa > 0 ? 0 : (1 + Math.sqrt(Math.max(0, k2) / k1)) ** 2;
  const lim = Number.isFinite(limit) ? limit : Number.POSITIVE_INFINITY;
  if (lim >= interior.alphaC * (1 - 1e-9))
    return { alphaC: lim, gamma: -1, iterations: it, degenerate: true, degenerateLimit: lim };
  return { ...interior, iterations: it, degenerate: false, degenerateLimit: lim };
}

/**
 * α_c at finite K ≥ 2 by the Gaussian-equivalent theory (theory/replica-finite-k.md, "Capacity at finite K").
 */
export function alphaCFiniteK(act: Activation, K: number, kappa: number): number {
  return finiteKCapacity(act, K, kappa).alphaC;
}
