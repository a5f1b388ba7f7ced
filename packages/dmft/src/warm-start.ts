/** Linear interpolation of (tOld, f) at x, clamped to the end values. */
function locate(tOld: Float64Array, x: number): { i: number; w: number } {
  const n = tOld.length;
  if (x <= tOld[0]) return { i: 0, w: 0 };
  if (x >= tOld[n - 1]) return { i: n - 2, w: 1 };
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (tOld[mid] <= x) lo = mid;
    else hi = mid;
  }
  return { i: lo, w: (x - tOld[lo]) / (tOld[lo + 1] - tOld[lo]) };
}

function bilinear(
  A: Float64Array,
  n: number,
  a: { i: number; w: number },
  b: { i: number; w: number },
): number {
  const i0 = a.i;
  const j0 = b.i;
  const v00 = A[i0 * n + j0];
  const v01 = A[i0 * n + j0 + 1];
  const v10 = A[(i0 + 1) * n + j0];
  const v11 = A[(i0 + 1) * n + j0 + 1];
  return (1 - a.w) * ((1 - b.w) * v00 + b.w * v01) + a.w * ((1 - b.w) * v10 + b.w * v11);
}

/**
 * Moves a solution's (C_Δ, R_w) onto a new grid, for warm starts (theory/dmft-numerics.md, "Fixed-point iteration"). C_Δ is
 * interpolated bilinearly. The discrete response kernel R_w[k, j] carries the BDF2 weight
 * gamma_j, so the density R_w[k, j]/gamma_j (j < k) is interpolated and multiplied back by the new
 * weights. The diagonal R_w[k, k] = gamma_k E[F/(1 + c_k F)] with c_k = gamma_k delta/(1 + R_w[k, k])
 * depends on the step itself (implicit local term); it is moved through an effective mobility F̄_k
 * solving F̄/(1 + c F̄) = R_w[k, k]/gamma_k on the old grid, interpolated in t, and the new diagonal
 * solves x = gamma F̄/(1 + gamma delta F̄/(1 + x)).
 */
export function interpolateTwoTime(
  tOld: Float64Array,
  gammaOld: Float64Array,
  cDeltaOld: Float64Array,
  rWOld: Float64Array,
  tNew: Float64Array,
  gammaNew: Float64Array,
  delta: number,
): { cDelta: Float64Array; rW: Float64Array } {
  const oldPoints = tOld.length;
  const newPoints = tNew.length;
  const dens = new Float64Array(oldPoints * oldPoints);
  const diag = new Float64Array(oldPoints);
  for (let k = 1; k < oldPoints; k++) {
    const x = rWOld[k * oldPoints + k];
    const ratio = x / gammaOld[k];
    const c = (gammaOld[k] * delta) / (1 + x);
    // effective mobility; the guard keeps it finite when c·ratio → 1 (very stiff steps)
    diag[k] = ratio / Math.max(1 - c * ratio, 1e-3);
    for (let j = 1; j < k; j++) dens[k * oldPoints + j] = rWOld[k * oldPoints + j] / gammaOld[j];
    // extend the density past the diagonal by its last sub-diagonal value so that cells
    // straddling the diagonal interpolate sensibly
    const last = k >= 2 ? dens[k * oldPoints + k - 1] : ratio;
    for (let j = k; j < oldPoints; j++) dens[k * oldPoints + j] = last;
    dens[k * oldPoints] = dens[k * oldPoints + 1];
  }
  diag[0] = diag[1];
  const loc = Array.from(tNew, (x) => locate(tOld, x));
  const cDelta = new Float64Array(newPoints * newPoints);
  const rW = new Float64Array(newPoints * newPoints);
  for (let k = 0; k < newPoints; k++) {
    for (let l = 0; l <= k; l++) {
      const v = bilinear(cDeltaOld, oldPoints, loc[k], loc[l]);
      cDelta[k * newPoints + l] = v;
      cDelta[l * newPoints + k] = v;
    }
    if (k === 0) continue;
    const a = loc[k];
    const Fbar = (1 - a.w) * diag[a.i] + a.w * diag[a.i + 1];
    const g = gammaNew[k];
    let x = (g * Fbar) / (1 + g * delta * Fbar);
    for (let it = 0; it < 50; it++) x = (g * Fbar) / (1 + (g * delta * Fbar) / (1 + x));
    rW[k * newPoints + k] = x;
    for (let j = 1; j < k; j++)
      rW[k * newPoints + j] = bilinear(dens, oldPoints, loc[k], loc[j]) * gammaNew[j];
  }
  return { cDelta, rW };
}
