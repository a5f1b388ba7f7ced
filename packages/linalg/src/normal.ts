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

/**
 * The standard normal quantile Φ⁻¹(p) for p ∈ (0, 1) (−∞ at 0, +∞ at 1): Acklam's rational
 * approximation (relative error < 1.2e−9) polished by one Halley step on Φ(x) − p, computed on the
 * smaller tail (P(z ≤ x) for x < 0) so that relative accuracy holds deep in both tails.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p > 0.5) return -normalQuantile(1 - p);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  // Halley step: e = Φ(x) − p, u = e/φ(x), x ← x − u/(1 + x u/2).
  const e = normalCdf(x) - p;
  const u = e / normalPdf(x);
  return x - u / (1 + (x * u) / 2);
}
