import { assertFiniteArray, invalidArgument } from "@meanfield/linalg";
import { meanStdErrOf } from "./error-estimate.js";

/** One curve: values on increasing times, with optional one-standard-error bands. */
export interface CrossingCurve {
  times: ArrayLike<number>;
  values: ArrayLike<number>;
  /** Standard error of each value (e.g. the DMFT's combined error); adds a time error |δv / (dv/dt)|. */
  errors?: ArrayLike<number>;
}

export interface CrossingTime {
  /** First time the curve falls to `level` (NaN if it never does), interpolated linearly in (ln t, ln v). */
  time: number;
  /**
   * Error of the interpolation, estimated as the difference with linear interpolation in (t, v) — both are
   * second-order accurate, so their difference is of the size of either's error.
   */
  gridError: number;
  /** Error propagated from the curve's own value errors, |δv / (dv/dt)| (0 without errors). */
  valueError: number;
}

/** First downward crossing of `level` by a positive curve (theory/dmft.md, "Timescales and incremental learning"). */
export function crossingTime(curve: CrossingCurve, level: number): CrossingTime {
  const t = assertFiniteArray(Array.from(curve.times), "times");
  const v = assertFiniteArray(Array.from(curve.values), "values", t.length);
  const e = curve.errors ? assertFiniteArray(Array.from(curve.errors), "errors", t.length) : undefined;
  if (!(level > 0)) throw invalidArgument("level", "a number > 0", level);
  for (let k = 1; k < t.length; k++) {
    if (!(t[k] > t[k - 1])) throw invalidArgument("times", "increasing times", curve.times);
    if (!(v[k - 1] > level && v[k] <= level)) continue;
    // linear in (t, v)
    const lin = t[k - 1] + ((v[k - 1] - level) / (v[k - 1] - v[k])) * (t[k] - t[k - 1]);
    let time = lin;
    if (t[k - 1] > 0 && v[k] > 0) {
      const f = (Math.log(v[k - 1]) - Math.log(level)) / (Math.log(v[k - 1]) - Math.log(v[k]));
      time = Math.exp(Math.log(t[k - 1]) + f * (Math.log(t[k]) - Math.log(t[k - 1])));
    }
    let valueError = 0;
    if (e) {
      const slope = (v[k] - v[k - 1]) / (t[k] - t[k - 1]);
      const w = (time - t[k - 1]) / (t[k] - t[k - 1]);
      valueError = ((1 - w) * e[k - 1] + w * e[k]) / Math.abs(slope);
    }
    return { time, gridError: Math.abs(time - lin), valueError };
  }
  return { time: Number.NaN, gridError: Number.NaN, valueError: Number.NaN };
}

export interface CrossingTimes {
  level: number;
  /** Mean over curves of the crossing times. */
  mean: number;
  /** Standard error over curves (NaN for one curve). */
  stdErr: number;
  /** Root-mean-square of the curves' grid and value errors (for one curve, its own). */
  curveError: number;
  /** The per-curve crossings. */
  perCurve: CrossingTime[];
}

/**
 * Crossing times of several curves (seeds of a simulation, or one DMFT solve) at each level: mean, the
 * standard error over curves and the curves' own interpolation and value errors, so that a timescale read
 * off computed curves carries its error bar from the seeds and from the grid. Throws when a curve never
 * reaches a level (name the level and the curve) — extend the time range or raise the level.
 */
export function crossingTimes(curves: CrossingCurve[], levels: number[]): CrossingTimes[] {
  if (!Array.isArray(curves) || curves.length === 0)
    throw invalidArgument("curves", "a non-empty list", curves);
  return levels.map((level) => {
    const perCurve = curves.map((c, i) => {
      const x = crossingTime(c, level);
      if (!Number.isFinite(x.time)) {
        throw invalidArgument(
          `curves[${i}]`,
          `a curve that falls to the level ${level} within its times`,
          "one that does not",
        );
      }
      return x;
    });
    const S = perCurve.length;
    const { mean, stdErr } = meanStdErrOf(perCurve.map((x) => x.time));
    const curveError = Math.sqrt(perCurve.reduce((a, x) => a + x.gridError ** 2 + x.valueError ** 2, 0) / S);
    return { level, mean, stdErr, curveError, perCurve };
  });
}
