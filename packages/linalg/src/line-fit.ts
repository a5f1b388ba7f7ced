import { assertFiniteArray, invalidArgument } from "./validate.js";

export interface LineFit {
  intercept: number;
  slope: number;
  /** Standard errors from the given sigmas (or, without them, from the residual scatter). */
  interceptStdErr: number;
  slopeStdErr: number;
  /** Covariance of (intercept, slope). */
  covariance: number;
  /** Σ ((y − a − b x)/σ)²; with no sigmas, the residual sum of squares. */
  chi2: number;
  /** Degrees of freedom, points − 2. */
  dof: number;
}

/**
 * Weighted least-squares line y ≈ a + b x. With `sigma` (one standard error per point) the weights are
 * 1/σ² and the parameter errors are the textbook ones (not rescaled by χ²: compare chi2 with dof to see
 * whether the line describes the points within their errors); without, all weights are 1 and the errors
 * come from the residual variance (needs ≥ 3 points; NaN otherwise).
 */
export function weightedLineFit(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  sigma?: ArrayLike<number>,
): LineFit {
  const xs = assertFiniteArray(Array.from(x), "x");
  const ys = assertFiniteArray(Array.from(y), "y", xs.length);
  const n = xs.length;
  if (n < 2) throw invalidArgument("x", "at least 2 points", x);
  let w: Float64Array;
  if (sigma) {
    const s = assertFiniteArray(Array.from(sigma), "sigma", n);
    if (s.some((v) => !(v > 0))) throw invalidArgument("sigma", "standard errors > 0", sigma);
    w = s.map((v) => 1 / (v * v));
  } else w = new Float64Array(n).fill(1);
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sw += w[i];
    sx += w[i] * xs[i];
    sy += w[i] * ys[i];
  }
  const mx = sx / sw;
  const my = sy / sw;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += w[i] * (xs[i] - mx) ** 2;
    sxy += w[i] * (xs[i] - mx) * (ys[i] - my);
  }
  if (!(sxx > 0)) throw invalidArgument("x", "at least two distinct values", x);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let chi2 = 0;
  for (let i = 0; i < n; i++) chi2 += w[i] * (ys[i] - intercept - slope * xs[i]) ** 2;
  const dof = n - 2;
  // parameter covariance for unit-variance weighted residuals; without sigmas scale by the residual variance
  const scale = sigma ? 1 : dof > 0 ? chi2 / dof : Number.NaN;
  const varSlope = scale / sxx;
  const varIntercept = scale * (1 / sw + (mx * mx) / sxx);
  return {
    intercept,
    slope,
    interceptStdErr: Math.sqrt(varIntercept),
    slopeStdErr: Math.sqrt(varSlope),
    covariance: -scale * (mx / sxx),
    chi2,
    dof,
  };
}
