// An independent minimisation of vᵀPv over an acceptance set for the projection tests
// (theory/replica-finite-k.md, "Exact replica symmetry at finite K").

/** vᵀPv with P = Π_⊥ + Π_U/ρ. */
export function metric(v: number[], rho: number): number {
  const K = v.length;
  const m = v.reduce((a, b) => a + b, 0) / K;
  return v.reduce((a, b) => a + b * b, 0) - (1 - 1 / rho) * K * m * m;
}

/**
 * Brute force: the minimum of vᵀPv over grids among the u = t + v that satisfy `ok`, searched in the
 * whitened coordinates w = P^{1/2}v (v = w + (√ρ − 1)·w̄·1, vᵀPv = |w|², so that the windows are round):
 * a coarse grid on [−3.2, 3.2]^K, then a pattern search around each of its near-best regions. An
 * independent method (no KKT conditions, no ordering) and an upper bound: the exact value may not exceed it.
 */
export function bruteForce(t: number[], rho: number, ok: (u: number[]) => boolean): number {
  const K = t.length;
  const sr = Math.sqrt(rho) - 1;
  const toU = (w: number[]) => {
    const mean = w.reduce((a, b) => a + b, 0) / K;
    return w.map((x, k) => t[k] + x + sr * mean);
  };
  const search = (centre: number[], half: number, n: number) => {
    const found: Array<{ d: number; w: number[] }> = [];
    const idx = new Array(K).fill(0);
    const total = (n + 1) ** K;
    for (let i = 0; i < total; i++) {
      let r = i;
      for (let k = 0; k < K; k++) {
        idx[k] = r % (n + 1);
        r = Math.floor(r / (n + 1));
      }
      const w = idx.map((j, k) => centre[k] - half + (2 * half * j) / n);
      if (!ok(toU(w))) continue;
      found.push({ d: w.reduce((a, b) => a + b * b, 0), w });
    }
    return found.sort((a, b) => a.d - b.d);
  };
  // a pattern search: at each window size the grid is re-centred on the best point until it stops
  // improving, then shrunk
  const refine = (w: number[]) => {
    let best = { d: Number.POSITIVE_INFINITY, w };
    for (const half of [0.3, 0.08, 0.02, 0.005, 0.00125, 0.0003, 0.00008, 0.00002]) {
      for (let repeat = 0; repeat < 30; repeat++) {
        const f = search(best.w, half, K === 2 ? 40 : 16);
        if (!(f.length > 0 && f[0].d < best.d * (1 - 1e-13))) break;
        best = f[0];
      }
    }
    return best.d;
  };
  // the coarse grid's near-best points, refined each: near-degenerate local minima in separate basins
  // (e.g. one unit raised or both) are both followed
  const coarse = search(new Array(K).fill(0), 3.2, K === 2 ? 320 : 64);
  if (coarse.length === 0) return Number.POSITIVE_INFINITY;
  const near = coarse.filter((c) => c.d <= coarse[0].d * 1.05 + 1e-6);
  // the best coarse point of each region (points more than 0.25 apart), up to 40 regions
  const chosen: number[][] = [];
  for (const c of near) {
    if (chosen.length >= 40) break;
    if (chosen.every((w) => Math.hypot(...w.map((x, k) => x - c.w[k])) > 0.25)) chosen.push(c.w);
  }
  return Math.min(...chosen.map(refine));
}

/**
 * A second independent method for a smooth sum constraint Σ_k h(u_k) ≥ C (K = 2, 3) when t lies outside:
 * the minimum then lies on the boundary, which is parametrised by the first K − 1 coordinates with u_K a
 * root of h(u_K) = C − Σ_{k<K} h(u_k). A grid over the first coordinates (each root found by a scan and
 * bisection), then a compass search on the smooth function of the free coordinates, tracking the root;
 * every coordinate takes its turn as the solved one.
 * Returns 0 when t is inside, ∞ when no boundary point is found in the box t ± 4.
 */
export function boundaryMinimum(t: number[], rho: number, h: (u: number) => number, C: number): number {
  // each coordinate in turn is the one solved for (where h saturates, its root is ill-posed); the set and the
  // metric are permutation invariant, so the field is rotated instead
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < t.length; k++)
    best = Math.min(best, boundaryMinimumLast([...t.slice(k + 1), ...t.slice(0, k + 1)], rho, h, C));
  return best;
}

function boundaryMinimumLast(t: number[], rho: number, h: (u: number) => number, C: number): number {
  const K = t.length;
  if (t.reduce((a, x) => a + h(x), 0) >= C) return 0;
  const Q = (u: number[]) =>
    metric(
      u.map((x, k) => x - t[k]),
      rho,
    );
  const root = (target: number, lo: number, hi: number) => {
    let a = lo;
    let b = hi;
    const fa = h(a) - target;
    for (let i = 0; i < 60; i++) {
      const m = 0.5 * (a + b);
      if (h(m) - target > 0 === fa > 0) a = m;
      else b = m;
    }
    return 0.5 * (a + b);
  };
  /** The roots of h(x) = target on t_K ± 4 (scan step 0.02). */
  const roots = (target: number) => {
    const out: number[] = [];
    const step = 0.02;
    let x0 = t[K - 1] - 4;
    let f0 = h(x0) - target;
    for (let x1 = x0 + step; x1 <= t[K - 1] + 4 + 1e-12; x1 += step) {
      const f1 = h(x1) - target;
      if (f0 === 0) out.push(x0);
      else if (f0 > 0 !== f1 > 0) out.push(root(target, x0, x1));
      x0 = x1;
      f0 = f1;
    }
    return out;
  };
  /** The root near r (within 0.05) of h(x) = target, or NaN when the branch has ended. */
  const track = (target: number, r: number) => {
    let best = Number.NaN;
    for (let w = 1e-9; w <= 0.05; w *= 2) {
      const a = r - w;
      const b = r + w;
      if (h(a) - target > 0 !== h(b) - target > 0) {
        best = root(target, a, b);
        break;
      }
    }
    return best;
  };
  const free = K - 1;
  const gridStep = K === 2 ? 0.005 : 0.06;
  const n = Math.round(8 / gridStep);
  const starts: Array<{ q: number; x: number[]; r: number }> = [];
  const idx = new Array(free).fill(0);
  for (let i = 0; i < (n + 1) ** free; i++) {
    let rem = i;
    for (let k = 0; k < free; k++) {
      idx[k] = rem % (n + 1);
      rem = Math.floor(rem / (n + 1));
    }
    const x = idx.map((j, k) => t[k] - 4 + j * gridStep);
    const target = C - x.reduce((a, v) => a + h(v), 0);
    for (const r of roots(target)) starts.push({ q: Q([...x, r]), x, r });
  }
  if (starts.length === 0) return Number.POSITIVE_INFINITY;
  starts.sort((a, b) => a.q - b.q);
  let best = Number.POSITIVE_INFINITY;
  for (const s of starts.slice(0, 8)) {
    // compass search on the free coordinates with the tracked root
    let { x, r, q } = s;
    for (let step = gridStep; step > 1e-10; step /= 2) {
      let improved = true;
      for (let moves = 0; improved && moves < 100; moves++) {
        improved = false;
        // the axes and (K = 3) the diagonals: at small ρ the valley runs along u₁ − u₂
        for (const dir of free === 1
          ? [[1]]
          : [
              [1, 0],
              [0, 1],
              [1, 1],
              [1, -1],
            ])
          for (const sgn of [-1, 1]) {
            const y = x.map((v, k) => v + sgn * step * dir[k]);
            const r2 = track(C - y.reduce((a, v) => a + h(v), 0), r);
            if (Number.isNaN(r2)) continue;
            const q2 = Q([...y, r2]);
            if (q2 < q) {
              x = y;
              r = r2;
              q = q2;
              improved = true;
            }
          }
      }
    }
    best = Math.min(best, q);
  }
  return best;
}
