import { assertInRange } from "@meanfield/linalg";
import { mobility, phiFromW, wFromPhi } from "./parametrization.js";

/**
 * The truncated DLN (theory/dln.md, "Truncated DLN"): the mobility F(w) = 4√(w² + 4alpha⁴) with |w|
 * capped at a threshold τ > 0,
 *   F_τ(w) = 4√(min(w², τ²) + 4alpha⁴),
 * so that it stays bounded by F(τ) = 4√(τ² + 4alpha⁴). In the mirror variable φ (dφ/dt = g, as for
 * the untruncated flow) w_τ(φ) = 2alpha² sinh(4φ) for |φ| ≤ φ_τ = ¼ asinh(τ/(2alpha²)) and
 * w_τ(φ) = sign(φ)·(τ + F(τ)(|φ| − φ_τ)) beyond: C¹, increasing, w_τ(0) = 0, with dw_τ/dφ = F_τ
 * bounded and Lipschitz. τ = Infinity is the DLN itself, and every function here then returns
 * bit for bit what its untruncated twin in parametrization.ts returns.
 */

/** Validates a truncation threshold: a number in (0, Infinity] (Infinity = no truncation). */
export function assertTruncation(value: unknown, name = "truncation"): number {
  return assertInRange(value, name, 0, Number.POSITIVE_INFINITY, { lowerOpen: true });
}

/** The knee φ_τ = ¼ asinh(τ/(2alpha²)) where |w_τ| reaches τ (Infinity for τ = Infinity). */
export function truncationKnee(alpha2: number, tau: number): number {
  return phiFromW(tau, alpha2);
}

/**
 * w_τ(φ): 2alpha² sinh(4φ) (wFromPhi) for |φ| ≤ φ_τ, sign(φ)·(τ + F(τ)(|φ| − φ_τ)) beyond. `phiTau`
 * is truncationKnee(alpha2, tau), to pass when it is precomputed (hot loops).
 */
export function wFromPhiTruncated(
  phi: number,
  alpha2: number,
  tau: number,
  phiTau = truncationKnee(alpha2, tau),
): number {
  const a = Math.abs(phi);
  if (!(a > phiTau)) return wFromPhi(phi, alpha2);
  const w = tau + mobility(tau, alpha2) * (a - phiTau);
  return phi < 0 ? -w : w;
}

/** Inverse of wFromPhiTruncated: phiFromW for |w| ≤ τ, sign(w)·(φ_τ + (|w| − τ)/F(τ)) beyond. */
export function phiFromWTruncated(
  w: number,
  alpha2: number,
  tau: number,
  phiTau = truncationKnee(alpha2, tau),
): number {
  const a = Math.abs(w);
  if (!(a > tau)) return phiFromW(w, alpha2);
  const phi = phiTau + (a - tau) / mobility(tau, alpha2);
  return w < 0 ? -phi : phi;
}

/** F_τ(w) = 4√(min(w², τ²) + 4alpha⁴) = dw_τ/dφ; mobility(w, alpha2) itself for |w| ≤ τ. */
export function mobilityTruncated(w: number, alpha2: number, tau: number): number {
  return mobility(Math.abs(w) > tau ? tau : w, alpha2);
}
