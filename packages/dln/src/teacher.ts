import type { Rng } from "@meanfield/linalg";
import type { Prior } from "./params.js";

/**
 * A teacher w* ∈ R^d with i.i.d. entries from a built-in prior (spec §1), all with E[w*_i²] = 1:
 * - bernoulliGaussian: 0 w.p. 1 − rho, else N(0, 1/rho);
 * - rademacherSparse: 0 w.p. 1 − rho, else ±1/√rho with equal probability;
 * - gaussian: N(0, 1) (rho ignored).
 * Coordinates are drawn in order; each draws its Bernoulli before its value, so the stream is fixed by
 * (seed, d, prior, rho).
 */
export function sampleTeacher(prior: Prior, d: number, rho: number, rng: Rng): Float64Array {
  const w = new Float64Array(d);
  const s = 1 / Math.sqrt(rho);
  for (let i = 0; i < d; i++) {
    if (prior === "gaussian") {
      w[i] = rng.normal();
    } else if (rng.bernoulli(rho)) {
      w[i] = prior === "bernoulliGaussian" ? s * rng.normal() : rng.bernoulli(0.5) ? s : -s;
    }
  }
  return w;
}

/** Indices of the non-zero entries of a teacher (its support). */
export function support(w: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) out.push(i);
  return out;
}
