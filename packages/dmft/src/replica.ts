import { MeanfieldError, type Rng } from "@meanfield/linalg";
import { type DmftChange, runStage, type StageResult, type StageTiming } from "./fixed-point-stage.js";
import type { Mobility } from "./mobility.js";
import { noisePaths } from "./noise-paths.js";
import type { TeacherPriorSpec } from "./prior.js";
import { sampleDesign } from "./sample-design.js";
import { bdf2Coefficients } from "./time-grid.js";
import { interpolateTwoTime } from "./warm-start.js";

/**
 * One Monte Carlo replica of the DMFT solve: its own stratified sample design and noise paths
 * (from its own random stream), solved on a sequence of nested grids, coarsest first, each
 * warm-started from the previous one. The grids are sub-grids of the final one (every second or
 * fourth point), so the solution on the half grid is the coarse partner of the Richardson
 * estimate of the discretisation error (error-estimate.ts).
 *
 * Growing windows (causality): the discrete DMFT on [0, t_m] involves only the first m grid
 * steps, so on each grid the fixed point is found on windows t_0..t_{m_1}, t_0..t_{m_2}, …, t_M,
 * each warm-started from the last. The noise paths are drawn once per grid and every window uses
 * their first m rows (moment matching whitens rows in order, so a prefix is itself matched), so
 * a window's solution is exactly the restriction of the next one's: the already converged early
 * times stay put and the iterations only have to settle the new times.
 */
export interface ReplicaInput {
  grids: Float64Array[];
  prior: TeacherPriorSpec;
  rho: number;
  delta: number;
  sigma: number;
  mobility: Mobility;
  samples: number;
  responses: number;
  rng: Rng;
  momentMatching: boolean;
  damping: number;
  anderson: number;
  extrapolate: boolean;
  tol: number;
  /** Relative level of the diagonals below which changes are absolute (fixed-point-stage.ts). */
  floor: number;
  /** Deeper level down to which the train loss is resolved, at a looser tolerance (fixed-point-stage.ts). */
  deepFloor: number;
  maxIterations: number;
  activeThreshold: number;
  timing: StageTiming & { setupMs: number };
  /** A starting point on some grid (interpolated onto the first grid). */
  warm?: { t: Float64Array; gamma: Float64Array; cDelta: Float64Array; rW: Float64Array };
  /** The last `reported` grids are reported (their fixed points must converge); earlier ones are warm-ups. */
  reported: number;
  /** Number of growing windows per grid (1 = the whole grid at once). */
  windows: number;
  onIteration?: (
    stage: number,
    gridPoints: number,
    iteration: number,
    change: DmftChange,
    residual: number,
  ) => void;
}

export interface ReplicaStage extends StageResult {
  t: Float64Array;
  gamma: Float64Array;
}

/** Fixed-point tolerance of the warm-up grids (see the call site). */
export const WARM_UP_TOL = 3e-2;

export function solveReplica(input: ReplicaInput): ReplicaStage[] {
  const t0 = performance.now();
  const design = sampleDesign(
    input.prior,
    input.rho,
    input.samples,
    input.responses,
    input.rng.fork("teacher"),
  );
  input.timing.setupMs += performance.now() - t0;
  let secondMoment = 0;
  for (let s = 0; s < design.wStar.length; s++) secondMoment += design.weight[s] * design.wStar[s] ** 2;
  const out: ReplicaStage[] = [];
  let state = input.warm;
  // Common random numbers across grids: the noise paths are drawn once, for the final grid, and a
  // sub-grid with every s-th point uses the rows of the steps it keeps (rows s·j − 1). A subset of
  // moment-matched rows is itself moment-matched, the coarse and fine Monte Carlo errors are then
  // strongly correlated, so the warm start from the coarse grid is close and the Richardson
  // difference between the grids is mostly discretisation, not sampling noise.
  const gridsOut = input.grids;
  const Mfinal = gridsOut[gridsOut.length - 1].length - 1;
  const t1 = performance.now();
  const zFinal = noisePaths(
    Mfinal,
    input.samples,
    design.wStar,
    design.weight,
    input.rng.fork(`z${Mfinal}`),
    input.momentMatching,
    design.stratum,
  );
  input.timing.setupMs += performance.now() - t1;
  for (let st = 0; st < input.grids.length; st++) {
    const tFull = input.grids[st];
    const M = tFull.length - 1;
    const coefFull = bdf2Coefficients(tFull);
    const step = Mfinal / M;
    let zFull = zFinal;
    if (step !== 1) {
      if (!Number.isInteger(step)) throw new Error(`grid ${M} is not a sub-grid of ${Mfinal}`);
      const N = input.samples;
      zFull = new Float64Array(M * N);
      for (let j = 1; j <= M; j++) zFull.set(zFinal.subarray((step * j - 1) * N, step * j * N), (j - 1) * N);
    }
    const ends = windowEnds(M, !state ? input.windows : 1);
    let r: ReturnType<typeof runStage> | undefined;
    let iterations = 0;
    let allConverged = true;
    let worstError = 0;
    const residuals: number[] = [];
    for (const m of ends) {
      const t = tFull.subarray(0, m + 1);
      const timePoints = m + 1;
      const coef = {
        a1: coefFull.a1.subarray(0, timePoints),
        a2: coefFull.a2.subarray(0, timePoints),
        gamma: coefFull.gamma.subarray(0, timePoints),
      };
      let cDelta: Float64Array;
      let rW: Float64Array;
      if (state) {
        const moved = interpolateTwoTime(
          state.t,
          state.gamma,
          state.cDelta,
          state.rW,
          t,
          coef.gamma,
          input.delta,
        );
        cDelta = moved.cDelta;
        rW = moved.rW;
      } else {
        cDelta = new Float64Array(timePoints * timePoints).fill(secondMoment);
        rW = new Float64Array(timePoints * timePoints);
      }
      const warmUp = st < input.grids.length - input.reported;
      const stageInput: Parameters<typeof runStage>[0] = {
        t,
        coef,
        cDelta,
        rW,
        z: zFull.subarray(0, m * input.samples),
        wStar: design.wStar,
        weight: design.weight,
        responseCount: design.responseCount,
        responseWeight: design.responseWeight,
        delta: input.delta,
        sigma: input.sigma,
        mobility: input.mobility,
        damping: input.damping,
        // from a cold start Anderson's extrapolated iterates can leave the PSD cone: plain first
        anderson: state ? input.anderson : 0,
        extrapolate: input.extrapolate,
        // a warm-up grid only supplies a starting point for the next grid, which differs from it by
        // its discretisation error (several per cent): settling it below 1 % buys nothing
        tol: warmUp ? Math.max(input.tol, WARM_UP_TOL) : input.tol,
        floor: input.floor,
        // nor down to the resolution floor
        deepFloor: warmUp ? input.floor : input.deepFloor,
        maxIterations: input.maxIterations,
        activeThreshold: input.activeThreshold,
        timing: input.timing,
        onIteration: (it, change, residual) => input.onIteration?.(st, M, it, change, residual),
      };
      if (warmUp) {
        // a warm-up grid only supplies a starting point: if its iteration breaks down or does not
        // converge (too coarse for fast early dynamics; it may then oscillate far from any fixed
        // point), the next grid starts cold instead
        try {
          r = runStage(stageInput);
        } catch (e) {
          if (!(e instanceof MeanfieldError) || e.code !== "NOT_CONVERGED") throw e;
          r = undefined;
        }
        if (!r?.converged) {
          r = undefined;
          state = undefined;
          break;
        }
      } else r = runStage(stageInput);
      iterations += r.iterations;
      allConverged &&= r.converged;
      residuals.push(...r.residuals);
      worstError = Math.max(worstError, r.errorEstimate);
      state = { t, gamma: coef.gamma, cDelta: r.cDelta, rW: r.rW };
    }
    if (!r) {
      if (st < input.grids.length - input.reported) continue;
      throw new Error("no window ran");
    }
    out.push({
      ...r,
      iterations,
      converged: allConverged,
      errorEstimate: worstError,
      t: tFull,
      gamma: coefFull.gamma,
    });
  }
  return out;
}

/** Ends m_1 < … < m_w = M of w growing windows, equal in number of grid steps (≥ 4 each). */
export function windowEnds(M: number, w: number): number[] {
  const count = Math.max(1, Math.min(w, Math.floor(M / 4)));
  const ends: number[] = [];
  for (let i = 1; i <= count; i++) ends.push(Math.round((M * i) / count));
  return ends;
}
