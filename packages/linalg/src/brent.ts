import { MeanfieldError } from "./errors.js";
import { assertFinite, assertPositive, assertPositiveInteger, invalidArgument } from "./validate.js";

export interface BrentResult {
  root: number;
  converged: boolean;
  iterations: number;
  /** |f(root)|. */
  residual: number;
  message: string;
}

/**
 * A root of f in [a, b] by Brent's method (Brent 1973, ch. 4: bisection safeguarding secant and
 * inverse quadratic interpolation), to |Δx| ≤ xtol + 4ε|x| (xtol default 2e-12, maxIterations 100).
 * Throws NOT_BRACKETED when f(a) and f(b) have the same sign, INVALID_ARGUMENT when f returns NaN.
 */
export function brent(
  f: (x: number) => number,
  a: number,
  b: number,
  options: { xtol?: number; maxIterations?: number } = {},
): BrentResult {
  if (typeof f !== "function") throw invalidArgument("f", "a function", f);
  assertFinite(a, "a");
  assertFinite(b, "b");
  const xtol = options.xtol === undefined ? 2e-12 : assertPositive(options.xtol, "xtol");
  const maxIterations =
    options.maxIterations === undefined ? 100 : assertPositiveInteger(options.maxIterations, "maxIterations");
  const rtol = 4 * Number.EPSILON;

  let fa = f(a);
  let fb = f(b);
  if (Number.isNaN(fa) || Number.isNaN(fb)) {
    throw new MeanfieldError(
      "INVALID_ARGUMENT",
      `f returned NaN at the bracket end ${Number.isNaN(fa) ? "a" : "b"}`,
      {
        parameter: Number.isNaN(fa) ? "a" : "b",
      },
    );
  }
  if (fa === 0) return { root: a, converged: true, iterations: 0, residual: 0, message: "f(a) = 0" };
  if (fb === 0) return { root: b, converged: true, iterations: 0, residual: 0, message: "f(b) = 0" };
  if (fa * fb > 0) {
    throw new MeanfieldError(
      "NOT_BRACKETED",
      `f(a) and f(b) must have opposite signs; got f(${a}) = ${fa}, f(${b}) = ${fb}`,
      {
        parameter: "b",
        details: { a, b, fa, fb },
      },
    );
  }
  // c is the previous iterate / contrapoint, so that [b, c] always brackets the root with |f(b)| ≤ |f(c)|.
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let it = 1; it <= maxIterations; it++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 0.5 * (xtol + rtol * Math.abs(b));
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) {
      return { root: b, converged: true, iterations: it - 1, residual: Math.abs(fb), message: "converged" };
    }
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Interpolate: secant if a = c, else inverse quadratic.
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
    if (Number.isNaN(fb)) {
      return {
        root: b,
        converged: false,
        iterations: it,
        residual: Number.NaN,
        message: `f returned NaN at x = ${b}`,
      };
    }
  }
  return {
    root: b,
    converged: false,
    iterations: maxIterations,
    residual: Math.abs(fb),
    message: `maximum number of iterations (${maxIterations}) reached`,
  };
}
