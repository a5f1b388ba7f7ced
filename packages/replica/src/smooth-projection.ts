import { invalidArgument } from "@meanfield/linalg";
import type { Activation } from "./activations.js";

/**
 * The squared P-distance to the acceptance set of a committee of smooth units
 * (theory/replica-finite-k.md, "Smooth activations"):
 *
 *   D = min { vᵀPv : u = t + v, Σ_k h(u_k) ≥ C },   h = y·(g − m₀),   P = I + (1/ρ − 1)·11ᵀ/K,
 *
 * for a g without kinks or jumps. The set is not convex and not a union of polyhedra, so the minimum is
 * global over candidates: from t the set is entered along the P-gradient direction P⁻¹∇H(t) (H = Σ h) and,
 * for each subset S of units, along ±P⁻¹1_S, S moved together at least cost (only the way h grows when h is
 * monotone; 2^K − 1 subsets, so K is kept small); each entry point (feasible, hence an upper bound) starts a damped
 * Newton iteration on the KKT system P(u − t) = μ∇H(u), H(u) = C, whose limits are feasible points too; D is
 * the least vᵀPv among all of them. The global minimiser is a KKT point; that one of the starts reaches it is
 * what the brute-force test checks (an independent grid minimisation, K = 2, 3).
 */
export interface SmoothUnit {
  /** h(u) = y·(g(u) − m₀). */
  h: (u: number) => number;
  /** h′. */
  h1: (u: number) => number;
  /** h″. */
  h2: (u: number) => number;
  /** sup h: a threshold C ≥ K·sup h cannot be met (D = ∞). */
  sup: number;
  /** +1 when h increases, −1 when it decreases on the whole line, 0 otherwise (both ways are searched). */
  monotone: number;
}

/** Scratch arrays of one projection at width K (no allocation per call). */
export class SmoothProjection {
  readonly K: number;
  private readonly u: Float64Array;
  private readonly d: Float64Array;
  private readonly best: Float64Array;
  private readonly grad: Float64Array;
  private readonly r: Float64Array;
  private readonly m: Float64Array;
  private readonly step: Float64Array;
  private readonly trial: Float64Array;
  /** Calls that found no point of a reachable set (D = ∞ returned; counted over the object's life). */
  failures = 0;

  constructor(K: number) {
    this.K = K;
    this.u = new Float64Array(K);
    this.d = new Float64Array(K);
    this.best = new Float64Array(K);
    this.grad = new Float64Array(K);
    this.r = new Float64Array(K + 1);
    this.m = new Float64Array((K + 1) * (K + 1));
    this.step = new Float64Array(K + 1);
    this.trial = new Float64Array(K);
  }

  /** The minimiser of the last call (valid when the distance is finite). */
  get minimiser(): Float64Array {
    return this.best;
  }

  /** Σ_k v_k = Σ_k (u_k − t_k) at the minimiser of the last call (∂D/∂ρ = −(Σv)²/(Kρ²)). */
  sumV = 0;

  /** D for the field t (length K), threshold C, freezing ratio ρ. */
  distance(t: ArrayLike<number>, unit: SmoothUnit, C: number, rho: number): number {
    const K = this.K;
    let H = 0;
    for (let k = 0; k < K; k++) H += unit.h(t[k]);
    this.sumV = 0;
    if (H >= C) {
      for (let k = 0; k < K; k++) this.best[k] = t[k];
      return 0;
    }
    if (!(K * unit.sup > C)) return Number.POSITIVE_INFINITY;
    let bestQ = Number.POSITIVE_INFINITY;
    const d = this.d;
    // a monotone h is entered only in the direction in which it grows; an entry point more than 4 times
    // farther than the best point so far is not refined (its basin is not the nearest)
    const tryDirection = (ascent = false) => {
      let n2 = 0;
      for (let k = 0; k < K; k++) n2 += d[k] * d[k];
      if (!(n2 > 0)) return;
      const inv = 1 / Math.sqrt(n2);
      for (let k = 0; k < K; k++) d[k] *= inv;
      const only = ascent ? 1 : unit.monotone;
      for (let sgn = -1; sgn <= 1; sgn += 2) {
        if (only !== 0 && sgn !== only) continue;
        const q = this.enter(t, unit, C, rho, sgn, 4 * bestQ);
        if (q === Number.POSITIVE_INFINITY || q > 4 * bestQ) continue;
        if (q < bestQ) {
          bestQ = q;
          this.best.set(this.u);
        }
        const q2 = this.newton(t, unit, C, rho);
        if (q2 < bestQ) {
          bestQ = q2;
          this.best.set(this.u);
        }
      }
    };
    // the P-gradient direction P⁻¹∇H(t) = ∇H + (ρ − 1)·mean(∇H) first
    let mean = 0;
    for (let k = 0; k < K; k++) {
      d[k] = unit.h1(t[k]);
      mean += d[k];
    }
    mean /= K;
    for (let k = 0; k < K; k++) d[k] += (rho - 1) * mean;
    tryDirection(true);
    // each subset S of units moved together at least cost: P⁻¹1_S = 1_S − (1 − ρ)(|S|/K)·1 (S = all: the
    // uniform mode; at small ρ the uniform mode is dear and a single unit moves against the others)
    for (let mask = 1; mask < 1 << K; mask++) {
      let size = 0;
      for (let k = 0; k < K; k++) size += (mask >> k) & 1;
      for (let k = 0; k < K; k++) d[k] = ((mask >> k) & 1) + ((rho - 1) * size) / K;
      tryDirection();
    }
    if (bestQ === Number.POSITIVE_INFINITY && this.climb(t, unit, C)) {
      // no ray entered (a small bounded set off every ray): the path of steepest ascent of H does
      bestQ = quadratic(this.u, t, K, rho);
      this.best.set(this.u);
      const q2 = this.newton(t, unit, C, rho);
      if (q2 < bestQ) {
        bestQ = q2;
        this.best.set(this.u);
      }
    }
    if (bestQ === Number.POSITIVE_INFINITY) this.failures++;
    let sv = 0;
    for (let k = 0; k < K; k++) sv += this.best[k] - t[k];
    this.sumV = sv;
    return bestQ;
  }

  /**
   * Follows the path of steepest ascent of H from t in steps of 0.02 (at most 20 000) until H ≥ C; leaves
   * the first point inside in u. False when the path stalls or ends outside.
   */
  private climb(t: ArrayLike<number>, unit: SmoothUnit, C: number): boolean {
    const K = this.K;
    const u = this.u;
    for (let k = 0; k < K; k++) u[k] = t[k];
    for (let it = 0; it < 20_000; it++) {
      let n2 = 0;
      for (let k = 0; k < K; k++) {
        this.grad[k] = unit.h1(u[k]);
        n2 += this.grad[k] * this.grad[k];
      }
      if (!(n2 > 0)) return false;
      const step = 0.02 / Math.sqrt(n2);
      let H = 0;
      for (let k = 0; k < K; k++) {
        u[k] += step * this.grad[k];
        H += unit.h(u[k]);
      }
      if (H >= C) return true;
    }
    return false;
  }

  /**
   * Enters the set from t along sgn·d (|d| = 1): the first crossing of H = C on s = 0.02·1.25^j (j ≤ 42, to
   * s ≈ 240; finely enough not to step over a bounded set such as quadratic g's disc),
   * bisected 10 times (Newton finishes); leaves the point in u and returns its vᵀPv (∞ when the ray never enters).
   */
  private enter(
    t: ArrayLike<number>,
    unit: SmoothUnit,
    C: number,
    rho: number,
    sgn: number,
    worthBelow = Number.POSITIVE_INFINITY,
  ): number {
    const K = this.K;
    const u = this.u;
    const d = this.d;
    const Hat = (s: number) => {
      let H = 0;
      for (let k = 0; k < K; k++) H += unit.h(t[k] + sgn * s * d[k]);
      return H;
    };
    // Past lo with λ_min(P)·lo² > worthBelow, an entry point would cost vᵀPv ≥ λ_min(P)·s² > worthBelow and be
    // discarded by the caller: stop there (the margin 1e-9 covers vᵀPv's rounding), returning ∞ as for no crossing.
    const cut = worthBelow / Math.min(1, 1 / rho);
    let lo = 0;
    let hi = Number.NaN;
    for (let s = 0.02, j = 0; j <= 42; j++, s *= 1.25) {
      if (Hat(s) >= C) {
        hi = s;
        break;
      }
      lo = s;
      if (lo * lo > cut * (1 + 1e-9)) return Number.POSITIVE_INFINITY;
    }
    if (Number.isNaN(hi)) return Number.POSITIVE_INFINITY;
    for (let i = 0; i < 10; i++) {
      const mid = 0.5 * (lo + hi);
      if (Hat(mid) >= C) hi = mid;
      else lo = mid;
      if (lo * lo > cut * (1 + 1e-9)) return Number.POSITIVE_INFINITY;
    }
    for (let k = 0; k < K; k++) u[k] = t[k] + sgn * hi * d[k];
    return quadratic(u, t, K, rho);
  }

  /**
   * Damped Newton on the KKT system from the point in u (on or near the boundary): unknowns (u, μ),
   * F = (P(u − t) − μ∇H(u), H(u) − C). Leaves the limit in u; returns its vᵀPv when it converged to a
   * feasible point (within 1e-12 of the boundary) and ∞ otherwise.
   */
  private newton(t: ArrayLike<number>, unit: SmoothUnit, C: number, rho: number): number {
    const K = this.K;
    const u = this.u;
    if (!Number.isFinite(u[0])) return Number.POSITIVE_INFINITY;
    const g = this.grad;
    const r = this.r;
    const beta = 1 / rho - 1;
    // μ from least squares: ∇H·P(u − t) / |∇H|²
    let num = 0;
    let den = 0;
    let sv = 0;
    for (let k = 0; k < K; k++) sv += u[k] - t[k];
    for (let k = 0; k < K; k++) {
      g[k] = unit.h1(u[k]);
      num += g[k] * (u[k] - t[k] + (beta * sv) / K);
      den += g[k] * g[k];
    }
    if (!(den > 0)) return Number.POSITIVE_INFINITY;
    let mu = num / den;
    let res = this.residual(t, unit, C, beta, mu, u, r);
    // F's rounding error grows with the metric's largest eigenvalue 1 + max(β, 0)·… (ρ → 0: 1/ρ)
    const scale = (1 + Math.abs(C)) * (1 + Math.abs(beta));
    for (let it = 0; it < 40; it++) {
      if (res < 1e-24 * scale * scale) break;
      if (!this.solveStep(unit, beta, mu)) return Number.POSITIVE_INFINITY;
      // backtracking on |F|²
      let lambda = 1;
      let accepted = false;
      for (let b = 0; b < 30; b++) {
        for (let k = 0; k < K; k++) this.trial[k] = u[k] + lambda * this.step[k];
        const muT = mu + lambda * this.step[K];
        const resT = this.residual(t, unit, C, beta, muT, this.trial, r);
        if (resT < res * (1 - 1e-4 * lambda) || resT < 1e-26 * scale * scale) {
          u.set(this.trial);
          mu = muT;
          res = resT;
          accepted = true;
          break;
        }
        lambda *= 0.5;
      }
      if (!accepted) break;
    }
    let H = 0;
    for (let k = 0; k < K; k++) H += unit.h(u[k]);
    if (!(H >= C - 1e-12 * (1 + Math.abs(C))) || !(res < 1e-18 * scale * scale))
      return Number.POSITIVE_INFINITY;
    return quadratic(u, t, K, rho);
  }

  /** |F|² at (x, μ); F is left in r (K + 1 entries). */
  private residual(
    t: ArrayLike<number>,
    unit: SmoothUnit,
    C: number,
    beta: number,
    mu: number,
    x: Float64Array,
    r: Float64Array,
  ): number {
    const K = this.K;
    let sv = 0;
    for (let k = 0; k < K; k++) sv += x[k] - t[k];
    let H = 0;
    let s = 0;
    for (let k = 0; k < K; k++) {
      r[k] = x[k] - t[k] + (beta * sv) / K - mu * unit.h1(x[k]);
      H += unit.h(x[k]);
      s += r[k] * r[k];
    }
    r[K] = H - C;
    return s + r[K] * r[K];
  }

  /**
   * The Newton step at (u, μ) with F in r: [[P − μ diag h″, −∇H], [∇Hᵀ, 0]]·step = −F, by Gaussian
   * elimination with partial pivoting on the (K + 1)² matrix. False when singular.
   */
  private solveStep(unit: SmoothUnit, beta: number, mu: number): boolean {
    const K = this.K;
    const n = K + 1;
    const m = this.m;
    const u = this.u;
    const x = this.step;
    for (let i = 0; i < K; i++) {
      const gi = unit.h1(u[i]);
      for (let j = 0; j < K; j++) m[i * n + j] = beta / K + (i === j ? 1 - mu * unit.h2(u[i]) : 0);
      m[i * n + K] = -gi;
      m[K * n + i] = gi;
      x[i] = -this.r[i];
    }
    m[K * n + K] = 0;
    x[K] = -this.r[K];
    for (let c = 0; c < n; c++) {
      let p = c;
      for (let i = c + 1; i < n; i++) if (Math.abs(m[i * n + c]) > Math.abs(m[p * n + c])) p = i;
      const piv = m[p * n + c];
      if (!(Math.abs(piv) > 1e-300)) return false;
      if (p !== c) {
        for (let j = 0; j < n; j++) {
          const tmp = m[c * n + j];
          m[c * n + j] = m[p * n + j];
          m[p * n + j] = tmp;
        }
        const tmp = x[c];
        x[c] = x[p];
        x[p] = tmp;
      }
      for (let i = c + 1; i < n; i++) {
        const f = m[i * n + c] / piv;
        if (f === 0) continue;
        for (let j = c; j < n; j++) m[i * n + j] -= f * m[c * n + j];
        x[i] -= f * x[c];
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = x[i];
      for (let j = i + 1; j < n; j++) s -= m[i * n + j] * x[j];
      x[i] = s / m[i * n + i];
    }
    for (let i = 0; i < n; i++) if (!Number.isFinite(x[i])) return false;
    return true;
  }
}

/** vᵀPv = |v|² − (1 − 1/ρ)K·v̄² for v = u − t. */
function quadratic(u: ArrayLike<number>, t: ArrayLike<number>, K: number, rho: number): number {
  let s = 0;
  let s2 = 0;
  for (let k = 0; k < K; k++) {
    const v = u[k] - t[k];
    s += v;
    s2 += v * v;
  }
  return s2 + ((1 / rho - 1) * s * s) / K;
}

/**
 * The two labels' units h = ±(g − m₀) of a smooth activation, with sup h from the output range (`high` for
 * y = +1, −`low` for y = −1); g″ is the activation's closed form where it has one, else a central difference of g′.
 */
export function smoothUnits(act: Activation, range: { high: number; low: number }): [SmoothUnit, SmoothUnit] {
  const { g, m0 } = act;
  if (act.gPrime === undefined)
    throw invalidArgument(
      "activation",
      "an activation with g′ for the smooth exact finite-K theory",
      act.name,
    );
  const gPrime = act.gPrime;
  let up = true;
  let down = true;
  for (let z = -12; z <= 12; z += 0.01) {
    const d = gPrime(z);
    if (d < 0) up = false;
    if (d > 0) down = false;
  }
  const mono = up ? 1 : down ? -1 : 0;
  const g2 =
    act.gSecond ??
    ((z: number) => {
      const e = 1e-4 * (1 + Math.abs(z));
      return (gPrime(z + e) - gPrime(z - e)) / (2 * e);
    });
  return [
    { h: (u) => g(u) - m0, h1: gPrime, h2: g2, sup: range.high, monotone: mono },
    { h: (u) => m0 - g(u), h1: (u) => -gPrime(u), h2: (u) => -g2(u), sup: -range.low, monotone: -mono },
  ];
}
