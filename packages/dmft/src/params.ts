import { assertInRange, assertNonNegative, assertPositive, invalidArgument } from "@meanfield/linalg";
import { type MobilitySpec, validateTruncation } from "./mobility.js";
import type { TeacherPriorSpec } from "./prior.js";

/** The model of theory/dln.md and theory/dmft.md, one validated object (project conventions, not the paper's units). */
export interface DmftParams {
  /** Initialisation scale alpha > 0 (u(0) = v(0) = alpha). */
  alpha: number;
  /** Sample ratio delta = n/d > 0. */
  delta: number;
  /** Teacher density rho ∈ (0, 1] (ignored by the dense Gaussian and custom priors). */
  rho: number;
  /** Label-noise level sigma ≥ 0. */
  sigma: number;
  /** Final time T > 0. */
  T: number;
  /** Teacher prior; default "bernoulliGaussian". */
  prior?: TeacherPriorSpec;
  /** Coordinate-wise mobility; default "dln" (F(w) = 4√(w² + 4 alpha⁴)). */
  mobility?: MobilitySpec;
  /**
   * Truncation threshold τ ∈ (0, Infinity] of the DLN mobility; default Infinity (none). Finite, the
   * mobility is the truncated DLN F_τ(w) = 4√(min(w², τ²) + 4 alpha⁴) of the rigorous theory
   * (theory/dln.md, "Truncated DLN"; dln's DlnParams.truncation); only with mobility "dln".
   */
  truncation?: number;
}

export function validateDmftParams(
  p: DmftParams,
): Required<Omit<DmftParams, "prior" | "mobility">> & Pick<DmftParams, "prior" | "mobility"> {
  if (typeof p !== "object" || p === null) throw invalidArgument("params", "an object", p);
  const alpha = assertPositive(p.alpha, "alpha");
  const delta = assertPositive(p.delta, "delta");
  const rho = assertInRange(p.rho, "rho", 0, 1, { lowerOpen: true });
  const sigma = assertNonNegative(p.sigma, "sigma");
  const T = assertPositive(p.T, "T");
  const truncation = validateTruncation(p.truncation, p.mobility);
  return { alpha, delta, rho, sigma, T, truncation, prior: p.prior, mobility: p.mobility };
}
