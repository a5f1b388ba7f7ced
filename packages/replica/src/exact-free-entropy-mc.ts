import { createRng, invalidArgument } from "@meanfield/linalg";
import type { Activation } from "./activations.js";
import { halfLineBoundary } from "./exact-free-entropy-k2.js";
import { chamberProblem, type ExactPSProblem } from "./exact-ps-free-entropy.js";
import { assertHalfLineSets } from "./half-line-sets.js";

/**
 * The rules of the exact RS free entropy on the permutation-symmetric (PS) line at any K ≥ 3 with the directions of
 * ζ_⊥ drawn at random (theory/replica-finite-k.md, "The PS instability at K ≥ 5 by Monte Carlo"): the angular part of
 * the (K − 1)-dimensional integral over ζ_⊥ ⊥ U becomes a Monte Carlo average over `directions` unit vectors, in
 * antithetic pairs (v, −v), drawn from the seeded stream; the radius keeps a Gauss–Legendre rule (weight
 * r^{K−2} e^{−r²/2}) and s_y is tabulated along each direction's ray, as at K = 3 and 4 (`chamberProblem`, one
 * "chamber": the whole sphere). The directions are fixed once, so the free entropy is a smooth function of the
 * order parameters (common random numbers) and Newton's method runs on it unchanged. The directions come in
 * `batches` equal groups (each made of whole pairs): `batchProblem(i)` leaves group i out, for the jackknife error of
 * any result.
 */
export interface MonteCarloPSProblem extends ExactPSProblem {
  seed: number;
  directions: number;
  batches: number;
}

/** |S^{m−1}|, the area of the unit sphere in m dimensions. */
function sphereArea(m: number): number {
  // 2π^{m/2}/Γ(m/2), Γ of a half-integer or integer by its recursion
  let gamma = m % 2 === 0 ? 1 : Math.sqrt(Math.PI);
  for (let x = m % 2 === 0 ? 1 : 0.5; x < m / 2 - 1e-12; x += 1) gamma *= x;
  return (2 * Math.PI ** (m / 2)) / gamma;
}

/**
 * The units' fields u = s·U + Σ_j d_j e_j with U = (1, …, 1)/√K and the Helmert basis of the space ⊥ U,
 * e_j = (1, …, 1, −j, 0, …, 0)/√(j(j + 1)) (j ones).
 */
function helmertFields(K: number): (s: number, d: Float64Array, out: Float64Array) => void {
  const scale = Float64Array.from({ length: K - 1 }, (_, j) => 1 / Math.sqrt((j + 1) * (j + 2)));
  return (s, d, out) => {
    // tail sums: unit k gets s/√K + Σ_{j ≥ k} d_j scale_j − k·d_{k−1} scale_{k−1}
    let tail = 0;
    for (let k = K - 1; k >= 0; k--) {
      const own = k >= 1 ? -k * d[k - 1] * scale[k - 1] : 0;
      out[k] = s / Math.sqrt(K) + tail + own;
      if (k >= 1) tail += d[k - 1] * scale[k - 1];
    }
  };
}

/**
 * The tables' boundary finder, warm-started along a ray: s_y is continuous in the radius, so the root is bracketed
 * around the previous one `last` (half-width 0.05, doubled until the bracket holds the root) and bisected to 1e-12;
 * a ray's first point, an infinite neighbour or a bracket wider than 60 fall back on `halfLineBoundary` ([−60, 60]).
 */
function warmBoundary(F: (s: number) => number, y: 1 | -1, last: number): number {
  if (!Number.isFinite(last)) return halfLineBoundary(F, y);
  // y = +1: accepted above the root; y = −1: below
  let w = 0.05;
  while (!(F(last - w) >= 0 !== (y === 1) && F(last + w) >= 0 === (y === 1))) {
    w *= 2;
    if (w > 60) return halfLineBoundary(F, y);
  }
  let out = last - y * w;
  let inside = last + y * w;
  for (let i = 0; i < 200 && Math.abs(inside - out) > 1e-12 * (1 + Math.abs(inside)); i++) {
    const m = 0.5 * (out + inside);
    if (F(m) >= 0) inside = m;
    else out = m;
  }
  return 0.5 * (out + inside);
}

/** The random directions: `directions` unit vectors in K − 1 dimensions, antithetic pairs adjacent. */
function randomDirections(K: number, directions: number, seed: number): number[][] {
  const rng = createRng(seed).fork(`ps-directions-K${K}`);
  const v = new Float64Array(K - 1);
  const dirs: number[][] = [];
  for (let i = 0; i < directions / 2; i++) {
    rng.fillNormal(v);
    let n = 0;
    for (const x of v) n += x * x;
    n = Math.sqrt(n);
    const d = Array.from(v, (x) => x / n);
    dirs.push(
      d,
      d.map((x) => -x),
    );
  }
  return dirs;
}

export interface MonteCarloPSOptions {
  /** Random directions, a multiple of 2·batches (default 1008). */
  directions?: number;
  /** Equal groups of directions for the jackknife (default 8). */
  batches?: number;
  /** Seed of the directions (default 1). */
  seed?: number;
  /** Radial panel width (default 1: the Monte Carlo error dominates) and table step (default 0.01). */
  radialWidth?: number;
  h?: number;
}

function build(
  act: Activation,
  K: number,
  kappa: number,
  dirs: number[][],
  options: Required<MonteCarloPSOptions>,
): MonteCarloPSProblem {
  const u = new Float64Array(K);
  const fields = helmertFields(K);
  const sqrtK = Math.sqrt(K);
  const last: [number, number] = [Number.NaN, Number.NaN];
  const weight = sphereArea(K - 1) / dirs.length;
  const pr = chamberProblem({
    K,
    activation: act.name,
    kappa,
    refine: false,
    dirs,
    dirWeights: dirs.map(() => weight),
    chambers: 1,
    radialWidth: options.radialWidth,
    h: options.h,
    boundary: (y, d) => {
      const F = (s: number) => {
        fields(s, d, u);
        let sum = 0;
        for (let k = 0; k < K; k++) sum += act.g(u[k]);
        return y * (sum - K * act.m0) - sqrtK * kappa;
      };
      const slot = y === 1 ? 0 : 1;
      // a ray starts at the origin: forget the last ray's root there
      let rho = 0;
      for (let c = 0; c < K - 1; c++) rho += d[c] * d[c];
      const s = warmBoundary(F, y, rho === 0 ? Number.NaN : last[slot]);
      last[slot] = s;
      return s;
    },
    units: (d, out) => fields(0, d, out),
  });
  return { ...pr, seed: options.seed, directions: dirs.length, batches: options.batches };
}

function resolved(options: MonteCarloPSOptions): Required<MonteCarloPSOptions> {
  const o = {
    directions: options.directions ?? 1008,
    batches: options.batches ?? 8,
    seed: options.seed ?? 1,
    radialWidth: options.radialWidth ?? 1,
    h: options.h ?? 0.01,
  };
  if (!Number.isInteger(o.batches) || o.batches < 2)
    throw invalidArgument("batches", "an integer ≥ 2", o.batches);
  if (!Number.isInteger(o.directions) || o.directions <= 0 || o.directions % (2 * o.batches) !== 0)
    throw invalidArgument("directions", `a positive multiple of 2·batches = ${2 * o.batches}`, o.directions);
  if (!(o.radialWidth > 0 && o.radialWidth <= 1))
    throw invalidArgument("radialWidth", "a number in (0, 1]", o.radialWidth);
  if (!(o.h > 0 && o.h <= 0.1)) throw invalidArgument("h", "a number in (0, 0.1]", o.h);
  return o;
}

/**
 * The Monte Carlo rules at K ≥ 3 (sets that are half-lines, `halfLineSets`: else an error naming `activation`), and the jackknife's
 * leave-one-group-out rules.
 */
export function monteCarloPSProblem(
  act: Activation,
  K: number,
  kappa: number,
  options: MonteCarloPSOptions = {},
): { problem: MonteCarloPSProblem; batchProblem: (i: number) => MonteCarloPSProblem } {
  if (!Number.isInteger(K) || K < 3 || K > 12) throw invalidArgument("K", "an integer in [3, 12]", K);
  assertHalfLineSets(act, K, kappa);
  const o = resolved(options);
  const dirs = randomDirections(K, o.directions, o.seed);
  const problem = build(act, K, kappa, dirs, o);
  const size = o.directions / o.batches;
  // leave-one-group-out: the same tables and nodes, the group's weights removed and the rest scaled up
  const batchProblem = (i: number): MonteCarloPSProblem => {
    const logw = Float64Array.from(problem.logw);
    const scale = Math.log(o.batches / (o.batches - 1));
    for (let k = 0; k < logw.length; k++)
      logw[k] = Math.floor(problem.ray[k] / size) === i ? Number.NEGATIVE_INFINITY : logw[k] + scale;
    return { ...problem, logw };
  };
  return { problem, batchProblem };
}
