import { simulateGradientFlow } from "@meanfield/dln";
import { assertPositiveInteger, createRng } from "@meanfield/linalg";
import type { DmftParams } from "./params.js";
import { sampleTeacherValues } from "./prior.js";
import type { ReferenceSetting } from "./reference-curves.js";
import { type DmftOptions, type DmftResult, solveDmft } from "./solve-dmft.js";

export interface AgreementOptions {
  /** Dimension d of the simulation (n = round(delta d)). */
  d: number;
  /** Number of seeds S (≥ 2). */
  seeds: number;
  /** Options of the DMFT solve (grid, samples, …). */
  dmft?: DmftOptions;
  /** Allowed distance in combined standard errors (two-sided). Default 3. */
  nSe?: number;
  /** Relative tolerance for ε_gen below which a difference is accepted. Default 0.02. */
  relTolGen?: number;
  /** Relative tolerance for the train loss. Default 0.05. */
  relTolTrain?: number;
  /**
   * Compare the train loss only where the simulated curve exceeds floorRel × its value at t = 0
   * and the DMFT resolves it (DmftResult.trainLossResolved). Default 1e-8 (the solver's default
   * resolveFloor).
   */
  floorRel?: number;
}

export interface AgreementRow {
  t: number;
  dmft: number;
  /** The DMFT's estimated error √(stdErr² + discretisation²). */
  dmftErr: number;
  /** Simulation mean over seeds, its seed-to-seed standard deviation and standard error. */
  mean: number;
  std: number;
  stdErr: number;
  /** false where the simulated value is below the floor or the DMFT does not resolve it. */
  compared: boolean;
  /** (dmft − mean)/√(dmftErr² + stdErr²). */
  z: number;
  /** |dmft − mean| / |mean|. */
  rel: number;
  /** Smallest relative discrepancy this row could detect: max(nSe·combined error, relTol·|mean|)/|mean|. */
  detectable: number;
  pass: boolean;
}

export interface AgreementResult {
  dmft: DmftResult;
  genError: AgreementRow[];
  trainLoss: AgreementRow[];
  /** Largest |z| and relative deviation over both curves and all grid times. */
  maxAbsZ: number;
  maxRel: number;
  /** Largest smallest-detectable relative discrepancy over the compared points of each curve. */
  detectableGen: number;
  detectableTrain: number;
  /** Every compared point within nSe combined standard errors or its relative tolerance. */
  pass: boolean;
  d: number;
  seeds: number;
}

/**
 * DMFT against finite-size gradient flow: solves the DMFT, then runs the dln gradient flow for S
 * seeds on the DMFT grid and compares train loss and ε_gen at every grid time, two-sided with the
 * errors of both sides: a point passes when |DMFT − mean| ≤ nSe·√(se_sim² + err_dmft²) (se_sim
 * the standard error of the seed mean, err_dmft the DMFT's Monte Carlo and discretisation error)
 * or ≤ relTol·|mean|. Teachers of the simulation are drawn by the same stratified sampler as the
 * DMFT's Monte Carlo (exactly round(rho d) non-zeros and ‖w*‖² = d), so that the trivial
 * O(1/√(rho d)) fluctuation of the teacher norm does not enter the comparison; design and label
 * noise come from dln with each seed.
 */
export function compareWithSimulation(params: DmftParams, options: AgreementOptions): AgreementResult {
  const d = assertPositiveInteger(options.d, "d");
  const S = assertPositiveInteger(options.seeds, "seeds");
  const nSe = options.nSe ?? 3;
  const relTolGen = options.relTolGen ?? 0.02;
  const relTolTrain = options.relTolTrain ?? 0.05;
  const floorRel = options.floorRel ?? 1e-8;
  const dmft = solveDmft(params, options.dmft ?? {});
  const timePoints = dmft.t.length;
  const eg: Float64Array[] = [];
  const tl: Float64Array[] = [];
  const prior = params.prior ?? "bernoulliGaussian";
  for (let s = 0; s < S; s++) {
    const wStar = sampleTeacherValues(prior, params.rho, d, createRng(`agreement-teacher-${s}`));
    const run = simulateGradientFlow(
      {
        d,
        delta: params.delta,
        alpha: params.alpha,
        rho: params.rho,
        sigma: params.sigma,
        T: params.T,
        seed: s,
        wStar,
        ...(params.mobility === "linear" ? { model: "linear" as const } : {}),
        ...(params.truncation === undefined ? {} : { truncation: params.truncation }),
      },
      { times: dmft.t },
    );
    eg.push(run.genError);
    tl.push(run.trainLoss);
  }
  const simCurve = (sim: Float64Array[]) => {
    const mean = new Float64Array(timePoints);
    const std = new Float64Array(timePoints);
    for (let k = 0; k < timePoints; k++) {
      for (const r of sim) mean[k] += r[k] / S;
      let v = 0;
      for (const r of sim) v += (r[k] - mean[k]) ** 2;
      std[k] = S > 1 ? Math.sqrt(v / (S - 1)) : 0;
    }
    return { mean, std, stdErr: std.map((x) => x / Math.sqrt(S)) };
  };
  const g = simCurve(eg);
  const l = simCurve(tl);
  const gen = compareCurve(
    dmft.t,
    dmft.genError,
    totalError(dmft.genErrorStdErr, dmft.genErrorDiscError),
    g.mean,
    g.stdErr,
    {
      nSe,
      relTol: relTolGen,
      floorRel,
      std: g.std,
    },
  );
  const train = compareCurve(
    dmft.t,
    dmft.trainLoss,
    totalError(dmft.trainLossStdErr, dmft.trainLossDiscError),
    l.mean,
    l.stdErr,
    { nSe, relTol: relTolTrain, floorRel, include: dmft.trainLossResolved, std: l.std },
  );
  const gRows = gen.rows;
  const lRows = train.rows;
  let pass = true;
  for (const r of [...gRows, ...lRows]) if (r.compared) pass &&= r.pass;
  return {
    dmft,
    genError: gRows,
    trainLoss: lRows,
    maxAbsZ: Math.max(gen.maxZ, train.maxZ),
    maxRel: Math.max(gen.relative, train.relative),
    detectableGen: gen.detectable,
    detectableTrain: train.detectable,
    pass,
    d,
    seeds: S,
  };
}

/** A two-sided comparison of one curve with an independent one, point by point (compareCurve). */
export interface CurveAgreement {
  rows: AgreementRow[];
  /** Largest |theory − mean| over the compared points, and where. */
  absolute: number;
  atTime: number;
  /** Largest |theory − mean| / |mean|. */
  relative: number;
  /** Largest |z|, z = (theory − mean)/√(err² + se²). */
  maxZ: number;
  /** Fraction of compared points within 2 combined standard errors. */
  fractionWithin2Se: number;
  /** Largest smallest-detectable relative discrepancy max(nSe·combined, relTol·|mean|)/|mean|. */
  detectable: number;
  /** Number of compared points. */
  compared: number;
  /** Every compared point passes, and at least one was compared. */
  agrees: boolean;
  nSe: number;
  relTol: number;
}

/** √(se² + disc²) elementwise: a DMFT curve's total estimated error. */
export function totalError(stdErr: ArrayLike<number>, discError: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: stdErr.length }, (_, i) =>
    Math.hypot(Number.isFinite(stdErr[i]) ? stdErr[i] : 0, discError[i]),
  );
}

/**
 * Compares a theory curve (with its estimated error) and an independent mean (with its standard
 * error) at the same times, two-sided with the errors of both sides: a point passes when
 * |theory − mean| ≤ nSe·√(err² + se²) or ≤ relTol·|mean|. Points are compared where both values are
 * finite, |mean| ≥ floorRel·|mean(0)| and `include` (when given) is set; each row also states the
 * smallest relative discrepancy it could detect.
 */
export function compareCurve(
  t: ArrayLike<number>,
  theory: ArrayLike<number>,
  theoryErr: ArrayLike<number>,
  mean: ArrayLike<number>,
  meanStdErr: ArrayLike<number>,
  options: {
    relTol: number;
    nSe?: number;
    floorRel?: number;
    include?: ArrayLike<number | boolean>;
    /** Seed-to-seed standard deviation, copied into the rows (default 0). */
    std?: ArrayLike<number>;
  },
): CurveAgreement {
  const nSe = options.nSe ?? 3;
  const floor = (options.floorRel ?? 0) * Math.abs(mean[0]);
  const rows: AgreementRow[] = [];
  let absolute = 0;
  let atTime = Number.NaN;
  let relative = 0;
  let maxZ = 0;
  let within = 0;
  let detectable = 0;
  let compared = 0;
  let agrees = true;
  for (let k = 0; k < t.length; k++) {
    const th = theory[k];
    const m = mean[k];
    const stdErr = Number.isFinite(meanStdErr[k]) ? meanStdErr[k] : 0;
    const dmftErr = Number.isFinite(theoryErr[k]) ? theoryErr[k] : 0;
    const combined = Math.hypot(stdErr, dmftErr);
    const diff = Math.abs(th - m);
    const z = combined > 0 ? (th - m) / combined : diff === 0 ? 0 : Number.POSITIVE_INFINITY;
    const scale = Math.abs(m) > 0 ? Math.abs(m) : 1;
    const rel = diff / scale;
    const rowDetectable = Math.max(nSe * combined, options.relTol * Math.abs(m)) / scale;
    const isCompared =
      Number.isFinite(th) &&
      Number.isFinite(m) &&
      Math.abs(m) >= floor &&
      (options.include === undefined || Boolean(options.include[k]));
    const pass = !isCompared || diff <= nSe * combined || rel <= options.relTol;
    rows.push({
      t: t[k],
      dmft: th,
      dmftErr,
      mean: m,
      std: options.std ? options.std[k] : 0,
      stdErr,
      z,
      rel,
      detectable: rowDetectable,
      pass,
      compared: isCompared,
    });
    if (!isCompared) continue;
    compared++;
    if (diff > absolute) {
      absolute = diff;
      atTime = t[k];
    }
    relative = Math.max(relative, rel);
    maxZ = Math.max(maxZ, Math.abs(z));
    if (Math.abs(z) <= 2) within++;
    detectable = Math.max(detectable, rowDetectable);
    agrees &&= pass;
  }
  return {
    rows,
    absolute,
    atTime,
    relative,
    maxZ,
    fractionWithin2Se: compared ? within / compared : Number.NaN,
    detectable,
    compared,
    agrees: agrees && compared > 0,
    nSe,
    relTol: options.relTol,
  };
}

/** Linear interpolation of the curve (t, x) at time tt (clamped to the grid). */
export function interpolateCurve(t: ArrayLike<number>, x: ArrayLike<number>, tt: number): number {
  let k = 1;
  while (k < t.length - 1 && t[k] < tt) k++;
  const f = Math.min(Math.max((tt - t[k - 1]) / (t[k] - t[k - 1]), 0), 1);
  return x[k - 1] * (1 - f) + x[k] * f;
}

/**
 * A DMFT solve against one of the shipped reference settings (referenceCurves()): the solve's
 * curves and errors are interpolated onto the reference times, and ε_gen (relTol 2 %) and the
 * train loss (relTol 5 %, only where the DMFT resolves it at both neighbouring grid points) are
 * compared with compareCurve; t = 0, exact on both sides, is not compared.
 */
export function compareWithReference(
  r: DmftResult,
  ref: ReferenceSetting,
  options: { nSe?: number; relTolGen?: number; relTolTrain?: number } = {},
): { genError: CurveAgreement; trainLoss: CurveAgreement; agrees: boolean } {
  const at = (x: ArrayLike<number>) => ref.t.map((tt) => interpolateCurve(r.t, x, tt));
  const resolved = ref.t.map((tt) => {
    let k = 1;
    while (k < r.t.length - 1 && r.t[k] < tt) k++;
    return tt > 0 && r.trainLossResolved[k] === 1 && r.trainLossResolved[k - 1] === 1;
  });
  const nSe = options.nSe ?? 3;
  const genError = compareCurve(
    ref.t,
    at(r.genError),
    at(totalError(r.genErrorStdErr, r.genErrorDiscError)),
    ref.genError.mean,
    ref.genError.stdErr,
    { nSe, relTol: options.relTolGen ?? 0.02, include: ref.t.map((tt) => tt > 0) },
  );
  const trainLoss = compareCurve(
    ref.t,
    at(r.trainLoss),
    at(totalError(r.trainLossStdErr, r.trainLossDiscError)),
    ref.trainLoss.mean,
    ref.trainLoss.stdErr,
    { nSe, relTol: options.relTolTrain ?? 0.05, include: resolved },
  );
  return { genError, trainLoss, agrees: genError.agrees && trainLoss.agrees };
}
