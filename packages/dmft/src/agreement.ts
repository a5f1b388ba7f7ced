import { simulateGradientFlow } from "@meanfield/dln";
import { assertPositiveInteger, createRng } from "@meanfield/linalg";
import type { DmftParams } from "./params.js";
import { sampleTeacherValues } from "./prior.js";
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
   * and the DMFT resolves it (DmftResult.trainLossResolved). Default 1e-4 (the solver's default
   * lossFloor).
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
  const floorRel = options.floorRel ?? 1e-4;
  const dmft = solveDmft(params, options.dmft ?? {});
  const n1 = dmft.t.length;
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
      },
      { times: dmft.t },
    );
    eg.push(run.genError);
    tl.push(run.trainLoss);
  }
  const rows = (
    sim: Float64Array[],
    th: Float64Array,
    thSe: Float64Array,
    thDisc: Float64Array,
    relTol: number,
    resolved?: Uint8Array,
  ) => {
    const out: AgreementRow[] = [];
    let m0 = 0;
    for (const r of sim) m0 += r[0] / S;
    const floor = floorRel * Math.abs(m0);
    for (let k = 0; k < n1; k++) {
      let m = 0;
      for (const r of sim) m += r[k];
      m /= S;
      let v = 0;
      for (const r of sim) v += (r[k] - m) ** 2;
      const std = S > 1 ? Math.sqrt(v / (S - 1)) : 0;
      const stdErr = std / Math.sqrt(S);
      const dmftErr = Math.hypot(Number.isFinite(thSe[k]) ? thSe[k] : 0, thDisc[k]);
      const combined = Math.hypot(stdErr, dmftErr);
      const diff = Math.abs(th[k] - m);
      const z = combined > 0 ? (th[k] - m) / combined : diff === 0 ? 0 : Number.POSITIVE_INFINITY;
      const scale = Math.abs(m) > 0 ? Math.abs(m) : 1;
      const rel = diff / scale;
      const detectable = Math.max(nSe * combined, relTol * Math.abs(m)) / scale;
      const compared = Math.abs(m) >= floor && (resolved === undefined || resolved[k] === 1);
      const pass = !compared || diff <= nSe * combined || rel <= relTol;
      out.push({
        t: dmft.t[k],
        dmft: th[k],
        dmftErr,
        mean: m,
        std,
        stdErr,
        z,
        rel,
        detectable,
        pass,
        compared,
      });
    }
    return out;
  };
  const gRows = rows(eg, dmft.genError, dmft.genErrorStdErr, dmft.genErrorDiscError, relTolGen);
  const lRows = rows(
    tl,
    dmft.trainLoss,
    dmft.trainLossStdErr,
    dmft.trainLossDiscError,
    relTolTrain,
    dmft.trainLossResolved,
  );
  let maxAbsZ = 0;
  let maxRel = 0;
  let pass = true;
  for (const r of [...gRows, ...lRows]) {
    if (!r.compared) continue;
    maxAbsZ = Math.max(maxAbsZ, Math.abs(r.z));
    maxRel = Math.max(maxRel, r.rel);
    pass &&= r.pass;
  }
  const detect = (rs: AgreementRow[]) => rs.reduce((x, r) => (r.compared ? Math.max(x, r.detectable) : x), 0);
  return {
    dmft,
    genError: gRows,
    trainLoss: lRows,
    maxAbsZ,
    maxRel,
    detectableGen: detect(gRows),
    detectableTrain: detect(lRows),
    pass,
    d,
    seeds: S,
  };
}
