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
  /**
   * The residual of one evaluation (default ‖g(x) − x‖∞ / max(1, ‖g(x)‖∞)): a problem-specific
   * measure, e.g. a per-component relative change.
   */
  residual?: (x: Float64Array, gx: Float64Array) => number;
  /**
   * What must fall below tol: "residual" (default), or "errorEstimate", the distance to the fixed
   * point estimated from the observed contraction c (ratio of successive residuals, the larger of
   * the last two, at most 0.995) as residual/(1 − c) — the honest criterion for a slowly
   * contracting iteration, whose small steps say little about the remaining distance.
   */
  stopOn?: "residual" | "errorEstimate";
  /**
   * Aitken extrapolation along the slowest mode (plain iteration only): once three successive
   * ratios agree to 0.05 (c ∈ (0.3, 0.97)), jump to g(x) + c/(1 − c)·(g(x) − x). A jump that has
   * not lowered the residual below 0.9× its level within four iterations switches it off.
   */
  extrapolate?: boolean;
  /** Called after each evaluation of g; returning false stops (converged: false). */
  // biome-ignore lint/suspicious/noConfusingVoidType: the API contract lets callbacks return nothing or false
  onIteration?: (it: number, residual: number) => void | boolean;
}

export interface FixedPointResult {
  value: Float64Array;
  converged: boolean;
  iterations: number;
  /** The residual at the returned value (default measure ‖g(x) − x‖∞ / max(1, ‖g(x)‖∞)). */
  residual: number;
  /** Observed contraction factor (NaN before three comparable iterations). */
  contraction: number;
  /** Estimated distance of the returned value to the fixed point, residual/(1 − c) (∞ while c is unknown). */
  errorEstimate: number;
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

  const measure = options.residual;
  const stopOnEstimate = options.stopOn === "errorEstimate";
  let extrapolate = options.extrapolate === true && m === 0;
  const history: number[] = [];
  let contraction = Number.NaN;
  let errorEstimate = Number.POSITIVE_INFINITY;
  let sinceJump = 0;
  let beforeJump = Number.POSITIVE_INFINITY;
  const result = (converged: boolean, iterations: number, message: string): FixedPointResult => ({
    value: x,
    converged,
    iterations,
    residual,
    contraction,
    errorEstimate,
    message,
  });
  let residual = Number.POSITIVE_INFINITY;
  for (let it = 1; it <= maxIterations; it++) {
    g(x, gx);
    sinceJump++;
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
    residual = measure ? measure(x, gx) : rmax / Math.max(1, gmax);
    if (!finite || !Number.isFinite(residual)) {
      residual = Number.NaN;
      return result(false, it, `g returned a non-finite value at iteration ${it} (diverging?)`);
    }
    history.push(residual);
    const h = history.length;
    if (h >= 3) {
      contraction = Math.min(
        Math.max(history[h - 1] / history[h - 2], history[h - 2] / history[h - 3]),
        0.995,
      );
      errorEstimate = residual / (1 - Math.max(contraction, 0));
    } else {
      contraction = Number.NaN;
      errorEstimate = Number.POSITIVE_INFINITY;
    }
    if (residual === 0) errorEstimate = 0;
    if (onIteration !== undefined && onIteration(it, residual) === false)
      return result(false, it, `stopped by onIteration at iteration ${it}`);
    if ((stopOnEstimate ? errorEstimate : residual) <= tol) return result(true, it, "converged");
    if (it === maxIterations) break; // return the iterate whose residual was measured, not an unmeasured update

    if (extrapolate) {
      if (sinceJump === 4 && Number.isFinite(beforeJump) && residual >= 0.9 * beforeJump) extrapolate = false;
      if (extrapolate && sinceJump >= 4 && h >= 3) {
        const c1 = history[h - 1] / history[h - 2];
        const c2 = history[h - 2] / history[h - 3];
        if (c1 > 0.3 && c1 < 0.97 && Math.abs(c1 - c2) < 0.05) {
          const jump = c1 / (1 - c1);
          for (let i = 0; i < n; i++) x[i] = gx[i] + jump * fk[i];
          beforeJump = residual;
          sinceJump = 0;
          history.length = 0;
          continue;
        }
      }
    }

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
  return result(
    false,
    maxIterations,
    `maximum number of iterations (${maxIterations}) reached; residual ${residual}${stopOnEstimate ? `, estimated error ${errorEstimate}` : ""}`,
  );
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
