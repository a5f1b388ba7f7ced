import { createMatrix, isMeanfieldError, solve } from "@meanfield/linalg";

/**
 * Newton's method for the saddle points of the exact RS free entropies
 * (theory/replica-finite-k.md, "The exact free entropy at K = 2"), with central-difference derivatives, the n → 0
 * signature check, and the scan of a PS branch for the load where it turns unstable towards PSB. Shared by the K = 2
 * and K = 3 solvers.
 */

const H = 1e-4;

/** A small linear system by linalg's LU solve; null where it is singular or not finite. */
export function solveLinear(A: number[][], b: number[]): number[] | null {
  try {
    return Array.from(solve(createMatrix(b.length, b.length, A.flat()), Float64Array.from(b)));
  } catch (e) {
    if (isMeanfieldError(e)) return null;
    throw e;
  }
}

/** Gradient (and with `hessian` the Hessian) of f at x by central differences. */
export function derivatives(f: (x: number[]) => number, x: number[], hessian: boolean) {
  const n = x.length;
  const f0 = f(x);
  const at = (d: number[]) => f(x.map((v, i) => v + d[i]));
  const e = (i: number, s: number) => x.map((_, j) => (j === i ? s : 0));
  const g: number[] = [];
  const Hm: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const fp = at(e(i, H));
    const fm = at(e(i, -H));
    g.push((fp - fm) / (2 * H));
    Hm[i][i] = (fp - 2 * f0 + fm) / (H * H);
  }
  if (hessian)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < i; j++) {
        const d = (si: number, sj: number) => at(x.map((_, k) => (k === i ? si * H : k === j ? sj * H : 0)));
        const v = (d(1, 1) - d(1, -1) - d(-1, 1) + d(-1, -1)) / (4 * H * H);
        Hm[i][j] = v;
        Hm[j][i] = v;
      }
  return { f0, g, H: Hm };
}

/**
 * Newton on ∇f = 0 from x0 (the Hessian at each accepted point, the gradient at each trial), steps halved until the
 * point is feasible and the gradient shrinks.
 */
export function newton(
  f: (x: number[]) => number,
  x0: number[],
  stop?: (x: number[]) => boolean,
  maxIterations = 15,
) {
  let x = x0.slice();
  let d = derivatives(f, x, true);
  let res = Math.max(...d.g.map(Math.abs));
  let it = 0;
  for (; it < maxIterations && res > 1e-7; it++) {
    const step = solveLinear(
      d.H,
      d.g.map((v) => -v),
    );
    if (step === null) break;
    let t = 1;
    let moved = false;
    for (let k = 0; k < 10; k++, t /= 2) {
      const y = x.map((v, i) => v + t * step[i]);
      if (!Number.isFinite(f(y))) continue;
      const dy = derivatives(f, y, false);
      const r = Math.max(...dy.g.map(Math.abs));
      if (Number.isFinite(r) && r < res) {
        x = y;
        d = derivatives(f, y, true);
        res = r;
        moved = true;
        break;
      }
    }
    if (!moved || stop?.(x)) break;
  }
  return { x, f: d.f0, H: d.H, residual: res, iterations: it };
}

/**
 * The n → 0 signature of max over c of min over the inter-replica overlaps: their block (all but the last
 * coordinate) positive definite, and f along the minimising path, H_cc − H_c·ᵀ H_··⁻¹ H_·c, negative in c.
 */
export function saddleSignature(Hm: number[][]): boolean {
  const n = Hm.length;
  const A = Hm.slice(0, n - 1).map((row) => row.slice(0, n - 1));
  const v = Hm.slice(0, n - 1).map((row) => row[n - 1]);
  if (A.length === 1) return A[0][0] > 0 && Hm[n - 1][n - 1] - (v[0] * v[0]) / A[0][0] < 0;
  const det = A[0][0] * A[1][1] - A[0][1] * A[1][0];
  if (!(A[0][0] > 0 && det > 0)) return false;
  const w = solveLinear(A, v) as number[];
  return Hm[n - 1][n - 1] - (v[0] * w[0] + v[1] * w[1]) < 0;
}

export interface PSInstability<S> {
  /** Load where the PS solution turns unstable towards PSB (its stability measure crosses 0). */
  alphaInstability: number;
  /** The PS solution there. */
  ps: S;
  /** The stability measure at the bracket's ends (positive below, negative above). */
  stability: [number, number];
  /** The final bracket of α around the zero. */
  bracket: [number, number];
  /**
   * Estimated discretisation error of `alphaInstability`: how far it moves when every quadrature rule is refined
   * (`refinedInstabilityShift`); NaN where not estimated (the bare scan, or `errorEstimate: false`).
   */
  discretisationError: number;
  evaluations: number;
  converged: boolean;
}

/**
 * The PS branch followed from a small load upwards (steps of 0.1, each solve started from the previous solution;
 * halved, down to 0.1/64, where a solve does not converge while the measure is still positive, else the scan stops
 * with converged false) until the stability measure turns non-positive, then its zero by safeguarded regula falsi
 * on α to `xtol`. No solve lies above `alphaMax` (default 6; the last step ends on it). NaN (converged false) when
 * PS stays stable up to `alphaMax` (then `bracket` is [alphaMax, alphaMax]) or a solve fails before it (then
 * `bracket` holds the last stable load).
 */
export function scanPSInstability<S extends { converged: boolean }>(
  solvePS: (alpha: number, start?: S) => S,
  stability: (alpha: number, ps: S) => number,
  options: {
    alphaStart?: number;
    alphaMax?: number;
    xtol?: number;
    /** Called after every solve with its load, stability measure and phase (a scan can take minutes). */
    onProgress?: (e: { alpha: number; stability: number; phase: "scan" | "bracket" }) => void;
  } = {},
): PSInstability<S> {
  let a = options.alphaStart ?? 0.1;
  const alphaMax = options.alphaMax ?? 6;
  const xtol = options.xtol ?? 1e-5;
  let evaluations = 0;
  let ps = solvePS(a);
  let s = stability(a, ps);
  evaluations++;
  const none = (at: S, sa: number): PSInstability<S> => ({
    alphaInstability: Number.NaN,
    ps: at,
    stability: [sa, sa],
    bracket: [a, a],
    discretisationError: Number.NaN,
    evaluations,
    converged: false,
  });
  if (!(s > 0)) return none(ps, s);
  let hi = Number.NaN;
  let psHi = ps;
  let sHi = Number.NaN;
  // a solve that does not converge from the previous solution while the measure is still positive (the branch moves
  // fast there) is retried with half the step, down to 0.1/64, and the scan stops unconverged below that; the step
  // grows back after each converged solve
  let step = 0.1;
  while (a < alphaMax) {
    // the last step ends on alphaMax (a halving after it starts from the remaining distance)
    const clamped = a + step >= alphaMax;
    if (clamped) step = alphaMax - a;
    const next = clamped ? alphaMax : a + step;
    const nps = solvePS(next, ps);
    const ns = stability(next, nps);
    evaluations++;
    options.onProgress?.({ alpha: next, stability: ns, phase: "scan" });
    // a failed solve past the instability still brackets it (an even g's PS solve at q = 0 loses its signature there)
    if (!nps.converged && ps.converged && ns > 0) {
      if (step > 0.1 / 64) {
        step /= 2;
        continue;
      }
      // report the last converged solution (at the last stable load), not the failed attempt
      return none(ps, s);
    }
    if (!(ns > 0)) {
      hi = next;
      psHi = nps;
      sHi = ns;
      break;
    }
    a = next;
    ps = nps;
    s = ns;
    step = Math.min(0.1, 2 * step);
  }
  if (!Number.isFinite(hi)) return none(ps, s);
  let lo = a;
  while (hi - lo > xtol) {
    // regula falsi step, kept inside the middle half
    const t = Math.min(0.75, Math.max(0.25, s / (s - sHi)));
    const mid = lo + t * (hi - lo);
    const mps = solvePS(mid, ps);
    const ms = stability(mid, mps);
    evaluations++;
    options.onProgress?.({ alpha: mid, stability: ms, phase: "bracket" });
    if (ms > 0) {
      lo = mid;
      ps = mps;
      s = ms;
    } else {
      hi = mid;
      psHi = mps;
      sHi = ms;
    }
  }
  const alphaInstability = lo + (s / (s - sHi)) * (hi - lo);
  return {
    alphaInstability,
    ps: psHi,
    stability: [s, sHi],
    bracket: [lo, hi],
    discretisationError: Number.NaN,
    evaluations,
    converged: ps.converged && psHi.converged,
  };
}

/** The PS solve and its stability measure on one set of rules. */
export interface PSRules<S> {
  solve: (alpha: number, start?: S) => S;
  stability: (alpha: number, ps: S) => number;
}

/**
 * How far the zero α* of a scan on the `base` rules moves on each of `others` (refined rules, or the leave-one-group-
 * out rules of a Monte Carlo), by one Newton step in α instead of a scan on each: the PS solution and the stability
 * measure S at α* on the base rules and on each other set (started from the base solution), and
 * α_other − α* ≈ −(S_other − S_base)/S′, the slope S′ from one more base solve at α* − 0.01 (below α*: past it an even
 * g's PS solve at q = 0 loses its signature; a slope from the scan's final bracket, 1e-5 wide, would be the difference
 * of two values its solves leave uncertain to ≈ 1e-9). First order in the difference of the rules, as a scan's shift
 * is. NaN for a set whose solve misses a residual of 1e-6, and for all where a base solve does or S′ is not negative.
 */
export function instabilityShifts<S extends { residual: number }>(
  r: PSInstability<S>,
  base: PSRules<S>,
  others: readonly PSRules<S>[],
): number[] {
  const alpha = r.alphaInstability;
  const none = () => others.map(() => Number.NaN);
  if (!Number.isFinite(alpha)) return none();
  const delta = 0.01;
  const d = base.solve(alpha, r.ps);
  const below = base.solve(alpha - delta, d);
  if (!(d.residual <= 1e-6 && below.residual <= 1e-6)) return none();
  const s0 = base.stability(alpha, d);
  const slope = (s0 - base.stability(alpha - delta, below)) / delta;
  if (!(slope < 0)) return none();
  return others.map((o) => {
    const f = o.solve(alpha, d);
    return f.residual <= 1e-6 ? -(o.stability(alpha, f) - s0) / slope : Number.NaN;
  });
}

/**
 * The discretisation error of a PS instability found with the default rules: its shift on the refined rules by
 * `instabilityShifts` (a refined scan costs the rules' factor, 4–8×, on every solve).
 */
export function refinedInstabilityShift<S extends { residual: number }>(
  r: PSInstability<S>,
  solveDefault: (alpha: number, start: S) => S,
  stabilityDefault: (alpha: number, ps: S) => number,
  solveRefined: (alpha: number, start: S) => S,
  stabilityRefined: (alpha: number, ps: S) => number,
): number {
  return instabilityShifts(
    r,
    { solve: (alpha, start) => solveDefault(alpha, start as S), stability: stabilityDefault },
    [{ solve: (alpha, start) => solveRefined(alpha, start as S), stability: stabilityRefined }],
  )[0];
}

/** Options of the exact PS instability scans (K = 2, 3, 4 and the Monte Carlo rules). */
export interface ExactPSInstabilityOptions {
  alphaStart?: number;
  alphaMax?: number;
  xtol?: number;
  /** Called after every solve of the scan (its load, stability measure and phase). */
  onProgress?: (e: { alpha: number; stability: number; phase: "scan" | "bracket" }) => void;
  /** Refine every rule (the discretisation estimate's rules) for the whole scan. */
  refine?: boolean;
  /**
   * Estimate the discretisation error (default true): the refined rules' shift of the instability by one Newton step
   * in α (`scanWithDiscretisationError`), two solves on the default rules and one on the refined rules at the zero
   * found (K = 3: 27 s beside the scan's 64 s for ReLU). Skipped with `refine: true`.
   */
  errorEstimate?: boolean;
}

/**
 * `scanPSInstability` on the default rules of `rules(false)` (or, with `refine`, on the refined ones), and its
 * `discretisationError`, the refined rules' shift (`instabilityShifts`), unless `errorEstimate` is false or the scan
 * found no zero. Shared by the exact K = 2, 3 and 4 instabilities.
 */
export function scanWithDiscretisationError<S extends { converged: boolean; residual: number }>(
  rules: (refine: boolean) => PSRules<S>,
  options: ExactPSInstabilityOptions,
): PSInstability<S> {
  const refine = options.refine === true;
  const base = rules(refine);
  const r = scanPSInstability(base.solve, base.stability, options);
  if (options.errorEstimate === false || refine || !Number.isFinite(r.alphaInstability)) return r;
  return { ...r, discretisationError: Math.abs(instabilityShifts(r, base, [rules(true)])[0]) };
}
