import { assertInRange, invalidArgument, type Rng } from "@meanfield/linalg";

/** A user prior for the teacher coordinates w*: a sampler (E[w*²] is estimated from the draws). */
export interface CustomPrior {
  name?: string;
  sample(rng: Rng): number;
}

/**
 * Teacher priors of spec §1, each with E[w*²] = 1: "bernoulliGaussian" (0 w.p. 1 − rho, else
 * N(0, 1/rho)), "rademacherSparse" (±1/√rho w.p. rho, else 0), "gaussian" (dense N(0, 1); rho ignored),
 * or a custom sampler.
 */
export type TeacherPriorSpec = "bernoulliGaussian" | "rademacherSparse" | "gaussian" | CustomPrior;

/**
 * N teacher values for the Monte Carlo. Variance reduction (a modelling choice, documented in the
 * README): for the built-in sparse priors the number of non-zeros is exactly round(rho N) and the
 * Gaussian magnitudes are rescaled to have empirical second moment exactly 1/rho, so E[w*²] = 1
 * holds exactly on the sample; the order is then shuffled.
 */
export function sampleTeacherValues(prior: TeacherPriorSpec, rho: number, N: number, rng: Rng): Float64Array {
  const out = new Float64Array(N);
  if (typeof prior === "object") {
    for (let i = 0; i < N; i++) {
      const v = prior.sample(rng);
      if (!Number.isFinite(v)) throw invalidArgument("prior.sample()", "finite values", v);
      out[i] = v;
    }
    return out;
  }
  if (prior === "gaussian") {
    rng.fillNormal(out);
    let s = 0;
    for (let i = 0; i < N; i++) s += out[i] * out[i];
    const f = 1 / Math.sqrt(s / N);
    for (let i = 0; i < N; i++) out[i] *= f;
    return out;
  }
  assertInRange(rho, "rho", 0, 1, { lowerOpen: true });
  const nz = Math.max(1, Math.round(rho * N));
  const amp = Math.sqrt(N / nz); // exact second moment 1 on the sample
  if (prior === "rademacherSparse") {
    for (let i = 0; i < nz; i++) out[i] = rng.uniform() < 0.5 ? -amp : amp;
  } else if (prior === "bernoulliGaussian") {
    const g = new Float64Array(nz);
    rng.fillNormal(g);
    let s = 0;
    for (let i = 0; i < nz; i++) s += g[i] * g[i];
    const f = amp / Math.sqrt(s / nz);
    for (let i = 0; i < nz; i++) out[i] = g[i] * f;
  } else {
    throw invalidArgument(
      "prior",
      '"bernoulliGaussian", "rademacherSparse", "gaussian" or { sample(rng) }',
      prior,
    );
  }
  // Fisher–Yates shuffle so that any prefix (the response subset) is a fair sub-sample.
  for (let i = N - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = out[i];
    out[i] = out[j];
    out[j] = tmp;
  }
  return out;
}

/** The prior's second moment E[w*²] and probability of a non-zero (exact for built-ins). */
export function priorMoments(
  prior: TeacherPriorSpec,
  rho: number,
): { secondMoment: number; nonZero: number } {
  if (typeof prior === "object") return { secondMoment: Number.NaN, nonZero: Number.NaN };
  if (prior === "gaussian") return { secondMoment: 1, nonZero: 1 };
  return { secondMoment: 1, nonZero: rho };
}
