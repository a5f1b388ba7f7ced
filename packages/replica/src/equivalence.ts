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
