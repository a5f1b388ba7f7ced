import { gaussHermite, gaussianExpectation } from "@meanfield/linalg";

/**
 * Normalised probabilists' Hermite functions ĥe_n = He_n/√(n!) evaluated at z for n = 0 … nMax, by the
 * stable recursion ĥe_{n+1} = (z ĥe_n − √n ĥe_{n−1})/√(n+1)
 * (theory/replica.md, "Hermite coefficients of a user activation"). Writes into `out`.
 */
export function normalizedHermite(z: number, nMax: number, out: Float64Array): Float64Array {
  out[0] = 1;
  if (nMax >= 1) out[1] = z;
  for (let n = 1; n < nMax; n++) out[n + 1] = (z * out[n] - Math.sqrt(n) * out[n - 1]) / Math.sqrt(n + 1);
  return out;
}

/** Hermite coefficients and Gaussian moments of a function of one standard Gaussian variable. */
export interface HermiteCoefficients {
  /** c[n] = E[g(z) ĥe_n(z)], n = 0 … nMax; c[0] = m₀ and c[n] = b_n for n ≥ 1. */
  c: Float64Array;
  /** E[g(z)²]. */
  secondMoment: number;
  /** Gauss–Hermite order used (0 for adaptive quadrature). */
  order: number;
}

/**
 * b_n by the `order`-point Gauss–Hermite rule (spectrally accurate for smooth g;
 * theory/replica.md, "Hermite coefficients of a user activation"), all coefficients from one pass over the
 * nodes.
 */
export function hermiteCoefficients(
  g: (z: number) => number,
  nMax: number,
  order: number,
): HermiteCoefficients {
  const { nodes, weights } = gaussHermite(order);
  const c = new Float64Array(nMax + 1);
  const he = new Float64Array(nMax + 1);
  let second = 0;
  for (let i = 0; i < nodes.length; i++) {
    const w = weights[i];
    if (w === 0) continue;
    const gz = g(nodes[i]);
    normalizedHermite(nodes[i], nMax, he);
    second += w * gz * gz;
    for (let n = 0; n <= nMax; n++) c[n] += w * gz * he[n];
  }
  return { c, secondMoment: second, order };
}

/**
 * b_n by adaptive Gauss–Kronrod Gaussian expectations (for kinks and jumps, where Gauss–Hermite
 * converges only algebraically); slower, one integral per coefficient.
 */
export function hermiteCoefficientsAdaptive(g: (z: number) => number, nMax: number): HermiteCoefficients {
  const c = new Float64Array(nMax + 1);
  const he = new Float64Array(nMax + 1);
  for (let n = 0; n <= nMax; n++) {
    c[n] = gaussianExpectation((z) => g(z) * normalizedHermite(z, n, he)[n], {
      method: "adaptive",
      absTol: 1e-12,
    });
  }
  const secondMoment = gaussianExpectation((z) => g(z) ** 2, { method: "adaptive", absTol: 1e-12 });
  return { c, secondMoment, order: 0 };
}

/**
 * κ(ρ), κ′(ρ), κ″(ρ) from the Mehler series Σ b_n² ρⁿ
 * (theory/replica.md, "The activation through its Hermite expansion"), with the remainder T = Var g −
 * Σ_{n≤nMax} b_n² carried by the power nMax + 1 so that κ(1) = Var g exactly.
 */
export function kappaFromSeries(
  b: Float64Array,
  variance: number,
): {
  kappa: (rho: number) => number;
  kappaPrime: (rho: number) => number;
  kappaSecond: (rho: number) => number;
} {
  const nMax = b.length - 1;
  const b2 = new Float64Array(nMax + 2);
  let partial = 0;
  for (let n = 1; n <= nMax; n++) {
    b2[n] = b[n] * b[n];
    partial += b2[n];
  }
  b2[nMax + 1] = Math.max(0, variance - partial);
  const top = nMax + 1;
  // Horner evaluation of Σ_{n=1}^{top} a_n ρⁿ and its derivatives.
  const kappa = (rho: number): number => {
    let s = 0;
    for (let n = top; n >= 1; n--) s = s * rho + b2[n];
    return s * rho;
  };
  const kappaPrime = (rho: number): number => {
    let s = 0;
    for (let n = top; n >= 1; n--) s = s * rho + n * b2[n];
    return s;
  };
  const kappaSecond = (rho: number): number => {
    let s = 0;
    for (let n = top; n >= 2; n--) s = s * rho + n * (n - 1) * b2[n];
    return s;
  };
  return { kappa, kappaPrime, kappaSecond };
}
