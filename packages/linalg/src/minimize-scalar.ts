import { assertFinite, assertPositive, assertPositiveInteger, invalidArgument } from "./validate.js";

export interface MinimizeScalarResult {
  /** The minimiser found. */
  x: number;
  /** f(x). */
  value: number;
  /** Golden-section steps after the scan. */
  iterations: number;
  /** True when the bracket shrank below `xtol` within `maxIterations`. */
  converged: boolean;
}

const GOLD = (Math.sqrt(5) - 1) / 2;

/**
 * The minimum of f on [a, b]: a scan of `scan` + 1 equally spaced points, then golden-section search
 * (Kiefer 1953) on the two scan intervals around the best point, to a bracket of width ≤ `xtol`
 * (default 1e-8·(b − a)). Exact for unimodal f; the scan guards against a multimodal f with minima
 * separated by more than (b − a)/scan. NaN values count as +∞.
 */
export function minimizeScalar(
  f: (x: number) => number,
  a: number,
  b: number,
  options: { scan?: number; xtol?: number; maxIterations?: number } = {},
): MinimizeScalarResult {
  if (typeof f !== "function") throw invalidArgument("f", "a function", f);
  assertFinite(a, "a");
  assertFinite(b, "b");
  if (!(b > a)) throw invalidArgument("b", `a number > a = ${a}`, b);
  const scan = options.scan === undefined ? 16 : assertPositiveInteger(options.scan, "scan");
  const xtol = options.xtol === undefined ? 1e-8 * (b - a) : assertPositive(options.xtol, "xtol");
  const maxIterations =
    options.maxIterations === undefined ? 200 : assertPositiveInteger(options.maxIterations, "maxIterations");
  const F = (x: number) => {
    const v = f(x);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };
  const h = (b - a) / scan;
  let bestX = a;
  let bestV = Number.POSITIVE_INFINITY;
  for (let i = 0; i <= scan; i++) {
    const x = i === scan ? b : a + i * h;
    const v = F(x);
    if (v < bestV) {
      bestV = v;
      bestX = x;
    }
  }
  let lo = Math.max(a, bestX - h);
  let hi = Math.min(b, bestX + h);
  let x1 = hi - GOLD * (hi - lo);
  let x2 = lo + GOLD * (hi - lo);
  let v1 = F(x1);
  let v2 = F(x2);
  let it = 0;
  while (hi - lo > xtol && it < maxIterations) {
    if (v1 < v2) {
      hi = x2;
      x2 = x1;
      v2 = v1;
      x1 = hi - GOLD * (hi - lo);
      v1 = F(x1);
    } else {
      lo = x1;
      x1 = x2;
      v1 = v2;
      x2 = lo + GOLD * (hi - lo);
      v2 = F(x2);
    }
    it++;
  }
  const converged = hi - lo <= xtol;
  const x = v1 < v2 ? x1 : x2;
  const v = Math.min(v1, v2);
  return v <= bestV
    ? { x, value: v, iterations: it, converged }
    : { x: bestX, value: bestV, iterations: it, converged };
}
