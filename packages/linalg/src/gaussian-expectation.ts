import { MeanfieldError } from "./errors.js";
import { gaussHermiteRule } from "./gauss-hermite.js";
import { assertNonNegative, invalidArgument } from "./validate.js";

/**
 * E_{z~N(0,1)} f(z) by the `order`-point Gauss–Hermite rule (default 64): exact for polynomials of
 * degree ≤ 2·order − 1, spectrally accurate for smooth f, O(order^{-k}) for f with a kink of order k.
 * Nodes whose weight underflowed to 0 are skipped (so f is never evaluated far out in the tail).
 */
export function gaussianExpectation(f: (z: number) => number, options: { order?: number } = {}): number {
  if (typeof f !== "function") throw invalidArgument("f", "a function", f);
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
  options: { order?: number } = {},
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
  const { nodes, weights } = gaussHermiteRule(options.order ?? 48);
  const n = nodes.length;
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
