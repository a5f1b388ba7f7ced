import {
  assertFiniteArray,
  assertInRange,
  assertInteger,
  assertPositive,
  assertPositiveInteger,
  createRng,
  invalidArgument,
} from "@meanfield/linalg";
import { DEFAULT_RESOLVE_FLOOR, type DmftOptions } from "./dmft-options.js";
import type { DmftTiming } from "./dmft-result.js";
import { resolveMobility } from "./mobility.js";
import { type DmftParams, validateDmftParams } from "./params.js";
import { sampleTeacherValues } from "./prior.js";
import type { ReplicaTask } from "./replica-task.js";
import { dmftTimeGrid, subGrid } from "./time-grid.js";

/**
 * End of the uniform part of the default grid: min(1, T, 5/(F(0)(1 + √delta)²)), so that the
 * fastest lazy-phase timescale 1/(F(0) λ_max) (λ_max the Marchenko–Pastur edge) spans several
 * uniform steps even for large alpha (F(0) = 8 alpha² for the DLN).
 */
function defaultTUniform(p: { T: number; delta: number }, mobility: { dwdphi(phi: number): number }): number {
  const lamMax = (1 + Math.sqrt(p.delta)) ** 2;
  return Math.min(1, p.T, 5 / (mobility.dwdphi(0) * lamMax));
}

/** Largest relative step Δt/t over the geometric part of a grid (where steps grow). */
function geometricStep(t: Float64Array): number {
  let m = 0;
  for (let k = 2; k < t.length; k++) {
    const h = t[k] - t[k - 1];
    if (h > 1.0001 * (t[k - 1] - t[k - 2])) m = Math.max(m, h / t[k - 1]);
  }
  return m;
}

/**
 * Default number of Monte Carlo replicas for N samples: one per 2000 samples, at most 6; at least 4
 * as long as each keeps 250 samples (with a few dozen samples per replica the fixed-point
 * iteration can diverge); never under 2 (the standard error needs a spread). Why 2000: each
 * replica solves its own self-consistent problem, and the replica mean carries a bias that
 * shrinks with the samples per replica and that the spread does not see — measured at 1000 per
 * replica it is 3–9 % in ε_gen, at 2000 within the standard errors (theory/dmft-numerics.md,
 * "Finite-sample bias"). apps/cli mirrors this rule.
 */
export function defaultReplicas(samples: number): number {
  const bySize = Math.floor(samples / 2000);
  const bySpread = Math.min(4, Math.floor(samples / 250));
  return Math.max(2, Math.min(6, Math.max(bySize, bySpread)));
}

/** Validates everything and lays out the replicas' tasks (plain data, shared by both paths). */
export function prepareSolve(params: DmftParams, options: DmftOptions) {
  const p = validateDmftParams(params);
  const start = performance.now();
  const mobility = resolveMobility(p.mobility, p.alpha, p.truncation);
  // validates the prior (name, rho) here rather than inside a replica, which may run on a worker
  if (typeof p.prior !== "object")
    sampleTeacherValues(p.prior ?? "bernoulliGaussian", p.rho, 0, createRng(0));
  const N = assertPositiveInteger(options.samples ?? 12000, "samples");
  const R = assertPositiveInteger(options.replicas ?? defaultReplicas(N), "replicas");
  const Nr = Math.ceil(N / R);
  if (Nr < 2) throw invalidArgument("samples", `≥ 2 per replica (${R} replicas)`, N);
  const keepTotal = assertPositiveInteger(options.responseSamples ?? N, "responseSamples");
  if (keepTotal > N) throw invalidArgument("responseSamples", `an integer ≤ samples (${N})`, keepTotal);
  const keep = Math.max(1, Math.min(Nr, Math.ceil(keepTotal / R)));
  const damping = assertInRange(options.damping ?? 0, "damping", 0, 1, { upperOpen: true });
  const anderson = assertInteger(options.anderson ?? 0, "anderson", 0);
  const maxIterations = assertPositiveInteger(options.maxIterations ?? 300, "maxIterations");
  const rtol = assertPositive(options.rtol ?? 0.1, "rtol");
  const tol = assertPositive(options.tol ?? Math.min(3e-3, rtol / 30), "tol");
  const lossFloor = assertInRange(options.lossFloor ?? 1e-4, "lossFloor", 0, 1);
  const resolveFloor = assertInRange(
    options.resolveFloor ?? Math.min(DEFAULT_RESOLVE_FLOOR, lossFloor),
    "resolveFloor",
    0,
    lossFloor,
  );
  const activeThreshold = assertPositive(options.activeThreshold ?? 0.1, "activeThreshold");
  const withDisc = options.discretisationError ?? true;
  const windows = assertPositiveInteger(options.windows ?? 3, "windows");
  const seed = options.seed ?? 0;

  let grid: Float64Array;
  if (options.grid !== undefined) {
    grid = assertFiniteArray(options.grid, "grid");
    if (grid.length < 3 || grid[0] !== 0)
      throw invalidArgument("grid", "≥ 3 increasing times starting at 0", grid);
    if (Math.abs(grid[grid.length - 1] - p.T) > 1e-12 * p.T)
      throw invalidArgument("grid", `a grid ending at T = ${p.T}`, grid);
    if (withDisc && (grid.length - 1) % 2 !== 0)
      throw invalidArgument(
        "grid",
        "an odd number of points (an even number of steps, for the half-grid error estimate)",
        grid.length,
      );
  } else {
    const M = assertInteger(options.gridPoints ?? 120, "gridPoints", 8);
    if (withDisc && M % 2 !== 0)
      throw invalidArgument(
        "gridPoints",
        "an even integer ≥ 8 (the half grid estimates the discretisation error)",
        M,
      );
    const tU = assertPositive(options.tUniform ?? defaultTUniform(p, mobility), "tUniform");
    grid = dmftTimeGrid(p.T, M, tU);
  }
  const Mfinal = grid.length - 1;
  if (options.grid === undefined && geometricStep(grid) > 0.3) {
    // the geometric part must resolve every decade: relative steps Δt/t ≤ 0.3 (its half grid, which
    // estimates the discretisation error, then has ≤ 0.69)
    const tU = options.tUniform ?? defaultTUniform(p, mobility);
    let need = Mfinal + 2;
    while (need < 100_000 && geometricStep(dmftTimeGrid(p.T, need, tU)) > 0.3) need += 2;
    throw invalidArgument(
      "gridPoints",
      `enough steps for T = ${p.T} (relative steps reach ${geometricStep(grid).toFixed(2)} > 0.3): at least ${need}`,
      Mfinal,
    );
  }
  if (options.momentMatching !== false && Nr <= Mfinal + 2)
    throw invalidArgument(
      "samples",
      `more than ${R}·(gridPoints + 2) = ${R * (Mfinal + 2)} (each replica's samples must exceed the grid size for moment matching)`,
      N,
    );

  // Grids per replica, coarsest first: [quarter], half, final (sub-grids of the final grid).
  const grids: Float64Array[] = [];
  const half = withDisc ? subGrid(grid, 2) : undefined;
  const c2f = (options.coarseToFine ?? true) && options.warmStart === undefined;
  if (c2f && Mfinal % 4 === 0) grids.push(subGrid(grid, 4));
  else if (c2f && !half && Mfinal % 2 === 0) grids.push(subGrid(grid, 2));
  if (half) grids.push(half);
  grids.push(grid);

  let warm: { t: Float64Array; gamma: Float64Array; cDelta: Float64Array; rW: Float64Array } | undefined;
  if (options.warmStart !== undefined) {
    const ws = options.warmStart;
    if (!ws.twoTime) throw invalidArgument("warmStart", "a DmftResult computed with twoTime: true", ws);
    warm = { t: ws.t, gamma: ws.twoTime.gamma, cDelta: ws.twoTime.cDelta.data, rW: ws.twoTime.rW.data };
  }

  const timing: DmftTiming = {
    setupMs: 0,
    monteCarloMs: 0,
    responsesMs: 0,
    volterraMs: 0,
    choleskyMs: 0,
    totalMs: 0,
  };
  const task = (r: number): ReplicaTask => ({
    params: { ...p },
    grids,
    reported: withDisc ? 2 : 1,
    samples: Nr,
    responses: keep,
    seed: String(seed),
    replica: r,
    momentMatching: options.momentMatching ?? true,
    damping,
    anderson,
    extrapolate: options.extrapolate ?? true,
    tol,
    floor: Math.max(lossFloor, 1e-10),
    deepFloor: Math.max(resolveFloor, 1e-10),
    maxIterations,
    activeThreshold,
    warm,
    windows,
  });
  return {
    R,
    start,
    timing,
    task,
    assemble: {
      grid,
      withDisc,
      timing,
      start,
      seed,
      N,
      keepTotal: keep * R,
      rtol,
      lossFloor,
      resolveFloor,
      activeThreshold,
      tol,
      maxIterations,
    },
  };
}
