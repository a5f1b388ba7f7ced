import { choleskyWithJitter, createMatrix, fixedPoint, MeanfieldError } from "@meanfield/linalg";
import type { Mobility } from "./mobility.js";
import { runParameterProcess } from "./parameter-process.js";
import { tangentResponses } from "./responses.js";
import { residualCorrelation, unitPlusLowerInverse } from "./sample-process.js";

/**
 * The iteration driver: one fixed-point solve of the discrete DMFT on one grid for one Monte
 * Carlo replica. The unknown x = (C_Δ, R_w); the map is sample process (exact Volterra inversion)
 * → Cholesky factor of δ C_r → parameter process (Monte Carlo) → tangent responses. Theory:
 * apps/docs/docs/theory/dmft-numerics.md, "Fixed-point iteration".
 *
 * Convergence is judged on the quantities that are reported, per time and relative to their own
 * size (a sup-norm relative to the largest value would certify late times, where ε_gen and the
 * train loss are orders of magnitude below their start, only in absolute terms): the change of
 * the diagonals C_Δ(t,t) and C_r(t,t), each relative to max(value, floor · its value at t = 0),
 * and the relative sup-norm change of R_w and R_r. The fixed-point error is then estimated from
 * the observed contraction c (ratio of successive changes) as change/(1 − c) by linalg's fixedPoint (stopOn "errorEstimate", Aitken-extrapolated), and the stage
 * stops when that estimate is below `tol`.
 */

/** Relative changes of one iteration. */
export interface DmftChange {
  /**
   * max_t |ΔC_Δ(t,t)| / max(C_Δ(t,t), floor · C_Δ(0,0)), or that relative to
   * max(C_Δ(t,t), deepFloor · C_Δ(0,0)) divided by DEEP_TOL_FACTOR where larger.
   */
  cDelta: number;
  /** Relative sup-norm change of R_w. */
  rW: number;
  /** As cDelta, for C_r(t,t). */
  cR: number;
  /** Relative sup-norm change of R_r. */
  rR: number;
}

export interface StageTiming {
  monteCarloMs: number;
  responsesMs: number;
  volterraMs: number;
  choleskyMs: number;
}

export interface StageInput {
  t: Float64Array;
  coef: { a1: Float64Array; a2: Float64Array; gamma: Float64Array };
  /** Starting point (copied, not modified). */
  cDelta: Float64Array;
  rW: Float64Array;
  /** Standard normals z (M × N) of η = L z. */
  z: Float64Array;
  wStar: Float64Array;
  weight: Float64Array;
  responseCount: number;
  responseWeight: Float64Array;
  delta: number;
  sigma: number;
  mobility: Mobility;
  damping: number;
  anderson: number;
  /** Aitken extrapolation along the slowest mode (plain iteration only). */
  extrapolate: boolean;
  /**
   * Relative level below which the diagonals' changes are measured against floor·value(t = 0)
   * instead of the value itself: the train loss of an interpolating flow falls to round-off
   * (C_r is a small difference of O(1) terms), where no iteration can settle it further.
   */
  floor: number;
  /**
   * Deeper relative level (≤ floor) down to which the train loss is resolved: between deepFloor and
   * floor the diagonals' changes are measured against their own size too, with a tolerance
   * DEEP_TOL_FACTOR times looser (their reported errors there are several per cent; settling them
   * to tol would nearly double the iterations of an interpolating flow).
   */
  deepFloor: number;
  /** Tolerance on the estimated fixed-point error. */
  tol: number;
  maxIterations: number;
  activeThreshold: number;
  timing: StageTiming;
  /** Called after every iteration; throw to cancel. */
  onIteration?: (iteration: number, change: DmftChange, residual: number, errorEstimate: number) => void;
}

export interface StageResult {
  cDelta: Float64Array;
  rW: Float64Array;
  cR: Float64Array;
  rR: Float64Array;
  meanAbsW: Float64Array;
  meanSquareW: Float64Array;
  activeFraction: Float64Array;
  iterations: number;
  change: DmftChange;
  residual: number;
  /** Estimated contraction factor of the iteration (NaN before three iterations). */
  contraction: number;
  /** Estimated distance to the fixed point, relative (residual · c/(1 − c)). */
  errorEstimate: number;
  converged: boolean;
  /** The residual (largest relative change) of every iteration. */
  residuals: number[];
}

/** The fixed-point tolerance between deepFloor and floor, relative to `tol` (StageInput.deepFloor). */
export const DEEP_TOL_FACTOR = 3;

function relDiagChange(
  a: Float64Array,
  b: Float64Array,
  n: number,
  relFloor: number,
  relDeepFloor: number,
): number {
  const floor = relFloor * Math.abs(a[0]);
  const deepFloor = Math.min(relDeepFloor, relFloor) * Math.abs(a[0]);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const i = k * n + k;
    const d = Math.abs(a[i] - b[i]);
    const x = Math.max(
      d / Math.max(Math.abs(a[i]), floor, 1e-300),
      d / Math.max(Math.abs(a[i]), deepFloor, 1e-300) / DEEP_TOL_FACTOR,
    );
    if (x > m) m = x;
  }
  return m;
}

function relSupChange(a: Float64Array, b: Float64Array): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Math.abs(a[i] - b[i]);
    if (x > d) d = x;
    const y = Math.abs(a[i]);
    if (y > m) m = y;
  }
  return m > 0 ? d / m : d;
}

export function runStage(s: StageInput): StageResult {
  const M = s.t.length - 1;
  const timePoints = M + 1;
  const size = timePoints * timePoints;
  const { a1, a2, gamma } = s.coef;
  const N = s.wStar.length;
  const cDelta = new Float64Array(size);
  const rW = new Float64Array(size);
  const K = new Float64Array(size);
  const cR = new Float64Array(size);
  const rR = new Float64Array(size);
  const cRPrev = new Float64Array(size);
  const rRPrev = new Float64Array(size);
  const work = new Float64Array(size);
  const rWNew = new Float64Array(size);
  const cDeltaNew = new Float64Array(size);
  const covEta = new Float64Array(M * M);
  // R_w is small next to C_Δ (it carries the step weights); scale it in the packed vector so that
  // both halves weigh comparably in the Anderson least-squares problem.
  let rScale = 0;
  for (let i = 0; i < size; i++) rScale = Math.max(rScale, Math.abs(s.rW[i]));
  let cScale = 0;
  for (let i = 0; i < size; i++) cScale = Math.max(cScale, Math.abs(s.cDelta[i]));
  const responseScale = rScale > 0 && cScale > 0 ? cScale / rScale : 1;
  let proc: ReturnType<typeof runParameterProcess> | undefined;
  const inf = Number.POSITIVE_INFINITY;
  let change: DmftChange = { cDelta: inf, rW: inf, cR: inf, rR: inf };
  let residual = inf;
  const residuals: number[] = [];
  let contraction = Number.NaN;
  let errorEstimate = inf;
  let converged = false;
  let evaluations = 0;
  const sampleProcess = (cD: Float64Array, rw: Float64Array) => {
    const t0 = performance.now();
    unitPlusLowerInverse(rw, timePoints, K);
    residualCorrelation(K, cD, s.sigma, timePoints, cR, work);
    for (let i = 0; i < size; i++) rR[i] = -K[i];
    s.timing.volterraMs += performance.now() - t0;
  };
  const map = (x: Float64Array, out: Float64Array) => {
    evaluations++;
    for (let i = 0; i < size; i++) {
      cDelta[i] = x[i];
      rW[i] = x[size + i] / responseScale;
    }
    sampleProcess(cDelta, rW);
    const t1 = performance.now();
    for (let a = 0; a < M; a++) {
      for (let b = 0; b < M; b++) covEta[a * M + b] = s.delta * cR[(a + 1) * timePoints + b + 1];
    }
    // δ C_r becomes nearly singular when the residuals die out (delta < 1, sigma = 0): a relative
    // jitter (1e-12 … 1e-6 of the largest variance, always some) regularises the sampling factor,
    // which is never inverted; an extrapolated iterate may make δ C_r indefinite, and then the
    // nearest PSD matrix (+ 1e-10 relative) is factored instead. linalg's one jitter policy.
    const L = choleskyWithJitter(createMatrix(M, M, covEta), {
      unjitteredFirst: false,
      start: 1e-12,
      factor: 100,
      max: 1e-6,
      fallback: "nearestPsd",
      fallbackJitter: 1e-10,
    }).L.data;
    s.timing.choleskyMs += performance.now() - t1;
    const t2 = performance.now();
    proc = runParameterProcess(
      {
        M,
        delta: s.delta,
        a1,
        a2,
        gamma,
        rR,
        L,
        z: s.z,
        wStar: s.wStar,
        weight: s.weight,
        N,
        mobility: s.mobility,
      },
      s.responseCount,
      s.activeThreshold,
      proc,
    );
    cDeltaNew.set(proc.cDeltaSum);
    s.timing.monteCarloMs += performance.now() - t2;
    const t3 = performance.now();
    tangentResponses(
      M,
      s.delta,
      a1,
      a2,
      gamma,
      rR,
      proc.mobilityKept,
      s.responseCount,
      s.responseWeight,
      rWNew,
    );
    s.timing.responsesMs += performance.now() - t3;
    change = {
      cDelta: relDiagChange(cDeltaNew, cDelta, timePoints, s.floor, s.deepFloor),
      rW: relSupChange(rWNew, rW),
      cR: relDiagChange(cR, cRPrev, timePoints, s.floor, s.deepFloor),
      rR: relSupChange(rR, rRPrev),
    };
    residual = Math.max(change.cDelta, change.rW, change.cR, change.rR);
    // Math.max ignores nothing, but the comparisons inside the change measures skip NaN: check.
    let finite = true;
    for (let k = 0; k < timePoints && finite; k++)
      finite = Number.isFinite(cDeltaNew[k * timePoints + k]) && Number.isFinite(rWNew[k * timePoints + k]);
    if (!finite) residual = Number.NaN;
    residuals.push(residual);
    cRPrev.set(cR);
    rRPrev.set(rR);
    for (let i = 0; i < size; i++) {
      out[i] = cDeltaNew[i];
      out[size + i] = rWNew[i] * responseScale;
    }
  };
  // Changes of C_r and R_r are measured from the starting point's sample process.
  sampleProcess(s.cDelta, s.rW);
  cRPrev.set(cR);
  rRPrev.set(rR);
  const x0 = new Float64Array(2 * size);
  for (let i = 0; i < size; i++) {
    x0[i] = s.cDelta[i];
    x0[size + i] = s.rW[i] * responseScale;
  }
  // linalg's fixedPoint with this problem's residual (the per-time relative change measured inside
  // the map), stopping on the estimated distance to the fixed point, Aitken-extrapolated when the
  // iteration is plain. A plain iteration stops only on that estimate, never on a small step.
  const fp = fixedPoint(map, x0, {
    damping: s.damping,
    anderson: s.anderson,
    maxIterations: s.maxIterations,
    tol: s.tol,
    residual: () => residual,
    stopOn: "errorEstimate",
    extrapolate: s.extrapolate,
    onIteration: (it) => {
      s.onIteration?.(it, change, residual, errorEstimate);
      return undefined;
    },
  });
  if (!Number.isFinite(fp.residual))
    throw new MeanfieldError(
      "NOT_CONVERGED",
      `the DMFT iteration produced non-finite values at iteration ${fp.iterations}; raise samples (per replica), damping (e.g. 0.3) or gridPoints`,
    );
  converged = fp.converged;
  contraction = fp.contraction;
  errorEstimate = fp.errorEstimate;
  // The reported solution is the last map output (consistent with the last Monte Carlo pass).
  cDelta.set(cDeltaNew);
  rW.set(rWNew);
  sampleProcess(cDelta, rW);
  const meanAbsW = new Float64Array(timePoints);
  const meanSquareW = new Float64Array(timePoints);
  const activeFraction = new Float64Array(timePoints);
  if (proc) {
    meanAbsW.set(proc.absWSum);
    meanSquareW.set(proc.sqWSum);
    activeFraction.set(proc.activeSum);
  }
  return {
    cDelta,
    rW,
    cR,
    rR,
    meanAbsW,
    meanSquareW,
    activeFraction,
    iterations: evaluations,
    change,
    residual,
    contraction,
    errorEstimate,
    converged,
    residuals,
  };
}
