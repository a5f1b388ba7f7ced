/**
 * Two-sided agreement of a theory curve (with its own error) and a simulation mean (with its
 * standard error), point by point: a point agrees when |theory − mean| ≤ nSe·√(err² + se²) or
 * ≤ relTol·|mean|. Reports the largest discrepancy and the smallest relative discrepancy the
 * comparison could have detected, so that "agrees" is only said where the check had power.
 */
export interface AgreementSummary {
  /** Largest |theory − mean| over the compared points, and where. */
  absolute: number;
  atTime: number;
  /** Largest |theory − mean| / |mean|. */
  relative: number;
  /** Largest |theory − mean| / √(err² + se²). */
  maxZ: number;
  /** Fraction of compared points within 2 combined standard errors. */
  fractionWithin2Se: number;
  /** Largest smallest-detectable relative discrepancy max(nSe·combined, relTol·|mean|)/|mean|. */
  detectable: number;
  compared: number;
  agrees: boolean;
  nSe: number;
  relTol: number;
}

export function agreementSummary(
  times: ArrayLike<number>,
  theory: ArrayLike<number>,
  theoryErr: ArrayLike<number>,
  mean: ArrayLike<number>,
  meanStdErr: ArrayLike<number>,
  options: { nSe?: number; relTol: number; floorRel?: number; include?: ArrayLike<number | boolean> },
): AgreementSummary {
  const nSe = options.nSe ?? 3;
  const floor = (options.floorRel ?? 0) * Math.abs(mean[0]);
  let abs = 0;
  let at = Number.NaN;
  let rel = 0;
  let maxZ = 0;
  let within = 0;
  let count = 0;
  let detectable = 0;
  let agrees = true;
  for (let i = 0; i < theory.length; i++) {
    const a = theory[i];
    const b = mean[i];
    if (!Number.isFinite(a) || !Number.isFinite(b) || Math.abs(b) < floor) continue;
    if (options.include && !options.include[i]) continue;
    count++;
    const e = Number.isFinite(theoryErr[i]) ? theoryErr[i] : 0;
    const s = Number.isFinite(meanStdErr[i]) ? meanStdErr[i] : 0;
    const combined = Math.hypot(e, s);
    const d = Math.abs(a - b);
    const scale = Math.max(Math.abs(b), 1e-300);
    if (d > abs) {
      abs = d;
      at = times[i];
    }
    rel = Math.max(rel, d / scale);
    const z = combined > 0 ? d / combined : d > 0 ? Number.POSITIVE_INFINITY : 0;
    maxZ = Math.max(maxZ, z);
    if (z <= 2) within++;
    detectable = Math.max(detectable, Math.max(nSe * combined, options.relTol * Math.abs(b)) / scale);
    if (!(d <= nSe * combined || d <= options.relTol * Math.abs(b))) agrees = false;
  }
  return {
    absolute: abs,
    atTime: at,
    relative: rel,
    maxZ,
    fractionWithin2Se: count ? within / count : Number.NaN,
    detectable,
    compared: count,
    agrees: agrees && count > 0,
    nSe,
    relTol: options.relTol,
  };
}

/** √(a² + b²) elementwise: a DMFT curve's total error from its standard error and discretisation estimate. */
export function totalError(se: ArrayLike<number>, disc: ArrayLike<number>): number[] {
  return Array.from({ length: se.length }, (_, i) => Math.hypot(Number.isFinite(se[i]) ? se[i] : 0, disc[i]));
}
