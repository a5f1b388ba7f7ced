import { type ActivationSpec, BUILTIN_ACTIVATIONS, createActivation } from "./activations.js";
import { type CapacityOptions, storageCapacity } from "./capacity.js";
import { alphaPSB } from "./psb-transition.js";

/** One row of the capacity table (README, `meanfield replica capacity --all`). */
export interface CapacityTableRow {
  activation: string;
  /** α_c at K → ∞, null when divergent. */
  alphaC: number | null;
  divergent: boolean;
  alphaPSB: number | null;
  alphaSpinodal: number | null;
  transition: "continuous" | "discontinuous" | "none";
  /** Exact K = 1 capacity. */
  alphaCK1: number;
  /** Capacity at the table's finite K (Gaussian-equivalent, or sign committee Monte Carlo). */
  alphaCFiniteK: number | null;
  finiteK: number;
  /**
   * 2 E g′²/Var g: the tree-like (non-overlapping receptive fields) value, for comparison
   * (theory/replica.md, "Comparison with tree-like committees").
   */
  alphaCTreeLike: number;
  converged: boolean;
}

export interface CapacityTableOptions extends CapacityOptions {
  /** Activations (default: every built-in). */
  activations?: readonly ActivationSpec[];
  /** Margin κ (default 0). */
  kappa?: number;
  /** The finite K of the table (default 8). */
  finiteK?: number;
}

/** α_c and α_PSB for a list of activations (default: all built-ins), at K → ∞, K = 1 and a finite K. */
export function capacityTable(options: CapacityTableOptions = {}): CapacityTableRow[] {
  const list = options.activations ?? BUILTIN_ACTIVATIONS;
  const kappa = options.kappa ?? 0;
  const finiteK = options.finiteK ?? 8;
  return list.map((spec) => {
    const act = createActivation(spec);
    const inf = storageCapacity({ activation: act, kappa });
    const psb = alphaPSB({ activation: act, kappa });
    const k1 = storageCapacity({ activation: act, K: 1, kappa });
    const kf = storageCapacity({ activation: act, K: finiteK, kappa }, options);
    return {
      activation: act.name,
      alphaC: inf.alphaC,
      divergent: inf.divergent,
      alphaPSB: psb.alphaPSB,
      alphaSpinodal: psb.alphaSpinodal,
      transition: psb.transition,
      alphaCK1: k1.alphaC as number,
      alphaCFiniteK: kf.alphaC,
      finiteK,
      alphaCTreeLike: (2 * act.gPrime2) / act.variance,
      converged:
        inf.converged && (psb.converged || psb.transition === "none") && k1.converged && kf.converged,
    };
  });
}
