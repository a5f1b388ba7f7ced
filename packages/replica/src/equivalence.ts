/**
 * c when g is a step d ± c·sign(h) at h = 0 (constant on each half-line, sampled on [−12, 12] and at ±30),
 * else null: such a g is the sign committee with the margin scaled by 1/c (m₀ = d since P(h > 0) = ½).
 */
export function signEquivalentScale(g: (h: number) => number): number | null {
  const lo = g(-1);
  const hi = g(1);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) return null;
  const tol = 1e-12 * Math.max(Math.abs(lo), Math.abs(hi));
  for (let i = 1; i <= 1200; i++) {
    const h = (12 * i) / 1200;
    if (Math.abs(g(h) - hi) > tol || Math.abs(g(-h) - lo) > tol) return null;
  }
  for (const h of [1e-12, 1e-6, 30]) if (Math.abs(g(h) - hi) > tol || Math.abs(g(-h) - lo) > tol) return null;
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
  for (let i = 0; i <= 1200; i++) {
    const h = (12 * i) / 1200;
    if (!ok(h) || !ok(-h)) return null;
  }
  for (const h of [1e-6, 0.37, 30]) if (!ok(h) || !ok(-h)) return null;
  return Math.abs(s);
}
