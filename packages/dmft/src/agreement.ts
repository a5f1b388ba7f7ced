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
  /** Allowed distance in seed standard deviations. Default 3. */
  nStd?: number;
  /** Alternative relative tolerance where the spread is tiny. Default 0.05. */
  relTol?: number;
  /**
   * Compare only where the simulated curve exceeds floorRel × its value at t = 0. Default 1e-4:
   * the Monte Carlo DMFT resolves the train loss only down to a floor set by its sampling error
   * (the cancellation in C_r = K (C_Δ + σ²) Kᵀ is exact only in expectation); see README.
   */
  floorRel?: number;
}

export interface AgreementRow {
  t: number;
  dmft: number;
  mean: number;
  std: number;
  /** false where the simulated value is below the floor (not compared). */
  compared: boolean;
  /** (dmft − mean)/std. */
  z: number;
  /** |dmft − mean| / |mean|. */
  rel: number;
  pass: boolean;
}

export interface AgreementResult {
  dmft: DmftResult;
  genError: AgreementRow[];
  trainLoss: AgreementRow[];
  /** Largest |z| and relative deviation over both curves and all grid times. */
  maxAbsZ: number;
  maxRel: number;
  /** Every compared point within nStd seed standard deviations or relTol relative. */
  pass: boolean;
  d: number;
  seeds: number;
}

/**
 * DMFT against finite-size gradient flow (spec §3, issue 5): solves the DMFT, then runs the
 * dln gradient flow for S seeds on the DMFT grid and compares train loss and ε_gen at every grid
 * time: a point passes when |DMFT − mean| ≤ nStd·std (seed-to-seed standard deviation) or
 * ≤ relTol·|mean|. Teachers of the simulation are drawn by the same stratified sampler as the
 * DMFT's Monte Carlo (exactly round(rho d) non-zeros and ‖w*‖² = d), so that the trivial
 * O(1/√(rho d)) fluctuation of the teacher norm does not enter the comparison; design and label
 * noise come from dln with each seed.
 */
export function compareWithSimulation(params: DmftParams, options: AgreementOptions): AgreementResult {
  const d = assertPositiveInteger(options.d, "d");
  const S = assertPositiveInteger(options.seeds, "seeds");
  const nStd = options.nStd ?? 3;
  const relTol = options.relTol ?? 0.05;
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
  const rows = (sim: Float64Array[], th: Float64Array) => {
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
      const diff = Math.abs(th[k] - m);
      const z = std > 0 ? (th[k] - m) / std : diff === 0 ? 0 : Number.POSITIVE_INFINITY;
      const rel = Math.abs(m) > 0 ? diff / Math.abs(m) : diff;
      const compared = Math.abs(m) >= floor;
      const pass = !compared || diff <= nStd * std || rel <= relTol;
      out.push({ t: dmft.t[k], dmft: th[k], mean: m, std, z, rel, pass, compared });
    }
    return out;
  };
  const gRows = rows(eg, dmft.genError);
  const lRows = rows(tl, dmft.trainLoss);
  let maxAbsZ = 0;
  let maxRel = 0;
  let pass = true;
  for (const r of [...gRows, ...lRows]) {
    if (!r.compared) continue;
    maxAbsZ = Math.max(maxAbsZ, Math.abs(r.z));
    maxRel = Math.max(maxRel, r.rel);
    pass &&= r.pass;
  }
  return { dmft, genError: gRows, trainLoss: lRows, maxAbsZ, maxRel, pass, d, seeds: S };
}
