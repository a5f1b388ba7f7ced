import { assertMatrix, type DenseMatrix, selectColumns } from "./dense.js";
import { solveNormalEquations } from "./normal-equations.js";
import { assertFiniteArray, assertPositive, assertPositiveInteger } from "./validate.js";

export interface NnlsOptions {
  /** Outer iterations (variables freed), and inner iterations per outer one (default 3·cols + 30). */
  maxIterations?: number;
  /** A variable is freed when its gradient component exceeds tol (default 1e-12 · max_k |(Aᵀb)_k|). */
  tol?: number;
}

export interface NnlsResult {
  /** The minimiser, x ≥ 0. */
  x: Float64Array;
  /** True when the KKT conditions hold: no fixed variable has a gradient component above tol. */
  converged: boolean;
  iterations: number;
  /** ‖A x − b‖₂. */
  residual: number;
  message: string;
}

/**
 * Non-negative least squares min ‖A x − b‖₂ subject to x ≥ 0 by the Lawson–Hanson active-set method
 * (Lawson & Hanson, Solving Least Squares Problems, 1974, ch. 23): free the fixed variable with the largest
 * gradient component w = Aᵀ(b − A x), solve least squares on the free ("passive") columns, and step back
 * towards feasibility whenever a free variable would turn negative. At the answer the KKT conditions hold:
 * x ≥ 0, w ≤ 0, w_k = 0 where x_k > 0. For small A only: each inner solve is a dense normal-equations
 * solve on the passive columns (`solveNormalEquations`). The saddle-to-saddle limit of the DLN
 * (apps/docs/docs/theory/dln.md, "Implicit bias") uses it for each saddle.
 */
export function nnls(A: DenseMatrix, b: Float64Array | number[], options: NnlsOptions = {}): NnlsResult {
  assertMatrix(A, "A");
  const bb = assertFiniteArray(b, "b", A.rows);
  assertFiniteArray(A.data, "A.data");
  const { rows: n, cols: m, data } = A;
  const maxIt =
    options.maxIterations === undefined
      ? 3 * m + 30
      : assertPositiveInteger(options.maxIterations, "maxIterations");
  const x = new Float64Array(m);
  const passive = new Uint8Array(m);
  const grad = new Float64Array(m);
  const r = new Float64Array(n);
  const computeGrad = (): void => {
    for (let i = 0; i < n; i++) {
      let s = bb[i];
      for (let k = 0; k < m; k++) s -= data[i * m + k] * x[k];
      r[i] = s;
    }
    grad.fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) grad[k] += data[i * m + k] * r[i];
  };
  computeGrad();
  let scale = 0;
  for (let k = 0; k < m; k++) scale = Math.max(scale, Math.abs(grad[k]));
  const tol =
    options.tol === undefined ? 1e-12 * Math.max(scale, 1e-300) : assertPositive(options.tol, "tol");
  let it = 0;
  let converged = false;
  for (; it < maxIt; it++) {
    let j = -1;
    let best = tol;
    for (let k = 0; k < m; k++) {
      if (!passive[k] && grad[k] > best) {
        best = grad[k];
        j = k;
      }
    }
    if (j < 0) {
      converged = true;
      break;
    }
    passive[j] = 1;
    for (let inner = 0; inner < maxIt; inner++) {
      const P: number[] = [];
      for (let k = 0; k < m; k++) if (passive[k]) P.push(k);
      const z = solveNormalEquations(selectColumns(A, P), bb);
      let ok = true;
      for (let q = 0; q < P.length; q++) if (z[q] <= 0) ok = false;
      if (ok) {
        for (let q = 0; q < P.length; q++) x[P[q]] = z[q];
        break;
      }
      // Step from x towards z until the first passive variable hits zero, then drop the zeros.
      let step = 1;
      for (let q = 0; q < P.length; q++) {
        // x ≥ 0 ≥ z here, so the gap x − z is 0 only when both are 0: then no step can be taken.
        const gap = x[P[q]] - z[q];
        if (z[q] <= 0) step = gap > 0 ? Math.min(step, x[P[q]] / gap) : 0;
      }
      for (let q = 0; q < P.length; q++) {
        const k = P[q];
        x[k] += step * (z[q] - x[k]);
        if (x[k] <= 1e-15 * Math.max(1, Math.abs(z[q]))) {
          x[k] = 0;
          passive[k] = 0;
        }
      }
    }
    computeGrad();
  }
  let rr = 0;
  for (let i = 0; i < n; i++) rr += r[i] * r[i];
  return {
    x,
    converged,
    iterations: it,
    residual: Math.sqrt(rr),
    message: converged ? "KKT conditions satisfied" : `no convergence in ${maxIt} outer iterations`,
  };
}
