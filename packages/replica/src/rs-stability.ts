import { normalCdf } from "@meanfield/linalg";
import { fieldExpectation, gardnerIntegral, millsExcess, millsRatio } from "./energetic.js";
import type { LargeKProblem } from "./large-k.js";

/** (log H)″(u)² = [R(R − u)]², without cancellation for large u. */
function logHSecondSquared(u: number): number {
  const c = millsExcess(u);
  return ((u + c) * c) ** 2;
}

/**
 * Stability of the K → ∞ replica-symmetric solutions against replica-symmetry breaking
 * (theory/replica.md, "Stability of the replica-symmetric solutions"): the replicon eigenvalue of the Hessian of
 * the replicated free entropy in the matched overlaps, for fluctuations δQ^{ab}_{kk} with Σ_b δQ^{ab} = 0 taken
 * equal on every unit (the largest eigenvalue of the sector: a fluctuation that differs between units lacks the
 * ρ₂′² term),
 *
 *   Λ = α(1 − q)² [ ρ₂′(q)² E(log H)″(u)²/(1 − r)² + ρ₂″(q) E R(u)²/(1 − r) ] − 1,
 *
 * r = ρ₂(q), u = (κ̃ − √r t)/√(1 − r), t ~ N(0, 1), (log H)″ = −R(R − u). The solution is RS-stable when Λ < 0
 * (for the perceptron, ρ₂(q) = q, this is Gardner & Derrida's condition α E(log H)″² < 1). The 1RSB free entropy
 * near the RS point, in the replicon direction q₀ = q − (1 − m)δ/m, q₁ = q + δ, is
 * φ_RS − (1 − m)Λ δ²/(4m(1 − q)²) + O(δ³): the independent check of the tests.
 */
export function repliconLargeK(p: LargeKProblem, alpha: number, q: number): number {
  if (p.V2 === 0) return Number.NaN;
  const r = Math.min(p.rho2(q), 1 - 1e-15);
  const kt = p.kappaTilde;
  // at q = 0 ρ₂′ vanishes exactly (round-off in κ′(0) − b₁² would otherwise leak in)
  const d1 = q === 0 ? 0 : p.rho2Prime(q);
  const lam = d1 === 0 ? 0 : fieldExpectation(logHSecondSquared, r, kt) / ((1 - r) * (1 - r));
  const mu = fieldExpectation((u) => millsRatio(u) ** 2, r, kt) / (1 - r);
  return alpha * (1 - q) * (1 - q) * (d1 * d1 * lam + p.rho2Second(q) * mu) - 1;
}

/**
 * The replicon at the capacity, the q → 1 end of the PSB branch at α_c = s/A(κ̃):
 * Λ(q → 1) = s Φ(κ̃)/A(κ̃) + ρ₂″(1)/s − 1 (s = S₂/V₂). Since s ≥ 2 this is ≥ 1 at κ = 0 for every nonlinear g:
 * the RS solution that gives α_c is unstable (RS gives an upper bound there). +Infinity when ρ₂″(q) diverges at
 * q → 1 (ReLU: κ″ ∝ (1 − q²)^{−1/2}); NaN for linear g or a jump (no finite α_c).
 */
export function repliconAtCapacityLargeK(p: LargeKProblem): number {
  if (p.V2 === 0 || !Number.isFinite(p.S2)) return Number.NaN;
  const s = p.S2 / p.V2;
  const k2 = p.rho2Second(1);
  const curvature = Number.isFinite(k2) ? k2 / s : Number.POSITIVE_INFINITY;
  return (s * normalCdf(p.kappaTilde)) / gardnerIntegral(p.kappaTilde) + curvature - 1;
}
