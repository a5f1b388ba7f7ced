import { MeanfieldError } from "./errors.js";
import { gaussHermiteRule } from "./gauss-hermite.js";
import { gaussKronrod } from "./gauss-kronrod.js";
import { normalPdf } from "./normal.js";
import { assertNonNegative, assertOneOf, assertPositive, invalidArgument } from "./validate.js";

/**
 * Options of the Gaussian expectations. `method: "gauss-hermite"` (default) is a fixed rule: spectrally
 * accurate for smooth f, but only O(1/order) for f with a kink (max(z, 0)) and O(order^{−1/2}) for a
 * jump (sign z) away from the rule's centre. `method: "adaptive"` integrates f·φ by adaptive
 * Gauss–Kronrod instead, which resolves kinks and jumps to about `absTol` (default 1e-10) at the price
 * of many more evaluations (thousands in 1-D, up to ~10⁶ in 2-D); it throws NOT_CONVERGED when the
 * tolerance is not met. In 2-D it works in polar coordinates with the axes z1 = 0, z2 = 0 as break
 * angles, so it is fast and exact-to-tolerance for activations with kinks at 0 (sign, ReLU); other
 * discontinuities are found by refinement, more slowly.
 */
export interface GaussianExpectationOptions {
  /** Gauss–Hermite points (per dimension); default 64 in 1-D, 48 in 2-D. */
  order?: number;
  method?: "gauss-hermite" | "adaptive";
  /** Absolute tolerance of the adaptive method (default 1e-10). */
  absTol?: number;
}

// Initial panels of width 1/2 on [−8, 8]: a jump of f that all 15 nodes of a wide first panel would
// straddle unseen (e.g. at z = 5 inside the panel [0, ∞)) is caught by the finer first subdivision.
const BREAKS = Array.from({ length: 33 }, (_, i) => -8 + 0.5 * i);

const RADIAL_BREAKS = [0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8];

/**
 * 2-D adaptive expectation in polar coordinates of the whitened variables, (x, y) = r(cos θ, sin θ):
 * E f = (1/2π) ∫₀^{2π} dθ ∫₀^∞ r e^{−r²/2} f(z(r, θ)) dr. Kinks and jumps of f along the axes
 * z1 = 0 and z2 = 0 (sign, ReLU, step activations) become fixed angles, which are passed to the outer
 * Gauss–Kronrod as break points, so the inner radial integrals stay smooth.
 */
function adaptivePolar(
  f: (z1: number, z2: number) => number,
  s1: number,
  a: number,
  b: number,
  absTol: number,
): number {
  const twoPi = 2 * Math.PI;
  const angles: number[] = [0.5 * Math.PI, 1.5 * Math.PI];
  // z2 = r(a cos θ + b sin θ) = 0 at θ = atan2(−a, b) (mod π).
  let t0 = Math.atan2(-a, b);
  if (t0 < 0) t0 += Math.PI;
  angles.push(t0, t0 + Math.PI);
  const what = "gaussianExpectation2d";
  const inner = (theta: number): number => {
    const c = Math.cos(theta);
    const sn = Math.sin(theta);
    const u1 = s1 * c;
    const u2 = a * c + b * sn;
    const r = gaussKronrod(
      (rad) => {
        // Skip f where the radial weight has underflowed (f may overflow there: 0·∞ = NaN).
        const w = rad * Math.exp(-0.5 * rad * rad);
        return w === 0 ? 0 : w * f(rad * u1, rad * u2);
      },
      0,
      Number.POSITIVE_INFINITY,
      {
        absTol: 0.1 * absTol,
        relTol: 0,
        maxEvaluations: 100000,
        points: RADIAL_BREAKS,
      },
    );
    if (!r.converged) {
      throw new MeanfieldError(
        "NOT_CONVERGED",
        `${what}: radial integral at θ = ${theta} did not converge (${r.message})`,
        {
          details: { theta, value: r.value, error: r.error },
        },
      );
    }
    return r.value;
  };
  const outer = gaussKronrod(inner, 0, twoPi, {
    absTol: twoPi * absTol,
    relTol: 0,
    maxEvaluations: 100000,
    points: angles,
  });
  if (!outer.converged) {
    throw new MeanfieldError(
      "NOT_CONVERGED",
      `${what}: angular integral did not converge (${outer.message}); estimated error ${outer.error / twoPi}`,
      {
        details: { value: outer.value / twoPi, error: outer.error / twoPi, evaluations: outer.evaluations },
      },
    );
  }
  return outer.value / twoPi;
}

function adaptive1d(g: (x: number) => number, absTol: number, what: string): number {
  const r = gaussKronrod(
    (x) => {
      const w = normalPdf(x);
      return w === 0 ? 0 : w * g(x);
    },
    Number.NEGATIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    { absTol, relTol: 0, maxEvaluations: 200000, points: BREAKS },
  );
  if (!r.converged) {
    throw new MeanfieldError(
      "NOT_CONVERGED",
      `${what}: adaptive Gaussian expectation did not converge (${r.message}); estimated error ${r.error}`,
      { details: { value: r.value, error: r.error, evaluations: r.evaluations } },
    );
  }
  return r.value;
}

/**
 * E_{z~N(0,1)} f(z) by the `order`-point Gauss–Hermite rule (default 64): exact for polynomials of
 * degree ≤ 2·order − 1, spectrally accurate for smooth f; for kinks and jumps use `method: "adaptive"`.
 * Nodes whose weight underflowed to 0 are skipped (so f is never evaluated far out in the tail).
 */
export function gaussianExpectation(
  f: (z: number) => number,
  options: GaussianExpectationOptions = {},
): number {
  if (typeof f !== "function") throw invalidArgument("f", "a function", f);
  const method =
    options.method === undefined
      ? "gauss-hermite"
      : assertOneOf(options.method, "method", ["gauss-hermite", "adaptive"]);
  if (method === "adaptive") {
    const absTol = options.absTol === undefined ? 1e-10 : assertPositive(options.absTol, "absTol");
    return adaptive1d(f, absTol, "gaussianExpectation");
  }
  const { nodes, weights } = gaussHermiteRule(options.order ?? 64);
  let s = 0;
  for (let i = 0; i < nodes.length; i++) {
    const w = weights[i];
    if (w !== 0) s += w * f(nodes[i]);
  }
  return s;
}

/**
 * E f(z1, z2) for (z1, z2) centred Gaussian with Var z1 = var1, Var z2 = var2, Cov = cov12, by the
 * tensor Gauss–Hermite rule of `order` points per dimension (default 48, i.e. 2304 evaluations) after
 * the Cholesky map z1 = √var1 x, z2 = (cov12/√var1) x + √(var2 − cov12²/var1) y with x, y i.i.d. N(0,1).
 * Degenerate covariances (var1 = 0, or |cov12| = √(var1 var2)) are allowed.
 */
export function gaussianExpectation2d(
  f: (z1: number, z2: number) => number,
  cov: { var1: number; var2: number; cov12: number },
  options: GaussianExpectationOptions = {},
): number {
  if (typeof f !== "function") throw invalidArgument("f", "a function", f);
  if (typeof cov !== "object" || cov === null)
    throw invalidArgument("cov", "an object { var1, var2, cov12 }", cov);
  const var1 = assertNonNegative(cov.var1, "cov.var1");
  const var2 = assertNonNegative(cov.var2, "cov.var2");
  const cov12 = cov.cov12;
  if (typeof cov12 !== "number" || !Number.isFinite(cov12))
    throw invalidArgument("cov.cov12", "a finite number", cov12);
  const bound = Math.sqrt(var1 * var2);
  if (Math.abs(cov12) > bound * (1 + 1e-12) + 1e-300) {
    throw new MeanfieldError(
      "INVALID_ARGUMENT",
      `cov.cov12 must satisfy |cov12| ≤ √(var1·var2) = ${bound} (positive semi-definite covariance); got ${cov12}`,
      { parameter: "cov.cov12", details: { var1, var2, cov12 } },
    );
  }
  const method =
    options.method === undefined
      ? "gauss-hermite"
      : assertOneOf(options.method, "method", ["gauss-hermite", "adaptive"]);
  const s1 = Math.sqrt(var1);
  let a: number; // z2 = a x + b y
  let b: number;
  if (var1 === 0) {
    a = 0;
    b = Math.sqrt(var2);
  } else {
    a = cov12 / s1;
    b = Math.sqrt(Math.max(0, var2 - a * a));
  }
  if (method === "adaptive") {
    const absTol = options.absTol === undefined ? 1e-10 : assertPositive(options.absTol, "absTol");
    return adaptivePolar(f, s1, a, b, absTol);
  }
  const { nodes, weights } = gaussHermiteRule(options.order ?? 48);
  const n = nodes.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const wi = weights[i];
    if (wi === 0) continue;
    const x = nodes[i];
    const z1 = s1 * x;
    const ax = a * x;
    let inner = 0;
    if (b === 0) inner = f(z1, ax);
    else {
      for (let j = 0; j < n; j++) {
        const wj = weights[j];
        if (wj !== 0) inner += wj * f(z1, ax + b * nodes[j]);
      }
    }
    total += wi * inner;
  }
  return total;
}
