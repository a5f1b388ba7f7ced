import type { DenseMatrix } from "@meanfield/linalg";
import { leastSquares, selectColumns } from "../spd-solve.js";

export interface NnlsResult {
  x: Float64Array;
  converged: boolean;
  iterations: number;
  /** ‖A x − b‖₂. */
  residual: number;
  message: string;
}

/**
 * Non-negative least squares min ‖A x − b‖ s.t. x ≥ 0 by the Lawson–Hanson active-set method
 * (Lawson & Hanson 1974, ch. 23). General numerics used by the saddle-to-saddle algorithm; small A only
 * (each inner solve is a dense normal-equation solve on the passive columns).
 */
export function nnls(
  A: DenseMatrix,
  b: Float64Array,
  options: { maxIterations?: number; tol?: number } = {},
): NnlsResult {
  const { rows: n, cols: m, data } = A;
  const maxIt = options.maxIterations ?? 3 * m + 30;
  const x = new Float64Array(m);
  const passive = new Uint8Array(m);
  const grad = new Float64Array(m);
  const r = new Float64Array(n);
  const computeGrad = (): void => {
    for (let i = 0; i < n; i++) {
      let s = b[i];
      for (let k = 0; k < m; k++) s -= data[i * m + k] * x[k];
      r[i] = s;
    }
    grad.fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) grad[k] += data[i * m + k] * r[i];
  };
  computeGrad();
  let scale = 0;
  for (let k = 0; k < m; k++) scale = Math.max(scale, Math.abs(grad[k]));
  const tol = options.tol ?? 1e-12 * Math.max(scale, 1e-300);
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
      const z = leastSquares(selectColumns(A, P), b);
      let ok = true;
      for (let q = 0; q < P.length; q++) if (z[q] <= 0) ok = false;
      if (ok) {
        for (let q = 0; q < P.length; q++) x[P[q]] = z[q];
        break;
      }
      // Step from x towards z until the first passive variable hits zero, then drop the zeros.
      let step = 1;
      for (let q = 0; q < P.length; q++) {
        if (z[q] <= 0) step = Math.min(step, x[P[q]] / (x[P[q]] - z[q]));
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
