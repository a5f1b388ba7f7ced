/*
 * Error functions in double precision from two textbook expansions (no tables):
 * - small |x|: erf(x) = (2/√π) e^{−x²} Σ_{n≥0} 2ⁿ x^{2n+1} / (1·3·…·(2n+1))  (A&S 7.1.6), a series of
 *   positive terms, so it has no cancellation (≈ 1 ulp; ≤ 40 terms for |x| < 2.5);
 * - large x: erfcx(x) = e^{x²} erfc(x) = (1/√π) / (x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
 *   (A&S 7.1.14), evaluated by the modified Lentz method (≤ 60 terms for x ≥ 2).
 * e^{±x²} is computed with x² split exactly into hi + lo so that the tails keep full relative accuracy.
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
const INV_SQRT_PI = 0.5641895835477563; // 1/√π

/** Σ 2ⁿ x^{2n+1}/(2n+1)!! for |x| < ~3; erf(x) = (2/√π) e^{−x²} × this. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let s = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    s += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(s)) break;
  }
  return s;
}

/** erfcx(x) for x ≥ 2 by the continued fraction (modified Lentz). */
function erfcxContinuedFraction(x: number): number {
  if (x > 1e8) {
    // Two terms of the asymptotic series are exact to double precision here.
    return (INV_SQRT_PI / x) * (1 - 0.5 / (x * x));
  }
  const tiny = 1e-300;
  let f = x;
  let C = f;
  let D = 0;
  for (let k = 1; k < 500; k++) {
    const a = 0.5 * k;
    D = x + a * D;
    D = D === 0 ? 1 / tiny : 1 / D;
    C = x + a / C;
    if (C === 0) C = tiny;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 2e-16) break;
  }
  return INV_SQRT_PI / f;
}

/** x·x as an exact sum hi + lo (Veltkamp/Dekker splitting). */
function squareSplit(x: number): [number, number] {
  const hi = x * x;
  const c = 134217729 * x; // 2^27 + 1
  const xh = c - (c - x);
  const xl = x - xh;
  const lo = xh * xh - hi + 2 * xh * xl + xl * xl;
  return [hi, lo];
}

/** e^{−x²} with the rounding of x² compensated. */
export function expNegSquare(x: number): number {
  if (!(Math.abs(x) < 1e150)) return Math.exp(-x * x); // ±∞, NaN, or far beyond underflow
  const [hi, lo] = squareSplit(x);
  return Math.exp(-hi) * (1 - lo);
}

/** e^{−x²/2} with the rounding of x² compensated (the Gaussian density's exponential). */
export function expNegHalfSquare(x: number): number {
  if (!(Math.abs(x) < 1e150)) return Math.exp(-0.5 * x * x);
  const [hi, lo] = squareSplit(x);
  return Math.exp(-0.5 * hi) * (1 - 0.5 * lo);
}

/** e^{x²} with the rounding of x² compensated. */
function expSquare(x: number): number {
  if (!(Math.abs(x) < 1e150)) return Math.exp(x * x);
  const [hi, lo] = squareSplit(x);
  return Math.exp(hi) * (1 + lo);
}

/** The error function erf(x) = (2/√π) ∫₀ˣ e^{−t²} dt. Odd; erf(±0) = ±0, erf(±∞) = ±1, erf(NaN) = NaN. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === 0) return x;
  const ax = Math.abs(x);
  let r: number;
  if (ax < 2.5) r = TWO_OVER_SQRT_PI * expNegSquare(ax) * erfSeries(ax);
  else if (ax > 6)
    r = 1; // erfc(6) ≈ 2e-17 < ulp(1)/2
  else r = 1 - expNegSquare(ax) * erfcxContinuedFraction(ax);
  return x < 0 ? -r : r;
}

/** The complementary error function erfc(x) = 1 − erf(x), accurate relative to itself far into the right tail (down to underflow near x ≈ 26.5). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) return 1 - TWO_OVER_SQRT_PI * expNegSquare(x) * erfSeries(x);
  if (x > 27.3) return 0; // e^{−x²} underflows below the smallest subnormal
  return expNegSquare(x) * erfcxContinuedFraction(x);
}

/**
 * The scaled complementary error function erfcx(x) = e^{x²} erfc(x), ≈ 1/(x√π) for large x; finite for all
 * x ≥ −26.6 (it overflows to +∞ below).
 */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return 0;
  if (x < 0) {
    if (x < -26.7) return Number.POSITIVE_INFINITY;
    return 2 * expSquare(x) - erfcx(-x);
  }
  if (x < 2) return expSquare(x) - TWO_OVER_SQRT_PI * erfSeries(x);
  return erfcxContinuedFraction(x);
}
