import { invalidArgument, weightedLineFit } from "@meanfield/linalg";
import { meanStdErrOf } from "./error-estimate.js";
import { type CrossingCurve, crossingTimes } from "./level-crossings.js";

export interface TimescaleScaling {
  level: number;
  /** Leading coefficient: t_level(alpha) ≈ tau·ln(1/alpha) + offset (the rescaled time of the alpha → 0 limit). */
  tau: number;
  tauStdErr: number;
  /** The O(1) term in t. */
  offset: number;
  offsetStdErr: number;
  /** Per-alpha mean crossing time and its error (seeds, or the curve's own grid and value errors). */
  times: { alpha: number; mean: number; error: number }[];
  /** The per-data-set leading coefficients (paired fits; one entry when there is one curve per alpha). */
  perDataSet: number[];
}

/**
 * The learning timescales as asymptotics in alpha (theory/dmft.md, "Timescales and incremental learning"): the
 * time t at which a curve falls to `level`, read off curves at several alpha < 1, fitted by
 * t = tau·ln(1/alpha) + offset. `curves[i]` holds the curves at `alphas[i]`, one per data set; with ≥ 2
 * data sets per alpha the curves must be paired (data set k the same at every alpha), the line is fitted
 * per data set and tau's error is the standard error over data sets; with one curve per alpha (a DMFT
 * solve) the fit is weighted by each crossing's grid and value errors. Only alphas small enough for the
 * O(1/ln(1/alpha)) remainder to be negligible should be passed (the reference shows it at level 0.1 for
 * alpha ≥ 1e-2).
 */
export function timescaleScaling(
  alphas: number[],
  curves: CrossingCurve[][],
  levels: number[],
): TimescaleScaling[] {
  if (!Array.isArray(alphas) || alphas.length < 2)
    throw invalidArgument("alphas", "at least 2 values", alphas);
  if (alphas.some((a) => !(a > 0 && a < 1))) throw invalidArgument("alphas", "values in (0, 1)", alphas);
  if (!Array.isArray(curves) || curves.length !== alphas.length) {
    throw invalidArgument("curves", `one list of curves per alpha (${alphas.length})`, curves?.length);
  }
  const S = curves[0].length;
  if (curves.some((c) => c.length !== S))
    throw invalidArgument(
      "curves",
      "the same number of data sets at every alpha",
      curves.map((c) => c.length),
    );
  const L = alphas.map((a) => Math.log(1 / a));
  const crossings = curves.map((c) => crossingTimes(c, levels));
  return levels.map((level, li) => {
    const times = alphas.map((alpha, ai) => {
      const c = crossings[ai][li];
      return { alpha, mean: c.mean, error: S > 1 ? c.stdErr : c.curveError };
    });
    if (S === 1) {
      const errs = times.map((t) => Math.max(t.error, 1e-12 * Math.abs(t.mean)));
      const fit = weightedLineFit(
        L,
        times.map((t) => t.mean),
        errs,
      );
      return {
        level,
        tau: fit.slope,
        tauStdErr: fit.slopeStdErr,
        offset: fit.intercept,
        offsetStdErr: fit.interceptStdErr,
        times,
        perDataSet: [fit.slope],
      };
    }
    const fits = Array.from({ length: S }, (_, k) =>
      weightedLineFit(
        L,
        crossings.map((c) => c[li].perCurve[k].time),
      ),
    );
    const { mean: tau, stdErr: tauStdErr } = meanStdErrOf(fits.map((f) => f.slope));
    const { mean: offset, stdErr: offsetStdErr } = meanStdErrOf(fits.map((f) => f.intercept));
    return { level, tau, tauStdErr, offset, offsetStdErr, times, perDataSet: fits.map((f) => f.slope) };
  });
}
