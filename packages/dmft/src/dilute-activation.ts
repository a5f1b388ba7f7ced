import {
  assertFiniteArray,
  assertInRange,
  assertNonNegative,
  assertPositive,
  gaussianExpectation,
  invalidArgument,
  normalCdf,
  normalPdf,
} from "@meanfield/linalg";
import type { TeacherPriorSpec } from "./prior.js";

export interface DiluteActivation {
  /** Rescaled times τ = t / ln(1/alpha). */
  tau: Float64Array;
  /** ε_gen(τ) at leading order in the active fraction. */
  genError: Float64Array;
  /** Train loss ‖y − Xw‖²/(2n) at the same order. */
  trainLoss: Float64Array;
  /** Fraction of coordinates that have activated (|s_i| reached 1). */
  activeFraction: Float64Array;
}

/**
 * The start of the alpha → 0 dynamics in closed form (theory/dmft.md, "The small-alpha limit"): while few
 * coordinates are active, each sees the gradient of the empty model, g = delta·w* + √(delta(E w*² + sigma²))·z,
 * activates at τ = 1/(2|g|) (u²−v² network: ds/dτ = 2g) and jumps to its one-column least-squares value g/delta.
 * So, with the indicator A = 1{|g| > 1/(2τ)},
 *   activeFraction = P(A),  ε_gen = E w*² + E[((g/delta − w*)² − w*²) A],
 *   train loss = ½(E w*² + sigma²) − E[g² A]/(2 delta²).
 * Exact as n, d → ∞ and alpha → 0 to first order in the active fraction: the neglected terms are the
 * coupling between active coordinates, O(activeFraction/delta) relative, and the finite-alpha shift,
 * O(1/ln(1/alpha)) in τ. Built-in priors only (E w*² = 1).
 */
export function diluteActivation(
  params: { delta: number; rho: number; sigma: number; prior?: TeacherPriorSpec },
  tau: ArrayLike<number>,
): DiluteActivation {
  const delta = assertPositive(params.delta, "delta");
  const sigma = assertNonNegative(params.sigma, "sigma");
  const prior = params.prior ?? "bernoulliGaussian";
  if (typeof prior !== "string" || !["bernoulliGaussian", "rademacherSparse", "gaussian"].includes(prior)) {
    throw invalidArgument(
      "prior",
      '"bernoulliGaussian", "rademacherSparse" or "gaussian" (a closed form is needed)',
      prior,
    );
  }
  const rho = prior === "gaussian" ? 1 : assertInRange(params.rho, "rho", 0, 1, { lowerOpen: true });
  const taus = Float64Array.from(assertFiniteArray(Array.from(tau), "tau"));
  for (const x of taus) if (x < 0) throw invalidArgument("tau", "times ≥ 0", tau);
  const q = delta * (1 + sigma * sigma);
  const s = Math.sqrt(q);
  /** [P(A), E[z² A], E[g² A]] for a given w*, g = delta·w + s z. */
  const given = (w: number, th: number): [number, number, number] => {
    const mu = delta * w;
    const a = (th - mu) / s;
    const b = (-th - mu) / s;
    const Qa = normalCdf(-a);
    const Pb = normalCdf(b);
    const pa = normalPdf(a);
    const pb = normalPdf(b);
    const z2 = a * pa + Qa - b * pb + Pb;
    const g2 = mu * mu * (Qa + Pb) + 2 * mu * s * (pa - pb) + q * z2;
    return [Qa + Pb, z2, g2];
  };
  /** E over the prior's non-zero values, of f(w*). */
  const overPrior = (f: (w: number) => number): number => {
    if (prior === "rademacherSparse") {
      const v = 1 / Math.sqrt(rho);
      return rho * 0.5 * (f(v) + f(-v)) + (1 - rho) * f(0);
    }
    const sd = prior === "gaussian" ? 1 : 1 / Math.sqrt(rho);
    const nonZero = gaussianExpectation((z) => f(sd * z), { method: "adaptive", absTol: 1e-12 });
    return rho * nonZero + (1 - rho) * f(0);
  };
  const m = taus.length;
  const out: DiluteActivation = {
    tau: taus,
    genError: new Float64Array(m),
    trainLoss: new Float64Array(m),
    activeFraction: new Float64Array(m),
  };
  for (let k = 0; k < m; k++) {
    if (taus[k] === 0) {
      out.genError[k] = 1;
      out.trainLoss[k] = (1 + sigma * sigma) / 2;
      continue;
    }
    const th = 1 / (2 * taus[k]);
    out.activeFraction[k] = overPrior((w) => given(w, th)[0]);
    out.genError[k] =
      1 +
      overPrior((w) => {
        const [p, z2] = given(w, th);
        return (q / (delta * delta)) * z2 - w * w * p;
      });
    out.trainLoss[k] = (1 + sigma * sigma) / 2 - overPrior((w) => given(w, th)[2]) / (2 * delta * delta);
  }
  return out;
}
