import type { Rng } from "@meanfield/linalg";
import type { Prior, TeacherNormalization } from "./params.js";

/**
 * A teacher w* ∈ R^d from a built-in prior (theory/dln.md, "Model"), all with E[w*_i²] = 1:
 * - bernoulliGaussian: 0 w.p. 1 − rho, else N(0, 1/rho);
 * - rademacherSparse: 0 w.p. 1 − rho, else ±1/√rho with equal probability;
 * - gaussian: N(0, 1) (rho ignored).
 *
 * normalization "none" (default): i.i.d. coordinates, drawn in order; each draws its Bernoulli before
 * its value, so the stream is fixed by (seed, d, prior, rho). Then ‖w*‖²/d = ε_gen(0) fluctuates around
 * 1 by O(1/√(rho d)).
 *
 * normalization "exact" (variance reduction): exactly max(1, round(rho d)) non-zeros (all d for
 * "gaussian") whose magnitudes are rescaled so that ‖w*‖²/d = 1 exactly (Rademacher amplitudes are
 * √(d/nnz); Gaussian values are rescaled by their empirical second moment), then the order is
 * shuffled (Fisher–Yates) so that the support is uniform and any prefix is a fair sub-sample. The
 * stream is again fixed by (seed, d, prior, rho). This is the stratified sample that the DMFT Monte
 * Carlo (@meanfield/dmft) uses for its teacher values, and removes the trivial teacher-norm
 * fluctuation from finite-size versus DMFT comparisons.
 */
export function sampleTeacher(
  prior: Prior,
  d: number,
  rho: number,
  rng: Rng,
  normalization: TeacherNormalization = "none",
): Float64Array {
  if (normalization === "exact") return sampleTeacherExact(prior, d, rho, rng);
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

function sampleTeacherExact(prior: Prior, d: number, rho: number, rng: Rng): Float64Array {
  const out = new Float64Array(d);
  if (prior === "gaussian") {
    rng.fillNormal(out);
    let s = 0;
    for (let i = 0; i < d; i++) s += out[i] * out[i];
    const f = 1 / Math.sqrt(s / d);
    for (let i = 0; i < d; i++) out[i] *= f;
    return out;
  }
  const nz = Math.max(1, Math.round(rho * d));
  const amp = Math.sqrt(d / nz); // exact second moment 1 on the sample
  if (prior === "rademacherSparse") {
    for (let i = 0; i < nz; i++) out[i] = rng.uniform() < 0.5 ? -amp : amp;
  } else {
    const g = new Float64Array(nz);
    rng.fillNormal(g);
    let s = 0;
    for (let i = 0; i < nz; i++) s += g[i] * g[i];
    const f = amp / Math.sqrt(s / nz);
    for (let i = 0; i < nz; i++) out[i] = g[i] * f;
  }
  for (let i = d - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = out[i];
    out[i] = out[j];
    out[j] = tmp;
  }
  return out;
}

/** Indices of the non-zero entries of a teacher (its support). */
export function support(w: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) out.push(i);
  return out;
}
