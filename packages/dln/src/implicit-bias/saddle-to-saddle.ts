import {
  assertPositive,
  assertPositiveInteger,
  createIncrementalNnls,
  type DenseMatrix,
  matTVec,
} from "@meanfield/linalg";
import { engineRate } from "../parametrization.js";
import type { DlnModel } from "../params.js";
import { validateProblem } from "./validate-problem.js";

export interface SaddleToSaddleOptions {
  /** Network form (default "u2-v2"); "uv" runs the engine at half speed, doubling the jump times. */
  model?: Exclude<DlnModel, "linear">;
  /** Maximum number of jumps (default 10·d). */
  maxSaddles?: number;
  /** A gradient coordinate below tol·‖Xᵀy‖∞ counts as zero (default 1e-10). */
  tol?: number;
  /**
   * Stop before the first jump later than maxTau (default Infinity): the path returned is then exact on
   * [0, maxTau] and `converged` is true with a message saying so.
   */
  maxTau?: number;
}

export interface SaddleToSaddleResult {
  /** Jump times τ_0 = 0 < τ_1 < … in units of log(1/alpha): the flow passes saddle k over τ ∈ (τ_k, τ_{k+1}). */
  jumpTimes: Float64Array;
  /** The saddles β_k (β_0 = 0); the last one is the limit of the trajectory. */
  saddles: Float64Array[];
  /** Coordinates with |s_i| = 1 (allowed to be non-zero) at each saddle. */
  activeSets: number[][];
  /** The coordinate that reached |s_i| = 1 at each jump (−1 for k = 0). */
  activated: Int32Array;
  /** Loss ½‖y − Xβ_k‖² at each saddle (non-increasing). */
  losses: Float64Array;
  converged: boolean;
  message: string;
}

/**
 * The alpha → 0 limit of the trajectory (Pesme & Flammarion 2023, Algorithm 1), in this project's
 * conventions (theory/dln.md, "Gradient flow"). With φ = ¼ asinh(w/(2alpha²)) (dφ/dt = c·g, c = 1 for u²−v², ½ for u⊙v) and
 * s = φ / (½ log(1/alpha)), a coordinate is O(1) only once |s_i| = 1, and in rescaled time
 * τ = t / log(1/alpha) one has ds/dτ = 2c·g(β) with g = Xᵀ(y − Xβ). So: while β sits at a saddle, s moves
 * linearly; the next jump happens when a coordinate with g_i ≠ 0 reaches s_i = ±1; the next saddle is
 * argmin ½‖y − Xβ‖² s.t. β_i ≥ 0 where s_i = 1, β_i ≤ 0 where s_i = −1, β_i = 0 elsewhere (a
 * non-negative least-squares problem after flipping signs). Stops when g = 0 (the last saddle is then a
 * minimiser of the loss: for delta < 1 an interpolator, the minimum-ℓ1 one when unique).
 */
export function saddleToSaddle(
  X: DenseMatrix,
  y: Float64Array | number[],
  options: SaddleToSaddleOptions = {},
): SaddleToSaddleResult {
  const yy = validateProblem(X, y);
  const { rows: n, cols: d } = X;
  const c = engineRate(options.model ?? "u2-v2");
  const maxSaddles =
    options.maxSaddles === undefined ? 10 * d : assertPositiveInteger(options.maxSaddles, "maxSaddles");
  const maxTau =
    options.maxTau === undefined ? Number.POSITIVE_INFINITY : assertPositive(options.maxTau, "maxTau");
  const g0 = matTVec(X, yy);
  let gscale = 0;
  for (let i = 0; i < d; i++) gscale = Math.max(gscale, Math.abs(g0[i]));
  const gtol = (options.tol ?? 1e-10) * Math.max(gscale, 1e-300);

  const s = new Float64Array(d);
  let beta = new Float64Array(d);
  const r = Float64Array.from(yy);
  const g = new Float64Array(d);
  // Each saddle is a sign-constrained least-squares problem over the coordinates with |s_i| = 1: one
  // NNLS column per (coordinate, sign) met so far, re-solved from the previous saddle as columns arrive.
  const problem = createIncrementalNnls(yy);
  const columnOf = new Int32Array(2 * d).fill(-1); // 2i for s_i = +1, 2i + 1 for s_i = −1
  const coordinateOf: number[] = [];
  const signOf: number[] = [];
  const column = new Float64Array(n);
  const jumpTimes = [0];
  const saddles = [Float64Array.from(beta)];
  const activeSets: number[][] = [[]];
  const activated = [-1];
  const halfSquaredResidual = (): number => {
    let l = 0;
    for (let i = 0; i < n; i++) l += r[i] * r[i];
    return l / 2;
  };
  const losses = [halfSquaredResidual()];
  let tau = 0;
  let converged = false;
  let message = "";
  for (let k = 0; k < maxSaddles; k++) {
    matTVec(X, r, g);
    let gmax = 0;
    for (let i = 0; i < d; i++) gmax = Math.max(gmax, Math.abs(g[i]));
    if (gmax <= gtol) {
      converged = true;
      message = `the loss is stationary after ${k} jumps`;
      break;
    }
    let best = Number.POSITIVE_INFINITY;
    let j = -1;
    for (let i = 0; i < d; i++) {
      if (Math.abs(g[i]) <= gtol) continue;
      const target = g[i] > 0 ? 1 : -1;
      if (s[i] === target) continue; // already on the boundary it is pushed towards (rounding)
      const dt = (target - s[i]) / (2 * c * g[i]);
      if (dt < best) {
        best = dt;
        j = i;
      }
    }
    if (j < 0) {
      message = "no coordinate can move, but the gradient is not zero";
      break;
    }
    if (tau + best > maxTau) {
      converged = true;
      message = `the path is complete up to τ = ${maxTau} (${k} jumps)`;
      break;
    }
    tau += best;
    for (let i = 0; i < d; i++) {
      const before = s[i];
      s[i] += 2 * c * best * g[i];
      if (s[i] >= 1 - 1e-12) s[i] = 1;
      else if (s[i] <= -1 + 1e-12) s[i] = -1;
      // a coordinate that left the boundary (its saddle value was 0 and g turned it back) loses its column
      if (Math.abs(before) === 1 && Math.abs(s[i]) !== 1) {
        problem.setEnabled(columnOf[before > 0 ? 2 * i : 2 * i + 1], false);
      }
    }
    s[j] = g[j] > 0 ? 1 : -1;
    const A: number[] = [];
    for (let i = 0; i < d; i++) {
      if (Math.abs(s[i]) !== 1) continue;
      A.push(i);
      const slot = s[i] > 0 ? 2 * i : 2 * i + 1;
      if (columnOf[slot] < 0) {
        for (let q = 0; q < n; q++) column[q] = s[i] * X.data[q * d + i];
        columnOf[slot] = problem.addColumn(column);
        coordinateOf.push(i);
        signOf.push(s[i]);
      } else problem.setEnabled(columnOf[slot], true);
    }
    const sol = problem.solve();
    if (!sol.converged) {
      message = `the saddle after jump ${k + 1} was not found: ${sol.message}`;
      break;
    }
    const xs = problem.x();
    beta = new Float64Array(d);
    for (let q = 0; q < xs.length; q++) if (xs[q] > 0) beta[coordinateOf[q]] = signOf[q] * xs[q];
    r.set(problem.residual());
    jumpTimes.push(tau);
    saddles.push(Float64Array.from(beta));
    activeSets.push(A);
    activated.push(j);
    losses.push(halfSquaredResidual());
  }
  if (!converged && !message) message = `stopped after maxSaddles = ${maxSaddles} jumps`;
  return {
    jumpTimes: Float64Array.from(jumpTimes),
    saddles,
    activeSets,
    activated: Int32Array.from(activated),
    losses: Float64Array.from(losses),
    converged,
    message,
  };
}
