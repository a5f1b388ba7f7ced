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

/** Δ^{−1/2} for Δ = A − B = [[d, r], [r, d]]: Σ λ^{−1/2} e eᵀ over e = (1, ±1)/√2, λ = d ± r. */
export function thermalWhitener(d: number, r: number): number[][] {
  const ip = 1 / Math.sqrt(d + r);
  const im = 1 / Math.sqrt(d - r);
  return [
    [(ip + im) / 2, (ip - im) / 2],
    [(ip - im) / 2, (ip + im) / 2],
  ];
}

/**
 * Adds wt·(G ⊗ G) to M, on symmetric 2 × 2 matrices in the basis (E₁₁, E₂₂, (E₁₂ + E₂₁)/√2), where
 * G = W Cov W − I, Cov the covariance of z from its moments (E z₁, E z₁², E z₂, E z₂², E z₁z₂) and W = Δ^{−1/2}.
 */
export function addReplicon(
  M: number[][],
  W2: number[][],
  m: { e1: number; e11: number; e2: number; e22: number; e12: number },
  wt: number,
): void {
  const C = [
    [m.e11 - m.e1 * m.e1, m.e12 - m.e1 * m.e2],
    [m.e12 - m.e1 * m.e2, m.e22 - m.e2 * m.e2],
  ];
  const G = [0, 1].map((a) =>
    [0, 1].map(
      (b) =>
        W2[a][0] * (C[0][0] * W2[0][b] + C[0][1] * W2[1][b]) +
        W2[a][1] * (C[1][0] * W2[0][b] + C[1][1] * W2[1][b]) -
        (a === b ? 1 : 0),
    ),
  );
  const [A, Cc, B] = [G[0][0], G[0][1], G[1][1]];
  const r2 = Math.SQRT2;
  const ops = [
    [A * A, Cc * Cc, r2 * A * Cc],
    [Cc * Cc, B * B, r2 * B * Cc],
    [r2 * A * Cc, r2 * B * Cc, A * B + Cc * Cc],
  ];
  for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) M[u][v] += wt * ops[v][u];
}

/** The largest eigenvalue of a symmetric 3 × 3 matrix by Jacobi rotations. */
export function largestEigenvalue3(M: number[][]): number {
  const S = M.map((row) => row.slice());
  for (let sweep = 0; sweep < 50; sweep++)
    for (let a = 0; a < 3; a++)
      for (let b = a + 1; b < 3; b++) {
        if (Math.abs(S[a][b]) < 1e-18) continue;
        const th = 0.5 * Math.atan2(2 * S[a][b], S[b][b] - S[a][a]);
        const cs = Math.cos(th);
        const sn = Math.sin(th);
        for (let k = 0; k < 3; k++) {
          const ska = S[k][a];
          const skb = S[k][b];
          S[k][a] = cs * ska - sn * skb;
          S[k][b] = sn * ska + cs * skb;
        }
        for (let k = 0; k < 3; k++) {
          const sak = S[a][k];
          const sbk = S[b][k];
          S[a][k] = cs * sak - sn * sbk;
          S[b][k] = sn * sak + cs * sbk;
        }
      }
  return Math.max(S[0][0], S[1][1], S[2][2]);
}
