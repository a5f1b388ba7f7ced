import { studentTQuantile } from "./student-t.js";
import { invalidArgument } from "./validate.js";

/** A jackknife standard error with its degrees of freedom and 95 % interval (`jackknifeError`). */
export interface JackknifeError {
  standardError: number;
  /** B − 1: the deviation over `standardError` follows Student's t with this many degrees of freedom. */
  degreesOfFreedom: number;
  /** value ± t₀.₉₇₅(B − 1)·standardError. */
  interval95: [number, number];
}

/**
 * The jackknife error of an estimate `value` from its B leave-one-group-out values: s.e. = √((B − 1)/B · Σ(vᵢ − v̄)²),
 * with B − 1 degrees of freedom, and the 95 % interval value ± t₀.₉₇₅(B − 1)·s.e. (Student's t: ± 2.365 s.e. at B = 8).
 * Only the spread of the leave-one-out values enters, so they may equally be given as shifts from `value`.
 */
export function jackknifeError(value: number, leaveOneOut: ArrayLike<number>): JackknifeError {
  const B = leaveOneOut.length;
  if (B < 2) throw invalidArgument("leaveOneOut", "at least 2 leave-one-group-out values", B);
  let mean = 0;
  for (let i = 0; i < B; i++) mean += leaveOneOut[i];
  mean /= B;
  let ss = 0;
  for (let i = 0; i < B; i++) ss += (leaveOneOut[i] - mean) ** 2;
  const standardError = Math.sqrt(((B - 1) / B) * ss);
  const half = studentTQuantile(0.975, B - 1) * standardError;
  return { standardError, degreesOfFreedom: B - 1, interval95: [value - half, value + half] };
}
