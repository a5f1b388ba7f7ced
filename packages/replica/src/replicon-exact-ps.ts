import { type ExactPSProblem, exactPSTerms } from "./exact-ps-free-entropy.js";
import { overlapModes } from "./rs-overlap-modes.js";

/**
 * The replicon of an exact RS solution on the PS line at K ≥ 3 (theory/replica-finite-k.md, "Replica symmetry on the
 * PS line at K ≥ 3"). Λ = αK λ_max(X ↦ E_{y,a}[G X G]) − 1 with G = Cov(ζ | accepted) − I as at K = 2
 * (`repliconK2`). On the PS line G is invariant under the units' permutations, G = g·UUᵀ + γ·P_⊥ (Schur's lemma; no
 * U⊥ block), so the operator is diagonal: ½Σ_y E_a g_y² on X = UUᵀ, ½Σ_y E_a γ_y² on every X in the ⊥⊥ block and
 * ½Σ_y E_a g_yγ_y on the U⊥ block (never the largest, by Cauchy–Schwarz). The ⊥⊥ modes give
 * Λ_⊥⊥ = −(1 − (αK/2)Σ_y E_a γ_y²), minus the PS stability measure: replica symmetry and permutation symmetry are
 * lost together unless the uniform mode goes first.
 */
export interface PSReplicon {
  alpha: number;
  /** Λ = max(perpPerp, uniform): replica symmetry locally stable where negative. */
  replicon: number;
  /** (αK/2) Σ_y E_a γ_y² − 1: minus the PS stability measure. */
  perpPerp: number;
  /** (αK/2) Σ_y E_a g_y² − 1, g_y = Var(ζ_U | accepted) − 1. */
  uniform: number;
  /** Which mode is the largest. */
  mode: "perp" | "uniform";
  rsStable: boolean;
}

/** The replicon at the PS point (p, c) of the K ≥ 3 rules (`exactK3Problem`, `exactK4Problem`, Monte Carlo). */
export function repliconPS(pr: ExactPSProblem, alpha: number, p: number, c: number): PSReplicon {
  const m = overlapModes(pr.K, p / pr.K, p, c);
  const t = exactPSTerms(pr, Math.max(0, m.oB), m.dA, m.eB);
  const perpPerp = ((alpha * pr.K) / 2) * t.gammaSquared - 1;
  const uniform = ((alpha * pr.K) / 2) * t.uniformSquared - 1;
  const replicon = Math.max(perpPerp, uniform);
  return {
    alpha,
    replicon,
    perpPerp,
    uniform,
    mode: uniform > perpPerp ? "uniform" : "perp",
    rsStable: replicon < 0,
  };
}
