import { assertInteger, assertPositive, invalidArgument } from "@meanfield/linalg";

/**
 * The default DMFT time grid (theory/dmft-numerics.md, "Discrete DMFT"): uniform steps on [0, tUniform] and geometric
 * steps on [tUniform, T], with the number of uniform points chosen so that the step size is
 * continuous across the junction (the variable-step BDF2 scheme used by the solver needs step
 * ratios close to 1 to be zero-stable and second-order accurate). Returns t_0 = 0 < … < t_points = T
 * (points + 1 values). When T ≤ tUniform the grid is uniform.
 */
export function dmftTimeGrid(T: number, points = 400, tUniform = 1): Float64Array {
  assertPositive(T, "T");
  assertInteger(points, "points", 4);
  assertPositive(tUniform, "tUniform");
  const t = new Float64Array(points + 1);
  if (T <= tUniform) {
    for (let k = 0; k <= points; k++) t[k] = (T * k) / points;
    return t;
  }
  // Choose the number of uniform steps so that the first geometric step t1 (q − 1) matches dt = t1 / uniformSteps.
  let best = Number.POSITIVE_INFINITY;
  let uniformSteps = 2;
  for (let n = 2; n < points; n++) {
    const q = (T / tUniform) ** (1 / (points - n));
    const dt = tUniform / n;
    const err = Math.abs(Math.log((tUniform * (q - 1)) / dt));
    if (err < best) {
      best = err;
      uniformSteps = n;
    }
  }
  const geometricSteps = points - uniformSteps;
  const q = (T / tUniform) ** (1 / geometricSteps);
  for (let k = 0; k <= uniformSteps; k++) t[k] = (tUniform * k) / uniformSteps;
  for (let i = 1; i <= geometricSteps; i++) t[uniformSteps + i] = tUniform * q ** i;
  t[points] = T;
  return t;
}

/**
 * Coefficients of the variable-step BDF2 scheme φ_k = a1_k φ_{k−1} + a2_k φ_{k−2} + gamma_k f_k
 * (implicit Euler for the first step). With ω = Δ_k / Δ_{k−1}:
 * a1 = (1+ω)²/(1+2ω), a2 = −ω²/(1+2ω), gamma = Δ_k (1+ω)/(1+2ω). Index 0 is unused.
 * BDF2 is L-stable (a coordinate that activates late, with a large step, is damped, not made to
 * oscillate as with the trapezoid rule) and second order on smooth grids.
 */
export function bdf2Coefficients(t: Float64Array): {
  a1: Float64Array;
  a2: Float64Array;
  gamma: Float64Array;
} {
  const M = t.length - 1;
  const a1 = new Float64Array(M + 1);
  const a2 = new Float64Array(M + 1);
  const gamma = new Float64Array(M + 1);
  for (let k = 1; k <= M; k++) {
    const dk = t[k] - t[k - 1];
    if (!(dk > 0)) throw invalidArgument("grid", "strictly increasing times starting at 0", t);
    if (k === 1) {
      a1[k] = 1;
      gamma[k] = dk;
    } else {
      const w = dk / (t[k - 1] - t[k - 2]);
      a1[k] = ((1 + w) * (1 + w)) / (1 + 2 * w);
      a2[k] = -(w * w) / (1 + 2 * w);
      gamma[k] = (dk * (1 + w)) / (1 + 2 * w);
    }
  }
  return { a1, a2, gamma };
}

/** Every `step`-th point of a grid (its end included): the nested coarse grid of a Richardson pair. */
export function subGrid(t: Float64Array, step: number): Float64Array {
  const M = t.length - 1;
  if (M % step !== 0) throw invalidArgument("grid", `a number of steps divisible by ${step}`, M);
  const out = new Float64Array(M / step + 1);
  for (let j = 0; j < out.length; j++) out[j] = t[j * step];
  return out;
}
