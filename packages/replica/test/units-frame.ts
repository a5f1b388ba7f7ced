/**
 * The K = 2 overlaps in the units' own coordinates, for the tests that integrate there instead of in the (U, ⊥)
 * modes: the frozen field t ~ N(0, B), B = [[q, p/2], [p/2, q]], as t₁ = L11·x, t₂ = L21·x + L22·x′ (Cholesky), and
 * the thermal z ~ N(0, A − B), A = [[1, c/2], [c/2, 1]]: Var z_k = d, and z₂ given z₁ is N(β z₁, s2²).
 */
export function unitsFrame(q: number, p: number, c: number) {
  const L11 = Math.sqrt(q);
  const L21 = p / 2 / L11;
  // 0 on the PS line p = 2q (clamped: round-off may leave q − L21² a hair below 0)
  const L22 = Math.sqrt(Math.max(0, q - L21 * L21));
  const d = 1 - q;
  /** Cov(z₁, z₂) */
  const r = c / 2 - p / 2;
  return { L11, L21, L22, d, r, beta: r / d, s2: Math.sqrt(d - (r * r) / d) };
}
