// The Gaussian-equivalent theory's own PS instability at finite K (theory/replica-finite-k.md, "Saddle points at
// finite K"), for the tables of exact-k2-psb.mjs and exact-ps-instability.mjs: its PS solution's curvature in
// o_A (one-sided second difference at o_A = 0, fixed o_B and c), scanned in steps of 0.1 from α = 0.3 and bisected.
import { createActivation, finiteKFreeEntropy, solveSaddlePoint } from "../dist/index.js";

/** The curvature of the Gaussian-equivalent free entropy in o_A at its PS solution, load α. */
function geCurvature(name, K, alpha) {
  const act = createActivation(name);
  const ps = solveSaddlePoint({ activation: name, K, alpha }).ps;
  const oB = K * ps.q;
  const c = ps.crossUnitCorrelation;
  // o_A = q − p/K, o_B = q + (K − 1)p/K: q = ((K − 1)o_A + o_B)/K, p = o_B − o_A
  const f = (oA) => finiteKFreeEntropy(act, K, 0, alpha, ((K - 1) * oA + oB) / K, oB - oA, c);
  const h = 1e-3;
  return (2 * f(0) - 5 * f(h) + 4 * f(2 * h) - f(3 * h)) / (h * h);
}

/** The load where that curvature turns non-positive, below alphaMax (NaN where none). */
export function geInstability(name, K, alphaMax) {
  let lo = 0.2;
  for (let a = 0.3; a <= alphaMax; a += 0.1) {
    if (geCurvature(name, K, a) <= 0) {
      let hi = a;
      for (let k = 0; k < 30; k++) {
        const mid = 0.5 * (lo + hi);
        if (geCurvature(name, K, mid) > 0) lo = mid;
        else hi = mid;
      }
      return 0.5 * (lo + hi);
    }
    lo = a;
  }
  return Number.NaN;
}
