import { PRIORS, sampleTeacher } from "@meanfield/dln";
import { assertInRange, invalidArgument, type Rng } from "@meanfield/linalg";

/** A user prior for the teacher coordinates w*: a sampler (E[w*²] is estimated from the draws). */
export interface CustomPrior {
  name?: string;
  sample(rng: Rng): number;
}

/**
 * Teacher priors of theory/dln.md, "Model", each with E[w*²] = 1: "bernoulliGaussian" (0 w.p. 1 − rho, else
 * N(0, 1/rho)), "rademacherSparse" (±1/√rho w.p. rho, else 0), "gaussian" (dense N(0, 1); rho ignored),
 * or a custom sampler.
 */
export type TeacherPriorSpec = "bernoulliGaussian" | "rademacherSparse" | "gaussian" | CustomPrior;

/**
 * N teacher values for the Monte Carlo. Variance reduction (a modelling choice, documented in the
 * README): for the built-in priors this is dln's sampleTeacher with normalization "exact" (one
 * implementation for the DMFT's teacher values and the simulations' teachers): exactly round(rho N)
 * non-zeros, empirical second moment exactly 1, order shuffled so that any prefix (the response
 * subset) is a fair sub-sample. A custom prior is sampled i.i.d. as given.
 */
export function sampleTeacherValues(prior: TeacherPriorSpec, rho: number, N: number, rng: Rng): Float64Array {
  if (typeof prior === "object") {
    const out = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const v = prior.sample(rng);
      if (!Number.isFinite(v)) throw invalidArgument("prior.sample()", "finite values", v);
      out[i] = v;
    }
    return out;
  }
  if (!(PRIORS as readonly string[]).includes(prior)) {
    throw invalidArgument(
      "prior",
      '"bernoulliGaussian", "rademacherSparse", "gaussian" or { sample(rng) }',
      prior,
    );
  }
  if (prior !== "gaussian") assertInRange(rho, "rho", 0, 1, { lowerOpen: true });
  return sampleTeacher(prior, N, rho, rng, "exact");
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
