import { assertFiniteArray, assertPositive, assertPositiveInteger } from "./validate.js";

export interface IncrementalNnlsOptions {
  /** A variable is freed when its gradient component exceeds tol (default 1e-12 · max_k |a_kᵀb| over the columns so far). */
  tol?: number;
  /** Outer iterations per `solve` (variables freed), and inner iterations per outer one (default 3·columns + 30). */
  maxIterations?: number;
}

export interface IncrementalNnlsSolve {
  /** True when the KKT conditions hold over the enabled columns. */
  converged: boolean;
  /** Outer iterations of this call. */
  iterations: number;
  message: string;
}

/**
 * A non-negative least-squares problem min ‖A x − b‖₂, x ≥ 0, whose columns arrive one at a time and
 * can be switched off, re-solved from the previous answer: the Lawson–Hanson active-set method
 * (Lawson & Hanson 1974, ch. 23; the same iteration as `nnls`) on the Gram matrix AᵀA, with the Cholesky
 * factor of the passive block extended by one row when a variable is freed and rebuilt only when one
 * leaves. Each `addColumn` costs O(n·m) (its Gram row), each freed variable O(m²) — against O(n·m²) for
 * a cold `nnls` — so a sequence of m related problems costs what one used to. Used by dln's
 * saddle-to-saddle limit (theory/dln.md, "Implicit bias"), where each saddle adds one column.
 */
export interface IncrementalNnls {
  /** Number of columns added so far. */
  readonly columns: number;
  /** Adds column a (length n) with x = 0 and returns its index. */
  addColumn(a: ArrayLike<number>): number;
  /** Enables or disables column k; a disabled column is held at x_k = 0 (the others are re-solved at the next `solve`). */
  setEnabled(k: number, enabled: boolean): void;
  /** Re-solves from the current x; the answer is `x()`. */
  solve(): IncrementalNnlsSolve;
  /** The current solution, one entry per column (a copy). */
  x(): Float64Array;
  /** Indices of the passive (free, x > 0) columns. */
  passive(): number[];
  /** The residual b − A x (a copy). */
  residual(): Float64Array;
}

export function createIncrementalNnls(
  b: Float64Array | number[],
  options: IncrementalNnlsOptions = {},
): IncrementalNnls {
  const bb = Float64Array.from(assertFiniteArray(b, "b"));
  const n = bb.length;
  const fixedTol = options.tol === undefined ? undefined : assertPositive(options.tol, "tol");
  const maxItOption =
    options.maxIterations === undefined
      ? undefined
      : assertPositiveInteger(options.maxIterations, "maxIterations");
  let cap = 16;
  let m = 0;
  const cols: Float64Array[] = [];
  let gram = new Float64Array(cap * cap);
  let chol = new Float64Array(cap * cap);
  let c = new Float64Array(cap);
  let x = new Float64Array(cap);
  let isPassive = new Uint8Array(cap);
  let enabled = new Uint8Array(cap);
  let order = new Int32Array(cap); // passive columns in Cholesky order
  let np = 0;
  let cScale = 0;
  let z = new Float64Array(0);

  const grow = (): void => {
    const cap2 = cap * 2;
    const g2 = new Float64Array(cap2 * cap2);
    const l2 = new Float64Array(cap2 * cap2);
    for (let i = 0; i < m; i++) {
      g2.set(gram.subarray(i * cap, i * cap + m), i * cap2);
      l2.set(chol.subarray(i * cap, i * cap + m), i * cap2);
    }
    gram = g2;
    chol = l2;
    const widen = <T extends Float64Array | Uint8Array | Int32Array>(a: T, make: (k: number) => T): T => {
      const out = make(cap2);
      out.set(a);
      return out;
    };
    c = widen(c, (k) => new Float64Array(k));
    x = widen(x, (k) => new Float64Array(k));
    isPassive = widen(isPassive, (k) => new Uint8Array(k));
    enabled = widen(enabled, (k) => new Uint8Array(k));
    order = widen(order, (k) => new Int32Array(k));
    cap = cap2;
  };

  /** Appends column k to the Cholesky factor of the passive block; false when it is (numerically) dependent. */
  const append = (k: number): boolean => {
    const row = np * cap;
    let ss = 0;
    for (let i = 0; i < np; i++) {
      let s = gram[order[i] * cap + k];
      const ri = i * cap;
      for (let l = 0; l < i; l++) s -= chol[ri + l] * chol[row + l];
      const v = s / chol[ri + i];
      chol[row + i] = v;
      ss += v * v;
    }
    const gkk = gram[k * cap + k];
    const d2 = gkk - ss;
    if (!(d2 > 1e-13 * gkk)) return false;
    chol[row + np] = Math.sqrt(d2);
    order[np++] = k;
    isPassive[k] = 1;
    return true;
  };

  const rebuild = (): void => {
    const keep = Array.from(order.subarray(0, np));
    np = 0;
    for (const k of keep) {
      isPassive[k] = 0;
      if (!append(k)) x[k] = 0;
    }
  };

  /** z_P = G_PP⁻¹ c_P through the factor (z indexed like `order`). */
  const solvePassive = (): void => {
    for (let i = 0; i < np; i++) {
      let s = c[order[i]];
      const ri = i * cap;
      for (let l = 0; l < i; l++) s -= chol[ri + l] * z[l];
      z[i] = s / chol[ri + i];
    }
    for (let i = np - 1; i >= 0; i--) {
      let s = z[i];
      for (let l = i + 1; l < np; l++) s -= chol[l * cap + i] * z[l];
      z[i] = s / chol[i * cap + i];
    }
  };

  /**
   * The inner Lawson–Hanson loop: least squares on the passive block, stepping back towards the
   * feasible x and dropping the variables that reach zero, until the passive solution is positive.
   * `freed` is the variable just freed (−1 for none): if it is dropped without a step it is blocked.
   */
  const settle = (freed: number, maxIt: number, blocked: Uint8Array): void => {
    for (let inner = 0; inner < maxIt; inner++) {
      solvePassive();
      let ok = true;
      for (let i = 0; i < np; i++) if (z[i] <= 0) ok = false;
      if (ok) {
        for (let i = 0; i < np; i++) x[order[i]] = z[i];
        return;
      }
      let step = 1;
      for (let i = 0; i < np; i++) {
        const k = order[i];
        const gap = x[k] - z[i];
        if (z[i] <= 0) step = gap > 0 ? Math.min(step, x[k] / gap) : 0;
      }
      const keep: number[] = [];
      for (let i = 0; i < np; i++) {
        const k = order[i];
        x[k] += step * (z[i] - x[k]);
        if (x[k] <= 1e-15 * Math.max(1, Math.abs(z[i]))) {
          x[k] = 0;
          isPassive[k] = 0;
          if (k === freed && step === 0) blocked[k] = 1;
        } else keep.push(k);
      }
      order.set(keep);
      np = keep.length;
      rebuild();
    }
  };

  return {
    get columns() {
      return m;
    },
    addColumn(a) {
      const col = Float64Array.from(assertFiniteArray(a, "a", n));
      if (m === cap) grow();
      const k = m++;
      cols.push(col);
      for (let l = 0; l <= k; l++) {
        const other = cols[l];
        let s = 0;
        for (let i = 0; i < n; i++) s += col[i] * other[i];
        gram[k * cap + l] = s;
        gram[l * cap + k] = s;
      }
      let cb = 0;
      for (let i = 0; i < n; i++) cb += col[i] * bb[i];
      c[k] = cb;
      cScale = Math.max(cScale, Math.abs(cb));
      x[k] = 0;
      isPassive[k] = 0;
      enabled[k] = 1;
      return k;
    },
    setEnabled(k, on) {
      if (!Number.isInteger(k) || k < 0 || k >= m)
        throw new RangeError(`column ${k} does not exist (0 ≤ k < ${m})`);
      if (!on && isPassive[k]) {
        x[k] = 0;
        isPassive[k] = 0;
        const keep = Array.from(order.subarray(0, np)).filter((q) => q !== k);
        order.set(keep);
        np = keep.length;
        rebuild();
      }
      enabled[k] = on ? 1 : 0;
    },
    solve() {
      if (z.length < m) z = new Float64Array(cap);
      const tol = fixedTol ?? 1e-12 * Math.max(cScale, 1e-300);
      const maxIt = maxItOption ?? 3 * m + 30;
      const blocked = new Uint8Array(m);
      settle(-1, maxIt, blocked); // the passive block may have changed (columns switched off)
      let it = 0;
      for (; it < maxIt; it++) {
        // gradient of ½‖b − A x‖² w.r.t. −x: c − G x, over the passive support
        let j = -1;
        let best = tol;
        for (let k = 0; k < m; k++) {
          if (isPassive[k] || !enabled[k] || blocked[k]) continue;
          let s = c[k];
          const rk = k * cap;
          for (let i = 0; i < np; i++) s -= gram[rk + order[i]] * x[order[i]];
          if (s > best) {
            best = s;
            j = k;
          }
        }
        if (j < 0) return { converged: true, iterations: it, message: "KKT conditions satisfied" };
        if (!append(j)) {
          blocked[j] = 1; // in the span of the passive columns: its gradient is round-off
          continue;
        }
        settle(j, maxIt, blocked);
      }
      return { converged: false, iterations: it, message: `no convergence in ${maxIt} outer iterations` };
    },
    x() {
      return x.slice(0, m);
    },
    passive() {
      return Array.from(order.subarray(0, np));
    },
    residual() {
      const r = Float64Array.from(bb);
      for (let i = 0; i < np; i++) {
        const k = order[i];
        const col = cols[k];
        const xk = x[k];
        for (let q = 0; q < n; q++) r[q] -= xk * col[q];
      }
      return r;
    },
  };
}
