import {
  assertPositive,
  assertPositiveInteger,
  choleskySolve,
  type DenseMatrix,
  invalidArgument,
  matTVec,
  matVec,
  rowGram,
} from "@meanfield/linalg";
import { qAlpha, qAlphaConjugate, toAlphaSquared } from "./q-alpha.js";
import { validateProblem } from "./validate-problem.js";

export interface MinQAlphaOptions {
  /** Stop when ‖Xw − y‖ ≤ tol·max(1, ‖y‖) (default 1e-11). */
  tol?: number;
  maxIterations?: number;
}

export interface MinQAlphaResult {
  /** The interpolator w = ∇Q*(Xᵀλ) = 2alpha² sinh(Xᵀλ). */
  w: Float64Array;
  /** The dual variable λ (asinh(w/(2alpha²)) = Xᵀλ, the KKT condition of theory/dln.md, "Implicit bias"). */
  lambda: Float64Array;
  /** Q_alpha(w). */
  objective: number;
  /** Dual value yᵀλ − Q*(Xᵀλ); objective − dualObjective = λᵀ(Xw − y) → 0. */
  dualObjective: number;
  converged: boolean;
  iterations: number;
  /** ‖Xw − y‖₂. */
  residual: number;
  message: string;
}

/**
 * The minimum-Q_alpha interpolator argmin Q_alpha(w) s.t. Xw = y (theory/dln.md, "Implicit bias"): the long-time limit of the
 * gradient flow from u(0) = v(0) = alpha when it interpolates. Solved by damped Newton on the smooth convex
 * dual min_λ Q*(Xᵀλ) − λᵀy, whose gradient is Xw(λ) − y and Hessian X diag(2alpha² cosh(Xᵀλ)) Xᵀ (n×n),
 * with Armijo backtracking. `alpha` may be a vector (per-coordinate scale alpha·shape).
 * Requires rank(X) = n (the interpolation constraint must be feasible), so n ≤ d.
 */
export function minQAlphaInterpolator(
  X: DenseMatrix,
  y: Float64Array | number[],
  alpha: number | Float64Array,
  options: MinQAlphaOptions = {},
): MinQAlphaResult {
  const yy = validateProblem(X, y);
  const { rows: n, cols: d } = X;
  if (n > d)
    throw invalidArgument(
      "X",
      "a design with n ≤ d (interpolation needs an under-determined system)",
      `${n}×${d}`,
    );
  if (typeof alpha === "number") assertPositive(alpha, "alpha");
  else for (let i = 0; i < d; i++) assertPositive(alpha[i], `alpha[${i}]`);
  const a2 = toAlphaSquared(alpha, d);
  const tol = options.tol === undefined ? 1e-11 : assertPositive(options.tol, "tol");
  const maxIt =
    options.maxIterations === undefined ? 500 : assertPositiveInteger(options.maxIterations, "maxIterations");
  let ynorm = 0;
  for (let i = 0; i < n; i++) ynorm += yy[i] * yy[i];
  ynorm = Math.sqrt(ynorm);
  const target = tol * Math.max(1, ynorm);

  const lambda = new Float64Array(n);
  const trial = new Float64Array(n);
  const s = new Float64Array(d);
  const w = new Float64Array(d);
  const grad = new Float64Array(n);
  const M = { rows: n, cols: d, data: new Float64Array(n * d) };
  const clamp = (z: number): number => Math.max(-700, Math.min(700, z));
  const dual = (lam: Float64Array): number => {
    matTVec(X, lam, s);
    let ly = 0;
    for (let i = 0; i < n; i++) ly += lam[i] * yy[i];
    return qAlphaConjugate(s, a2) - ly;
  };
  const gradient = (lam: Float64Array): number => {
    matTVec(X, lam, s);
    for (let i = 0; i < d; i++) w[i] = 2 * a2[i] * Math.sinh(clamp(s[i]));
    matVec(X, w, grad);
    let g2 = 0;
    for (let i = 0; i < n; i++) {
      grad[i] -= yy[i];
      g2 += grad[i] * grad[i];
    }
    return Math.sqrt(g2);
  };

  let res = gradient(lambda);
  let D = dual(lambda);
  let it = 0;
  let converged = res <= target;
  let message = converged ? "y = 0: w = 0" : "";
  while (!converged && it < maxIt) {
    it++;
    // Newton system H p = −grad with H = (X √D)(X √D)ᵀ, D = 2alpha² cosh(Xᵀλ).
    matTVec(X, lambda, s);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < d; i++)
        M.data[j * d + i] = X.data[j * d + i] * Math.sqrt(2 * a2[i] * Math.cosh(clamp(s[i])));
    }
    const H = rowGram(M);
    const negGrad = new Float64Array(n);
    for (let i = 0; i < n; i++) negGrad[i] = -grad[i];
    const p = choleskySolve(H, negGrad);
    let decrement = 0;
    for (let i = 0; i < n; i++) decrement += p[i] * negGrad[i];
    let t = 1;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < n; i++) trial[i] = lambda[i] + t * p[i];
      const Dt = dual(trial);
      // Armijo; near the optimum D stalls at rounding level, then accept steps that shrink the gradient.
      const rounding = 1e-13 * (Math.abs(D) + 1);
      if (Number.isFinite(Dt) && (Dt <= D - 0.25 * t * decrement || Math.abs(Dt - D) <= rounding)) {
        const saved = Float64Array.from(lambda);
        lambda.set(trial);
        const r2 = gradient(lambda);
        if (Dt <= D - 0.25 * t * decrement || r2 < res) {
          res = r2;
          D = Dt;
          accepted = true;
          break;
        }
        lambda.set(saved);
        gradient(lambda);
      }
      t /= 2;
    }
    if (!accepted) {
      message = `line search failed at iteration ${it} (residual ${res.toExponential(3)})`;
      break;
    }
    if (res <= target) {
      converged = true;
      message = `‖Xw − y‖ = ${res.toExponential(3)} ≤ ${target.toExponential(3)}`;
    }
  }
  if (!converged && !message)
    message = `no convergence in ${maxIt} Newton iterations (residual ${res.toExponential(3)})`;
  gradient(lambda);
  const wOut = Float64Array.from(w);
  let ly = 0;
  for (let i = 0; i < n; i++) ly += lambda[i] * yy[i];
  matTVec(X, lambda, s);
  return {
    w: wOut,
    lambda,
    objective: qAlpha(wOut, a2),
    dualObjective: ly - qAlphaConjugate(s, a2),
    converged,
    iterations: it,
    residual: res,
    message,
  };
}
