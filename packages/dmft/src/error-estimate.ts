/**
 * Error estimates of a DMFT solve from its independent replicas. Theory:
 * apps/docs/docs/theory/dmft-numerics.md, "Error estimates".
 *
 * - Monte Carlo: the R replicas are independent solves (own teacher strata, own noise paths, own
 *   fixed point), so the reported curve is their mean and its standard error is the replicas'
 *   sample standard deviation / √R. This includes the propagation of sampling noise through the
 *   fixed point, which the spread of one map evaluation would miss.
 * - Discretisation: each replica is also solved on the sub-grid made of every second point. The
 *   discrete DMFT is the exact DMFT of the BDF2-discretised flow, whose global error is second
 *   order, so the Richardson estimate of the fine grid's error f_h − f is (f_2h − f_h)/3, averaged over
 *   replicas (at the sub-grid's points; in between, the larger of the two neighbours).
 */

export interface CurveEstimate {
  /** Mean over replicas. */
  mean: Float64Array;
  /** Standard error of the mean over replicas (NaN with one replica). */
  stdErr: Float64Array;
  /** Estimated discretisation error (signed Richardson estimate f_h − f_exact; 0 when not estimated). */
  discretisationError: Float64Array;
}

/** Mean and standard error of the mean of a list of numbers (stdErr NaN for fewer than two). */
export function meanStdErrOf(xs: ArrayLike<number>): { mean: number; stdErr: number } {
  const S = xs.length;
  let m = 0;
  for (let i = 0; i < S; i++) m += xs[i];
  m /= S;
  let ss = 0;
  for (let i = 0; i < S; i++) ss += (xs[i] - m) ** 2;
  return { mean: m, stdErr: S > 1 ? Math.sqrt(ss / (S - 1) / S) : Number.NaN };
}

/**
 * Mean and standard error over replicas of one curve (each of length n). The replicas' variance,
 * relative to the squared mean, is averaged over the `window` grid points on either side (default
 * 2) before the square root: the relative spread is a smooth function of time, but with a few
 * replicas curves that cross make the raw spread vanish at isolated times (at small alpha the
 * default solve's train-loss standard error at t = 3.7 was 0.5 % of the loss while its
 * neighbours' were 2–3 %). window = 0 gives the plain pointwise standard error.
 */
export function meanAndStdErr(
  curves: Float64Array[],
  window = 2,
): { mean: Float64Array; stdErr: Float64Array } {
  const R = curves.length;
  const n = curves[0].length;
  const mean = new Float64Array(n);
  const stdErr = new Float64Array(n);
  const relVar = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let m = 0;
    for (const c of curves) m += c[k];
    m /= R;
    let ss = 0;
    for (const c of curves) ss += (c[k] - m) ** 2;
    mean[k] = m;
    stdErr[k] = R > 1 ? Math.sqrt(ss / (R - 1) / R) : Number.NaN;
    relVar[k] = m !== 0 ? (stdErr[k] / m) ** 2 : Number.NaN;
  }
  if (R > 1 && window > 0) {
    for (let k = 0; k < n; k++) {
      if (!Number.isFinite(relVar[k])) continue;
      let sum = 0;
      let count = 0;
      for (let j = Math.max(0, k - window); j <= Math.min(n - 1, k + window); j++) {
        if (Number.isFinite(relVar[j])) {
          sum += relVar[j];
          count++;
        }
      }
      stdErr[k] = Math.abs(mean[k]) * Math.sqrt(sum / count);
    }
  }
  return { mean, stdErr };
}

/**
 * Richardson estimate of the discretisation error of the fine-grid curves, from fine and half-grid
 * curves of every replica (the half grid's point j is the fine grid's point 2j).
 */
export function richardsonError(fine: Float64Array[], half: Float64Array[], order = 2): Float64Array {
  const n = fine[0].length;
  const out = new Float64Array(n);
  const R = fine.length;
  const factor = 1 / (2 ** order - 1);
  const nh = half[0].length;
  for (let j = 0; j < nh; j++) {
    let d = 0;
    for (let r = 0; r < R; r++) d += half[r][j] - fine[r][2 * j];
    out[2 * j] = (d / R) * factor;
  }
  for (let k = 1; k < n; k += 2) {
    const a = out[k - 1];
    const b = k + 1 < n ? out[k + 1] : a;
    out[k] = Math.abs(a) > Math.abs(b) ? a : b;
  }
  return out;
}

/**
 * Weighted least-squares projection of a curve onto the non-increasing curves (pool adjacent
 * violators). The exact train loss of gradient flow never increases; a Monte Carlo mean can, by
 * less than its error, where the curve is flat. Weights are 1/error².
 */
export function nonIncreasing(y: Float64Array, err: Float64Array): Float64Array {
  const n = y.length;
  const val: number[] = [];
  const wt: number[] = [];
  const len: number[] = [];
  for (let k = 0; k < n; k++) {
    const e = err[k];
    let v = y[k];
    let w = e > 0 && Number.isFinite(e) ? 1 / (e * e) : 1e200;
    let l = 1;
    while (val.length > 0 && val[val.length - 1] < v) {
      const pv = val.pop() as number;
      const pw = wt.pop() as number;
      const pl = len.pop() as number;
      v = (pv * pw + v * w) / (pw + w);
      w += pw;
      l += pl;
    }
    val.push(v);
    wt.push(w);
    len.push(l);
  }
  const out = new Float64Array(n);
  let k = 0;
  for (let b = 0; b < val.length; b++) for (let i = 0; i < len[b]; i++) out[k++] = val[b];
  return out;
}

export function combineCurves(fine: Float64Array[], half: Float64Array[] | undefined): CurveEstimate {
  const { mean, stdErr } = meanAndStdErr(fine);
  const discretisationError = half ? richardsonError(fine, half) : new Float64Array(mean.length);
  return { mean, stdErr, discretisationError };
}
