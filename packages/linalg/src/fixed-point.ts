import {
  assertFiniteArray,
  assertInRange,
  assertInteger,
  assertPositive,
  assertPositiveInteger,
  invalidArgument,
} from "./validate.js";

export interface FixedPointOptions {
  /** new = (1 − damping)·g(x) + damping·x, in [0, 1) (default 0: plain iteration). */
  damping?: number;
  /** Stop when ‖g(x) − x‖∞ ≤ tol·max(1, ‖g(x)‖∞) (default 1e-10). */
  tol?: number;
  /** Default 1000. */
  maxIterations?: number;
  /** Anderson memory m (default 0 = off). */
  anderson?: number;
  /** Called after each evaluation of g; returning false stops (converged: false). */
  // biome-ignore lint/suspicious/noConfusingVoidType: the API contract lets callbacks return nothing or false
  onIteration?: (it: number, residual: number) => void | boolean;
}

export interface FixedPointResult {
  value: Float64Array;
  converged: boolean;
  iterations: number;
  /** ‖g(x) − x‖∞ / max(1, ‖g(x)‖∞) at the returned value. */
  residual: number;
  message: string;
}

/**
 * Solves x = g(x) by damped iteration, optionally accelerated by Anderson mixing of depth m
 * (Anderson 1965; Walker & Ni 2011, "type II"): with f_k = g(x_k) − x_k and the differences
 * ΔF, ΔX of the last m iterates, γ = argmin ‖f_k − ΔF γ‖₂ (normal equations with a tiny Tikhonov
 * shift), x_{k+1} = x_k + β f_k − (ΔX + β ΔF) γ, β = 1 − damping. The history is restarted when the
 * least-squares system becomes ill-conditioned. `value` is the last iterate x_k whose residual was
 * measured (g has been evaluated at it). Non-convergence (maxIterations, non-finite g, stop request)
 * is reported with converged: false and a message, not thrown.
 */
export function fixedPoint(
  g: (x: Float64Array, out: Float64Array) => void,
  x0: Float64Array,
  options: FixedPointOptions = {},
): FixedPointResult {
  if (typeof g !== "function") throw invalidArgument("g", "a function", g);
  const start = assertFiniteArray(x0, "x0");
  const damping =
    options.damping === undefined ? 0 : assertInRange(options.damping, "damping", 0, 1, { upperOpen: true });
  const tol = options.tol === undefined ? 1e-10 : assertPositive(options.tol, "tol");
  const maxIterations =
    options.maxIterations === undefined
      ? 1000
      : assertPositiveInteger(options.maxIterations, "maxIterations");
  const m = options.anderson === undefined ? 0 : assertInteger(options.anderson, "anderson", 0);
  const onIteration = options.onIteration;
  if (onIteration !== undefined && typeof onIteration !== "function")
    throw invalidArgument("onIteration", "a function", onIteration);

  const n = start.length;
  const beta = 1 - damping;
  const x = Float64Array.from(start);
  const gx = new Float64Array(n);
  const fk = new Float64Array(n);
  const fPrev = new Float64Array(n);
  const xPrev = new Float64Array(n);
  // Ring buffers of ΔF and ΔX columns.
  const dF: Float64Array[] = [];
  const dX: Float64Array[] = [];
  for (let j = 0; j < m; j++) {
    dF.push(new Float64Array(n));
    dX.push(new Float64Array(n));
  }
  let stored = 0;
  let head = 0;
  const M = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  const gamma = new Float64Array(m);

  let residual = Number.POSITIVE_INFINITY;
  for (let it = 1; it <= maxIterations; it++) {
    g(x, gx);
    let rmax = 0;
    let gmax = 0;
    let finite = true;
    for (let i = 0; i < n; i++) {
      const gi = gx[i];
      if (!Number.isFinite(gi)) finite = false;
      const r = gi - x[i];
      fk[i] = r;
      if (Math.abs(r) > rmax) rmax = Math.abs(r);
      if (Math.abs(gi) > gmax) gmax = Math.abs(gi);
    }
    if (!finite) {
      return {
        value: x,
        converged: false,
        iterations: it,
        residual: Number.NaN,
        message: `g returned a non-finite value at iteration ${it} (diverging?)`,
      };
    }
    residual = rmax / Math.max(1, gmax);
    if (onIteration !== undefined && onIteration(it, residual) === false) {
      return {
        value: x,
        converged: false,
        iterations: it,
        residual,
        message: `stopped by onIteration at iteration ${it}`,
      };
    }
    if (residual <= tol) return { value: x, converged: true, iterations: it, residual, message: "converged" };
    if (it === maxIterations) break; // return the iterate whose residual was measured, not an unmeasured update

    if (m === 0 || it === 1) {
      if (m > 0) {
        xPrev.set(x);
        fPrev.set(fk);
      }
      for (let i = 0; i < n; i++) x[i] += beta * fk[i];
      continue;
    }
    // Record ΔF = f_k − f_{k−1}, ΔX = x_k − x_{k−1}.
    const dFh = dF[head];
    const dXh = dX[head];
    for (let i = 0; i < n; i++) {
      dFh[i] = fk[i] - fPrev[i];
      dXh[i] = x[i] - xPrev[i];
    }
    head = (head + 1) % m;
    if (stored < m) stored++;
    xPrev.set(x);
    fPrev.set(fk);
    // Normal equations (ΔFᵀΔF + λI) γ = ΔFᵀ f_k.
    let trace = 0;
    for (let p = 0; p < stored; p++) {
      for (let q = 0; q <= p; q++) {
        let s = 0;
        const a = dF[p];
        const b = dF[q];
        for (let i = 0; i < n; i++) s += a[i] * b[i];
        M[p * m + q] = s;
        M[q * m + p] = s;
      }
      trace += M[p * m + p];
      let s = 0;
      const a = dF[p];
      for (let i = 0; i < n; i++) s += a[i] * fk[i];
      rhs[p] = s;
    }
    const ok = trace > 0 && choleskySolveSmall(M, m, stored, rhs, gamma, 1e-12 * trace);
    if (!ok) {
      stored = 0;
      head = 0;
      for (let i = 0; i < n; i++) x[i] += beta * fk[i];
      continue;
    }
    for (let i = 0; i < n; i++) {
      let corr = 0;
      for (let p = 0; p < stored; p++) corr += (dX[p][i] + beta * dF[p][i]) * gamma[p];
      x[i] += beta * fk[i] - corr;
    }
  }
  return {
    value: x,
    converged: false,
    iterations: maxIterations,
    residual,
    message: `maximum number of iterations (${maxIterations}) reached; residual ${residual}`,
  };
}

/** Solves (A + λI) γ = b for the leading k × k block of a symmetric m × m A by Cholesky; false if not PD. */
function choleskySolveSmall(
  A: Float64Array,
  m: number,
  k: number,
  b: Float64Array,
  x: Float64Array,
  lambda: number,
): boolean {
  const L = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    let d = A[j * m + j] + lambda;
    for (let p = 0; p < j; p++) d -= L[j * k + p] * L[j * k + p];
    if (!(d > lambda * 1e-6)) return false;
    const ljj = Math.sqrt(d);
    L[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = A[i * m + j];
      for (let p = 0; p < j; p++) s -= L[i * k + p] * L[j * k + p];
      L[i * k + j] = s / ljj;
    }
  }
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let p = 0; p < i; p++) s -= L[i * k + p] * x[p];
    x[i] = s / L[i * k + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = x[i];
    for (let p = i + 1; p < k; p++) s -= L[p * k + i] * x[p];
    x[i] = s / L[i * k + i];
  }
  return true;
}
