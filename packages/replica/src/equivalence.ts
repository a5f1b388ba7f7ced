import type { Activation } from "./activations.js";

/**
 * Whether `ok(h)` holds at every sample h = 12i/1200 for i = first, …, 1200 (on [0, 12]) and then at each of
 * `extra`, in that order, stopping at the first failure; `ok` checks both ±h.
 */
function holdsOnSamples(first: number, extra: readonly number[], ok: (h: number) => boolean): boolean {
  for (let i = first; i <= 1200; i++) if (!ok((12 * i) / 1200)) return false;
  for (const h of extra) if (!ok(h)) return false;
  return true;
}

/**
 * c when g is a step d ± c·sign(h) at h = 0 (constant on each half-line, sampled on [−12, 12] and at ±30),
 * else null: such a g is the sign committee with the margin scaled by 1/c (m₀ = d since P(h > 0) = ½).
 */
export function signEquivalentScale(g: (h: number) => number): number | null {
  const lo = g(-1);
  const hi = g(1);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) return null;
  const tol = 1e-12 * Math.max(Math.abs(lo), Math.abs(hi));
  const ok = (h: number) => !(Math.abs(g(h) - hi) > tol || Math.abs(g(-h) - lo) > tol);
  if (!holdsOnSamples(1, [1e-12, 1e-6, 30], ok)) return null;
  return 0.5 * Math.abs(hi - lo);
}

/**
 * s when g is d + s·relu(h) for some d and s ≠ 0 (sampled like `signEquivalentScale`), else null: such a g is
 * the ReLU committee with the margin scaled by 1/|s| (s < 0 swaps the labels, which are symmetric).
 */
export function reluEquivalentScale(g: (h: number) => number): number | null {
  const d = g(-1);
  const s = g(1) - d;
  if (!Number.isFinite(d) || !Number.isFinite(s) || s === 0) return null;
  const tol = 1e-12 * Math.max(Math.abs(d), Math.abs(s));
  const ok = (h: number) => Math.abs(g(h) - (d + s * Math.max(h, 0))) <= tol * Math.max(1, Math.abs(h));
  if (!holdsOnSamples(0, [1e-6, 0.37, 30], (h) => ok(h) && ok(-h))) return null;
  return Math.abs(s);
}

/** g linear on the Gaussian support (no Hermite weight beyond b₁: Var g = b₁²); it has its own closed forms. */
export function isLinearActivation(act: Activation): boolean {
  return !(act.variance - act.b1 * act.b1 > 1e-12 * act.variance);
}

/** g − m₀ odd (κ(−1) = −κ(1) = −Var g): at K = 2, w₂ = −w₁ cancels the output. */
export function isOddAboutMean(act: Activation): boolean {
  return Math.abs(act.kappa(-1) + act.variance) <= 1e-9 * act.variance;
}

/**
 * True when g is nonlinear and g − m₀ odd and strictly monotone: then at K = 2 and zero margin the acceptance sets
 * ±(g(u₁) + g(u₂) − 2m₀) ≥ 0 are the half-planes ±(u₁ + u₂) ≥ 0, those of linear g, and the exact RS capacity is
 * linear g's 2/K = 1 (theory/replica-finite-k.md, "The degenerate end at K = 2"). Odd: κ(−1) = −Var g. Strictly
 * monotone: g increments of one strict sign over steps of 0.01 on [−4, 4], and, where g′ is known, g′ of no other
 * sign at h = 12i/1200 on [−12, 12] (g′ stays informative where g has rounded to its limit, e.g. erf beyond 6).
 */
export function oddMonotoneActivation(act: Activation): boolean {
  if (isLinearActivation(act)) return false; // linear g has its own closed form
  if (!isOddAboutMean(act)) return false;
  if (!Number.isFinite(act.gPrime2)) return false;
  const s = Math.sign(act.g(0.01) - act.g(0));
  if (s === 0) return false;
  for (let i = -400; i < 400; i++) {
    const a = i / 100;
    if (Math.sign(act.g(a + 0.01) - act.g(a)) !== s) return false;
  }
  const gp = act.gPrime;
  return gp === undefined || holdsOnSamples(0, [], (h) => gp(h) * s >= 0 && gp(-h) * s >= 0);
}

/**
 * Whether g(x) = a·x² + b (a ≠ 0) on a grid of [−10, 10] (relative tolerance 1e-12): its a, else null.
 */
export function quadraticCoefficient(act: Activation): number | null {
  const g0 = act.g(0);
  const a = act.g(1) - g0;
  if (!(Math.abs(a) > 0) || !Number.isFinite(a)) return null;
  for (let i = -500; i <= 500; i++) {
    const x = i * 0.02;
    const want = a * x * x + g0;
    if (Math.abs(act.g(x) - want) > 1e-12 * (1 + Math.abs(want))) return null;
  }
  return a;
}
