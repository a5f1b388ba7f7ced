/** The result types of the replica-symmetric saddle points (K → ∞ and finite K). */

/** One replica-symmetric solution (theory/replica.md, "The effective problem in the matched overlap"). */
export interface RsSolution {
  ansatz: "PS" | "PSB";
  /** Overlap of matched units between two solutions, Q^{ab}_{kk} (0 in PS). */
  q: number;
  /** K-scaled intra-solution cross-unit correlation c = K·Q^{aa}_{k≠l} (−1 when b₁ ≠ 0, 0 when b₁ = 0, at K → ∞). */
  crossUnitCorrelation: number;
  /** Sign of the cross-unit correlation: −1, 0 or +1. */
  crossUnitCorrelationSign: number;
  /** Normalised field overlap r = C¹/C⁰ = ρ₂(q). */
  fieldOverlap: number;
  /** Free entropy per parameter φ (log-volume, sphere normalised to 0). */
  freeEntropy: number;
  /** Local stability: φ is a local minimum in q (the n → 0 saddle). */
  stable: boolean;
  /**
   * Replicon eigenvalue Λ of the replicated free entropy at this solution (theory/replica.md, "Stability of the
   * replica-symmetric solutions"): Λ < 0 is stable against replica-symmetry breaking. K → ∞ only (null at finite K).
   */
  replicon: number | null;
  /** Λ < 0: replica symmetry is locally stable (null where Λ is not computed). */
  rsStable: boolean | null;
  converged: boolean;
  iterations: number;
  /** |∂φ/∂q| at the solution. */
  residual: number;
  message: string;
}

/** Saddle points at one load. */
export interface SaddlePointResult {
  params: { activation: string; K: number; kappa: number; alpha: number };
  /** The @meanfield package versions it was computed with (`versions()`: linalg, replica). */
  versions: Record<string, string>;
  /** The permutation-symmetric solution (always exists below α_c). */
  ps: RsSolution;
  /** The lowest permutation-symmetry-broken local minimum, or null when none exists. */
  psb: RsSolution | null;
  /**
   * Which solution holds (lowest free entropy, theory/replica.md, "Criterion for the transition"), or UNSAT
   * at α ≥ α_c.
   */
  phase: "PS" | "PSB" | "UNSAT";
  /** The solution of `phase` (null for UNSAT). */
  solution: RsSolution | null;
  alphaC: number;
  converged: boolean;
  message: string;
}
