import type { Activation } from "./activations.js";

/**
 * The range of the centred unit output g(z) − m₀ over the real line, by sampling: a grid of step 0.005
 * on [−12, 12] and the points ±30, ±100, ±10³, ±10⁶ (a g that keeps growing there is unbounded).
 * At width K the centred output λ = K^{−1/2} Σ_k (g(h_k) − m₀) lies in [√K·low, √K·high], so a margin
 * κ > √K·min(high, −low) leaves one label unattainable and the capacity is exactly 0.
 */
export interface OutputRange {
  /** sup (g − m₀) as sampled (may be Infinity). */
  high: number;
  /** inf (g − m₀) as sampled (may be −Infinity). */
  low: number;
}

export function outputRange(act: Activation): OutputRange {
  let high = Number.NEGATIVE_INFINITY;
  let low = Number.POSITIVE_INFINITY;
  const visit = (z: number) => {
    const v = act.g(z) - act.m0;
    if (Number.isNaN(v)) return;
    if (v > high) high = v;
    if (v < low) low = v;
  };
  for (let i = 0; i <= 4800; i++) visit(-12 + i * 0.005);
  for (const z of [30, 100, 1e3, 1e6]) {
    visit(z);
    visit(-z);
  }
  return { high, low };
}

/** The largest margin any output of width K can meet for both labels: √K·min(sup(g − m₀), −inf(g − m₀)). */
export function maxAttainableMargin(act: Activation, K: number): number {
  const r = outputRange(act);
  return Math.sqrt(K) * Math.min(r.high, -r.low);
}
