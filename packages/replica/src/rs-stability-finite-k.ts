import { brent, createRng, normalCdf } from "@meanfield/linalg";
import { gardnerIntegral } from "./energetic.js";

/**
 * Stability of the finite-K replica-symmetric solution at the capacity
 * (theory/replica-finite-k.md, "Stability at the capacity"). In the replicon sector the Hessian of the replicated
 * free entropy per weight, whitened by the freezing matrix Δ = Q^{aa} − Q^{ab}, is the map X ↦ αK E_t[G X G] − X on K × K matrices, with
 *
 *   G(t) = Δ^{1/2} ∇² log Z(t) Δ^{1/2} = Cov(ζ | t + Δ^{1/2}ζ ∈ S_y) − I,
 *
 * Z(t) the Gaussian probability of the acceptance set S_y around the frozen field t. Its largest eigenvalue minus 1
 * is the replicon Λ. As q → 1, G tends to minus the Hessian of half the squared P-distance to S_y in whitened
 * coordinates: a projector (onto the active normals) where the nearest point is unique and varies smoothly, but a
 * spike of height ∝ 1/(1 − q) and width ∝ 1 − q on every ridge where two nearest points tie. A closed set without
 * ties is convex (Motzkin), so Λ → +∞ at the capacity whenever an acceptance set is not convex, and Λ is finite
 * (the Gardner–Derrida value) when every acceptance set is an interval (K = 1) or a half-space (linear g).
 */
export interface RsStabilityAtCapacity {
  /** Λ at the capacity; null when it diverges (a non-convex acceptance set). */
  repliconAtCapacity: number | null;
  /** Λ ≤ 0 (Λ = 0 is the marginal perceptron at κ = 0, whose RS capacity is exact). */
  stable: boolean;
  /** Monte Carlo standard error of Λ (convex sets at K ≥ 2 only). */
  standardError?: number;
  note: string;
}

/** Rounding allowance of the marginal case Λ = 0. */
const MARGINAL = 1e-9;

function verdict(lambda: number, what: string): RsStabilityAtCapacity {
  const stable = lambda <= MARGINAL;
  return {
    repliconAtCapacity: Math.abs(lambda) <= MARGINAL ? 0 : lambda,
    stable,
    note: stable
      ? Math.abs(lambda) <= MARGINAL
        ? `${what}: marginally stable (replicon Λ = 0, as for Gardner–Derrida's perceptron at zero stability, whose RS capacity is exact)`
        : `${what}: replica symmetry is stable at the capacity (replicon Λ = ${lambda.toPrecision(4)} < 0)`
      : `${what}: the RS solution at the capacity is unstable (replicon Λ = ${lambda.toPrecision(4)} > 0): alphaC is the replica-symmetric value, an upper bound that replica-symmetry breaking lowers`,
  };
}

function diverging(note: string): RsStabilityAtCapacity {
  return {
    repliconAtCapacity: null,
    stable: false,
    note: `${note}: the replicon grows as 1/(1 − q) and is +∞ at the capacity, so the RS solution there is unstable and alphaC is the replica-symmetric value, an upper bound that replica-symmetry breaking lowers`,
  };
}

/**
 * K = 1 from the acceptance intervals of both labels (`gardnerCapacity(...).sets`): with one interval per label
 * Λ = α_c E_y P(t ∉ S_y) − 1 (G = −1 outside the interval, 0 inside); with a gap between two intervals the
 * midpoint of the gap is a ridge and Λ = +∞. Null when α_c = 0 (an empty set).
 */
export function repliconAtCapacityK1(
  sets: { plus: ReadonlyArray<readonly [number, number]>; minus: ReadonlyArray<readonly [number, number]> },
  alphaC: number,
): RsStabilityAtCapacity | null {
  if (!(alphaC > 0) || sets.plus.length === 0 || sets.minus.length === 0) return null;
  for (const [label, S] of [
    ["+1", sets.plus],
    ["−1", sets.minus],
  ] as const)
    if (S.length > 1)
      return diverging(
        `K = 1: the acceptance set of label ${label} is ${S.length} intervals, not convex (the middle of a gap is equidistant from two of them)`,
      );
  let outside = 0;
  for (const S of [sets.plus, sets.minus]) {
    const [a, b] = S[0];
    const inside =
      (b === Number.POSITIVE_INFINITY ? 1 : normalCdf(b)) -
      (a === Number.NEGATIVE_INFINITY ? 0 : normalCdf(a));
    outside += 0.5 * (1 - inside);
  }
  return verdict(alphaC * outside - 1, "K = 1, both acceptance sets intervals");
}

/**
 * Half-space acceptance sets at K ≥ 2 (linear g, and odd g at K = 2 with zero margin): the committee is a
 * perceptron on Σ_k w_k with P = αK patterns per weight, κ̃ the stability for which A(κ̃) = 1/(K α_c), and
 * Λ = K α_c Φ(κ̃) − 1 (0 at κ = 0).
 */
export function repliconAtCapacityHalfSpace(K: number, alphaC: number): RsStabilityAtCapacity | null {
  if (!(alphaC > 0)) return null;
  const target = 1 / (K * alphaC);
  // A is increasing from 0 (κ̃ → −∞) to ∞; A(0) = ½
  let lo = -1;
  let hi = 1;
  while (gardnerIntegral(lo) > target && lo > -40) lo *= 2;
  while (gardnerIntegral(hi) < target && hi < 1e6) hi *= 2;
  const kt = brent((x) => gardnerIntegral(x) - target, lo, hi, { xtol: 1e-14 }).root;
  return verdict(
    K * alphaC * normalCdf(kt) - 1,
    `K = ${K}, half-space acceptance sets (a perceptron on Σ_k w_k)`,
  );
}

/** Grid of the convexity search: u ∈ [−U, U] in steps of 2U/(2·HALF). */
const U = 6;
const HALF = 300;

/**
 * A witness that S = {u ∈ ℝ^K : Σ_k f(u_k) ≥ C} is not convex: two points (a, b, s, …, s) and (b, a, s, …, s)
 * of S whose midpoint is not in S, found on a grid of u ∈ [−6, 6] (f(a) + f(b) ≥ R > 2f((a + b)/2) with
 * R = C − (K − 2)f(s)). Null when the grid shows none; the tolerance keeps rounding from making one.
 */
export function nonConvexityWitness(
  f: (u: number) => number,
  C: number,
  K: number,
): { a: number; b: number; s: number } | null {
  const n = 2 * HALF + 1;
  const h = U / HALF;
  const fh = new Float64Array(n);
  let scale = Math.abs(C);
  for (let i = 0; i < n; i++) {
    fh[i] = f(-U + i * h);
    if (Number.isFinite(fh[i])) scale = Math.max(scale, Math.abs(fh[i]));
  }
  const tol = 1e-9 * (1 + scale);
  // values f(s) can take (for the other K − 2 units), sorted
  const vals = K > 2 ? Float64Array.from(fh.filter(Number.isFinite)).sort() : new Float64Array([0]);
  const sOf = (v: number) => {
    for (let i = 0; i < n; i++) if (fh[i] === v) return -U + i * h;
    return 0;
  };
  // a, b on the even points of the grid so that their midpoint is a grid point
  for (let i = 0; i < n; i += 2)
    for (let j = i + 2; j < n; j += 2) {
      const hi = fh[i] + fh[j];
      const lo = 2 * fh[(i + j) / 2];
      if (!(hi - lo > 3 * tol)) continue;
      // need R = C − (K − 2)v with lo + tol < R ≤ hi + tol
      if (K === 2) {
        if (C <= hi + tol && C > lo + tol) return { a: -U + i * h, b: -U + j * h, s: Number.NaN };
        continue;
      }
      const vLo = (C - hi - tol) / (K - 2);
      const vHi = (C - lo - tol) / (K - 2);
      // smallest v ≥ vLo
      let l = 0;
      let r = vals.length;
      while (l < r) {
        const m = (l + r) >> 1;
        if (vals[m] < vLo) l = m + 1;
        else r = m;
      }
      if (l < vals.length && vals[l] < vHi) return { a: -U + i * h, b: -U + j * h, s: sOf(vals[l]) };
    }
  return null;
}

/**
 * K ≥ 2, nonlinear g: S_y = {Σ_k y(g(u_k) − m₀) ≥ C_y}, C_y = (κ + yθ)√K. A non-convex set gives Λ = +∞; when the
 * grid finds no witness for either label the verdict is left open (null): the finite value would need the
 * projector's Monte Carlo, which is only done for half-spaces.
 */
export function rsStabilityAtCapacityFiniteK(
  g: (u: number) => number,
  m0: number,
  K: number,
  kappa: number,
  theta = 0,
): RsStabilityAtCapacity | null {
  for (const y of [1, -1]) {
    const C = (kappa + y * theta) * Math.sqrt(K);
    const w = nonConvexityWitness((u) => y * (g(u) - m0), C, K);
    if (w !== null) {
      const pt = (x: number, z: number) =>
        `(${[x, z, ...Array(K - 2).fill(w.s)].map((v) => +v.toFixed(3)).join(", ")})`;
      return diverging(
        `K = ${K}: the acceptance set of label ${y > 0 ? "+1" : "−1"} is not convex (${pt(w.a, w.b)} and ${pt(w.b, w.a)} store the pattern, their midpoint does not)`,
      );
    }
  }
  return null;
}

/**
 * Λ at the capacity for convex acceptance sets by Monte Carlo: G = −R^{1/2}(∇²D_y/2)R^{1/2} at fresh samples
 * t ~ N(0, Σ), Σ = (1 − c)I + c11ᵀ, R = P⁻¹ = Π_⊥ + ρΠ_U (∇²D by central differences of step h = 10⁻³),
 * Λ = Kα_c λ_max(E G⊗G) − 1 with its standard error (the sample spread of tr(VGVG) at the top eigenvector V, in
 * quadrature with α_c's own relative error). Only meaningful where both sets are convex: on a non-convex set the
 * q → 1 ridge spikes are invisible to this limit (there Λ = +∞).
 */
export function repliconAtCapacityConvex(
  distanceTo: (t: Float64Array, y: 1 | -1, rho: number) => number,
  K: number,
  alphaC: number,
  alphaStandardError: number,
  c: number,
  rho: number,
  options: { samples?: number; seed?: number | string } = {},
): RsStabilityAtCapacity {
  const N = options.samples ?? 20_000;
  const rng = createRng(options.seed ?? 1).fork("replicon");
  const z = new Float64Array(K);
  const t = new Float64Array(K);
  const x = new Float64Array(K);
  const sU = Math.sqrt(Math.max(0, 1 + (K - 1) * c));
  const sP = Math.sqrt(Math.max(0, 1 - c));
  const rU = Math.sqrt(rho);
  const h = 1e-3;
  const KK = K * K;
  const Gs = new Float64Array(2 * N * KK);
  const H = new Float64Array(KK);
  const D = (y: 1 | -1, i: number, si: number, j: number, sj: number) => {
    x.set(t);
    if (i >= 0) x[i] += si * h;
    if (j >= 0) x[j] += sj * h;
    return distanceTo(x, y, rho);
  };
  for (let n = 0; n < N; n++) {
    rng.fillNormal(z);
    let mean = 0;
    for (let k = 0; k < K; k++) mean += z[k];
    mean /= K;
    for (let k = 0; k < K; k++) t[k] = sP * (z[k] - mean) + sU * mean;
    for (const y of [1, -1] as const) {
      const d0 = D(y, -1, 0, -1, 0);
      for (let i = 0; i < K; i++) {
        H[i * K + i] = (D(y, i, 1, -1, 0) - 2 * d0 + D(y, i, -1, -1, 0)) / (h * h);
        for (let j = 0; j < i; j++) {
          const v =
            (D(y, i, 1, j, 1) - D(y, i, 1, j, -1) - D(y, i, -1, j, 1) + D(y, i, -1, j, -1)) / (4 * h * h);
          H[i * K + j] = v;
          H[j * K + i] = v;
        }
      }
      // G = −R^{1/2}(H/2)R^{1/2}, R^{1/2} = I + (√ρ − 1)11ᵀ/K
      const G = Gs.subarray((2 * n + (y === 1 ? 0 : 1)) * KK, (2 * n + (y === 1 ? 1 : 2)) * KK);
      sandwich(H, K, (rU - 1) / K, G);
      for (let k = 0; k < KK; k++) G[k] *= -0.5;
    }
  }
  // the top eigenvector of X ↦ E[G X G] (symmetric K × K) by power iteration
  let V = new Float64Array(KK);
  for (let k = 0; k < K; k++) V[k * K + k] = 1 / Math.sqrt(K);
  let lambda = 0;
  const GX = new Float64Array(KK);
  const GXG = new Float64Array(KK);
  for (let it = 0; it < 500; it++) {
    const next = new Float64Array(KK);
    for (let s = 0; s < 2 * N; s++) {
      matMul(Gs.subarray(s * KK, (s + 1) * KK), V, K, GX);
      matMul(GX, Gs.subarray(s * KK, (s + 1) * KK), K, GXG);
      for (let k = 0; k < KK; k++) next[k] += GXG[k] / (2 * N);
    }
    let norm = 0;
    for (let k = 0; k < KK; k++) norm += next[k] * next[k];
    norm = Math.sqrt(norm);
    if (norm === 0) break;
    let change = 0;
    for (let k = 0; k < KK; k++) change = Math.max(change, Math.abs(next[k] / norm - V[k]));
    V = next.map((v) => v / norm);
    lambda = norm;
    if (change < 1e-10) break;
  }
  // per-sample tr(VGVG), averaged over the two labels
  let s1 = 0;
  let s2 = 0;
  for (let n = 0; n < N; n++) {
    let xi = 0;
    for (let l = 0; l < 2; l++) {
      const G = Gs.subarray((2 * n + l) * KK, (2 * n + l + 1) * KK);
      matMul(V, G, K, GX);
      matMul(GX, GX, K, GXG);
      let tr = 0;
      for (let k = 0; k < K; k++) tr += GXG[k * K + k];
      xi += 0.5 * tr;
    }
    s1 += xi;
    s2 += xi * xi;
  }
  const m = s1 / N;
  const seLambda = Math.sqrt(Math.max(0, s2 / N - m * m) / (N - 1));
  const value = K * alphaC * lambda - 1;
  const rel = Math.hypot(seLambda / lambda, alphaC > 0 ? alphaStandardError / alphaC : 0);
  const se = (value + 1) * rel;
  const base = verdict(value, `K = ${K}, convex acceptance sets (Monte Carlo over ${N} samples)`);
  const resolved = Math.abs(value) > 2 * se;
  return {
    ...base,
    repliconAtCapacity: value,
    stable: value <= 0,
    standardError: se,
    note: resolved
      ? `${base.note.replace(/Λ = [^ ]+/, `Λ = ${value.toPrecision(4)} ± ${se.toPrecision(2)}`)}`
      : `K = ${K}, convex acceptance sets: replicon Λ = ${value.toPrecision(4)} ± ${se.toPrecision(2)} (Monte Carlo over ${N} samples), not resolved from 0`,
  };
}

/** out = R^{1/2} H R^{1/2} with R^{1/2} = I + β11ᵀ. */
function sandwich(H: Float64Array, K: number, beta: number, out: Float64Array): void {
  const row = new Float64Array(K);
  const col = new Float64Array(K);
  let all = 0;
  for (let i = 0; i < K; i++)
    for (let j = 0; j < K; j++) {
      row[i] += H[i * K + j];
      col[j] += H[i * K + j];
      all += H[i * K + j];
    }
  for (let i = 0; i < K; i++)
    for (let j = 0; j < K; j++) out[i * K + j] = H[i * K + j] + beta * (row[i] + col[j]) + beta * beta * all;
}

function matMul(A: Float64Array, B: Float64Array, K: number, out: Float64Array): void {
  for (let i = 0; i < K; i++)
    for (let j = 0; j < K; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += A[i * K + k] * B[k * K + j];
      out[i * K + j] = s;
    }
}
