import { invalidArgument } from "./validate.js";

/**
 * Student's t distribution with an integer number of degrees of freedom ν: the distribution of an estimate's
 * deviation over its standard error when that error comes from ν + 1 groups (a jackknife over B groups has
 * ν = B − 1), so that a 95 % interval is ±t₀.₉₇₅(ν)·s.e. (2.365 at ν = 7, against the normal 1.960).
 *
 * The CDF is the finite series of Abramowitz & Stegun 26.7.3–4 in θ = atan(t/√ν):
 *   P(|T| ≤ t) = (2/π)[θ + sin θ (cos θ + (2/3) cos³θ + … + (2·4⋯(ν−3))/(3·5⋯(ν−2)) cos^{ν−2}θ)]   (ν odd),
 *   P(|T| ≤ t) = sin θ [1 + (1/2) cos²θ + (1·3)/(2·4) cos⁴θ + … + (1·3⋯(ν−3))/(2·4⋯(ν−2)) cos^{ν−2}θ]  (ν even),
 * exact for integer ν; the quantile inverts it by bisection in θ to the last bit.
 */

function checkNu(nu: number): void {
  if (!Number.isInteger(nu) || nu < 1) throw invalidArgument("nu", "an integer ≥ 1 (degrees of freedom)", nu);
}

/** P(|T| ≤ t) at θ = atan(|t|/√ν) ∈ [0, π/2]. */
function centralMass(theta: number, nu: number): number {
  const s = Math.sin(theta);
  const c = Math.cos(theta);
  const c2 = c * c;
  if (nu % 2 === 1) {
    if (nu === 1) return (2 / Math.PI) * theta;
    let term = c;
    let sum = c;
    for (let k = 3; k <= nu - 2; k += 2) {
      term *= ((k - 1) / k) * c2;
      sum += term;
    }
    return (2 / Math.PI) * (theta + s * sum);
  }
  let term = 1;
  let sum = 1;
  for (let k = 2; k <= nu - 2; k += 2) {
    term *= ((k - 1) / k) * c2;
    sum += term;
  }
  return s * sum;
}

/** P(T ≤ t) for Student's t with ν (integer ≥ 1) degrees of freedom. */
export function studentTCdf(t: number, nu: number): number {
  checkNu(nu);
  if (Number.isNaN(t)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const a = centralMass(Math.atan(Math.abs(t) / Math.sqrt(nu)), nu);
  return t >= 0 ? 0.5 + 0.5 * a : 0.5 - 0.5 * a;
}

/**
 * The quantile t_p(ν): P(T ≤ t_p) = p for p ∈ (0, 1) (−∞ at 0, +∞ at 1, NaN outside), ν an integer ≥ 1.
 * E.g. studentTQuantile(0.975, 7) = 2.3646.
 */
export function studentTQuantile(p: number, nu: number): number {
  checkNu(nu);
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p < 0.5) return -studentTQuantile(1 - p, nu);
  const target = 2 * p - 1;
  let lo = 0;
  let hi = Math.PI / 2;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (centralMass(mid, nu) < target) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(nu) * Math.tan(0.5 * (lo + hi));
}
