import { cholesky, nearestPsd } from "./decompositions.js";
import type { DenseMatrix } from "./dense.js";
import { MeanfieldError } from "./errors.js";
import { assertSquare } from "./triangular.js";
import { assertNonNegative, assertOneOf, assertPositive, invalidArgument } from "./validate.js";

/**
 * The one regularisation policy of meanfield for factoring a covariance or Gram matrix that is
 * positive semidefinite in exact arithmetic but may be singular or slightly indefinite in floating
 * point. Jitters are relative to the largest diagonal entry s = max(max_i A_ii, 1e-300).
 */
export interface CholeskyJitterOptions {
  /** Try A itself (no jitter) before the ladder (default true). */
  unjitteredFirst?: boolean;
  /** First relative jitter of the ladder (default 1e-12). */
  start?: number;
  /** Ratio between successive jitters of the ladder, > 1 (default 100). */
  factor?: number;
  /** Largest relative jitter of the ladder (default 1e-6; reached up to rounding of the products). */
  max?: number;
  /**
   * When every jitter of the ladder fails: "nearestPsd" (default) factors the nearest positive-semidefinite
   * matrix (`nearestPsd`, Higham 1988) plus `fallbackJitter`·s·I; "throw" throws SINGULAR.
   */
  fallback?: "nearestPsd" | "throw";
  /** Relative jitter added to the nearest PSD matrix (default 1e-10). */
  fallbackJitter?: number;
}

/** A Cholesky factor and the regularisation it took. */
export interface JitteredCholesky {
  /** Lower-triangular L with L Lᵀ = A + jitter·I, or nearestPsd(A) + jitter·I when `projected`. */
  L: DenseMatrix;
  /** The absolute jitter added to the diagonal (0 when A itself was factored). */
  jitter: number;
  /** jitter / s, with s the largest diagonal entry of A (floored at 1e-300). */
  relativeJitter: number;
  /** True when A was indefinite beyond the ladder and its nearest PSD matrix was factored instead. */
  projected: boolean;
  /** Cholesky factorisations tried, the successful one included. */
  attempts: number;
}

/**
 * The lower Cholesky factor of a symmetric A that should be positive semidefinite, regularised as
 * little as the policy allows: A itself (unless `unjitteredFirst` is false), then A + j·s·I for
 * j = start, start·factor, … ≤ max, then (fallback "nearestPsd") the nearest PSD matrix + fallbackJitter·s·I.
 * The jitter taken is reported, never hidden. The DMFT factors δ C_r this way for the Gaussian
 * field η = L z (apps/docs/docs/theory/dmft-numerics.md, "Fixed-point iteration"), and `choleskySolve` uses
 * it for Gram systems. Throws SINGULAR when every step fails (or with fallback "throw").
 */
export function choleskyWithJitter(A: DenseMatrix, options: CholeskyJitterOptions = {}): JitteredCholesky {
  const n = assertSquare(A, "A");
  const start = options.start === undefined ? 1e-12 : assertPositive(options.start, "start");
  const factor = options.factor === undefined ? 100 : assertPositive(options.factor, "factor");
  if (!(factor > 1)) throw invalidArgument("factor", "a finite number > 1", factor);
  const max = options.max === undefined ? 1e-6 : assertPositive(options.max, "max");
  if (max < start) throw invalidArgument("max", `≥ start = ${start}`, max);
  const fallback =
    options.fallback === undefined
      ? "nearestPsd"
      : assertOneOf(options.fallback, "fallback", ["nearestPsd", "throw"] as const);
  const fallbackJitter =
    options.fallbackJitter === undefined
      ? 1e-10
      : assertNonNegative(options.fallbackJitter, "fallbackJitter");
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, A.data[i * n + i]);
  const scale = Math.max(maxDiag, 1e-300);

  let attempts = 0;
  const attempt = (relative: number): DenseMatrix | undefined => {
    attempts++;
    try {
      return relative === 0 ? cholesky(A) : cholesky(A, { jitter: relative * scale });
    } catch (e) {
      if (e instanceof MeanfieldError && e.code === "SINGULAR") return undefined;
      throw e;
    }
  };
  const found = (L: DenseMatrix, relative: number, projected: boolean): JitteredCholesky => ({
    L,
    jitter: relative === 0 ? 0 : relative * scale,
    relativeJitter: relative,
    projected,
    attempts,
  });

  if (options.unjitteredFirst !== false) {
    const L = attempt(0);
    if (L) return found(L, 0, false);
  }
  // The ladder multiplies up from start (so the jitters are the products a hand-written loop
  // would take); max is inclusive up to the rounding of those products.
  const last = max * (1 + 1e-9);
  for (let j = start; j <= last; j *= factor) {
    const L = attempt(j);
    if (L) return found(L, j, false);
  }
  if (fallback === "throw") {
    throw new MeanfieldError(
      "SINGULAR",
      `A is not positive definite even with a relative jitter of ${max} (Cholesky failed ${attempts} times)`,
      { parameter: "A", details: { attempts, maxRelativeJitter: max, scale } },
    );
  }
  attempts++;
  const L = cholesky(nearestPsd(A), { jitter: fallbackJitter * scale });
  return found(L, fallbackJitter, true);
}
