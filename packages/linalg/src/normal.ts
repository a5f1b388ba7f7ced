import { erfc, erfcx, expNegHalfSquare } from "./erf.js";

/*
 * Standard normal density, distribution and their logs, all through erfc/erfcx so that the tails keep
 * relative accuracy: Φ(x) = erfc(−x/√2)/2, and for x < 0, log Φ(x) = log(erfcx(−x/√2)/2) − x²/2,
 * which stays finite (≈ −x²/2 − log(−x√(2π))) long after Φ itself underflows (x < −38.5).
 */

const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)
const SQRT1_2 = Math.SQRT1_2;

/** The standard normal density φ(x) = e^{−x²/2}/√(2π). */
export function normalPdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return INV_SQRT_2PI * expNegHalfSquare(x);
}

/** The standard normal distribution function Φ(x) = P(z ≤ x). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return 0.5 * erfc(-x * SQRT1_2);
}

/** log Φ(x), finite for every finite x (≈ −x²/2 − log(−x√(2π)) as x → −∞), 0 at +∞, −∞ at −∞. */
export function normalLogCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.NEGATIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  if (x >= 0) return Math.log1p(-0.5 * erfc(x * SQRT1_2)) + 0; // + 0 turns −0 into 0
  if (x < -1e154) return Number.NEGATIVE_INFINITY; // −x²/2 overflows
  // e^{−x²/2} is kept out of the log: log Φ(x) = log(erfcx(−x/√2)/2) − x²/2.
  return Math.log(0.5 * erfcx(-x * SQRT1_2)) - 0.5 * x * x;
}

/** H(x) = Φ(−x) = P(z > x), the Gaussian tail function of the replica literature. */
export function H(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return 0.5 * erfc(x * SQRT1_2);
}

/** log H(x) = log Φ(−x), finite for every finite x. */
export function logH(x: number): number {
  return normalLogCdf(-x);
}
