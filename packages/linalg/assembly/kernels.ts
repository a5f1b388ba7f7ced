// WebAssembly SIMD (f64x2) versions of the row kernels of src/kernels/row-kernels.ts, compiled by
// AssemblyScript (scripts/build-wasm.mjs). Pointers are byte offsets into this module's memory.
// Every kernel performs the same floating-point operations, in the same order, as its JavaScript
// twin, so the two give bit-identical results (tested in test/kernels.test.ts).

// acc[s] += Σ_{r < count} (scale·coef[r]) · X[r·stride + s] for 0 ≤ s < b, four rows per pass:
// acc[s] = acc[s] + (((k0·x0 + k1·x1) + k2·x2) + k3·x3).
export function accumulateRows(
  acc: usize,
  b: i32,
  coef: usize,
  scale: f64,
  X: usize,
  stride: i32,
  count: i32,
): void {
  const sb: usize = (<usize>stride) << 3;
  let r = 0;
  for (; r + 3 < count; r += 4) {
    const cr = coef + ((<usize>r) << 3);
    const c0 = scale * load<f64>(cr);
    const c1 = scale * load<f64>(cr, 8);
    const c2 = scale * load<f64>(cr, 16);
    const c3 = scale * load<f64>(cr, 24);
    const k0 = f64x2.splat(c0);
    const k1 = f64x2.splat(c1);
    const k2 = f64x2.splat(c2);
    const k3 = f64x2.splat(c3);
    const o0 = X + <usize>r * sb;
    const o1 = o0 + sb;
    const o2 = o1 + sb;
    const o3 = o2 + sb;
    let s = 0;
    for (; s + 3 < b; s += 4) {
      const so: usize = (<usize>s) << 3;
      const a = f64x2.add(
        f64x2.add(
          f64x2.add(f64x2.mul(k0, v128.load(o0 + so)), f64x2.mul(k1, v128.load(o1 + so))),
          f64x2.mul(k2, v128.load(o2 + so)),
        ),
        f64x2.mul(k3, v128.load(o3 + so)),
      );
      const c = f64x2.add(
        f64x2.add(
          f64x2.add(f64x2.mul(k0, v128.load(o0 + so, 16)), f64x2.mul(k1, v128.load(o1 + so, 16))),
          f64x2.mul(k2, v128.load(o2 + so, 16)),
        ),
        f64x2.mul(k3, v128.load(o3 + so, 16)),
      );
      v128.store(acc + so, f64x2.add(v128.load(acc + so), a));
      v128.store(acc + so, f64x2.add(v128.load(acc + so, 16), c), 16);
    }
    for (; s < b; s++) {
      const so: usize = (<usize>s) << 3;
      store<f64>(
        acc + so,
        load<f64>(acc + so) +
          (c0 * load<f64>(o0 + so) +
            c1 * load<f64>(o1 + so) +
            c2 * load<f64>(o2 + so) +
            c3 * load<f64>(o3 + so)),
      );
    }
  }
  for (; r < count; r++) {
    const kk = scale * load<f64>(coef + ((<usize>r) << 3));
    const k0 = f64x2.splat(kk);
    const o0 = X + <usize>r * sb;
    let s = 0;
    for (; s + 1 < b; s += 2) {
      const so: usize = (<usize>s) << 3;
      v128.store(acc + so, f64x2.add(v128.load(acc + so), f64x2.mul(k0, v128.load(o0 + so))));
    }
    for (; s < b; s++) {
      const so: usize = (<usize>s) << 3;
      store<f64>(acc + so, load<f64>(acc + so) + kk * load<f64>(o0 + so));
    }
  }
}

// One column j of a batched linear BDF2 recursion with a lower-triangular memory (the tangent
// dynamics of a Volterra process; twin of tangentSweepJs in src/kernels/tangent-sweep.ts):
//   ψ_j = γ_j·d_j,  ψ_k = ((a1_k ψ_{k−1} + a2_k ψ_{k−2}) + Σ_{j ≤ i < k} (γ_k δ K[k, i]) u_i)·d_k,
//   u_k = F_k ψ_k,  out[k, j] += Σ_s w_s u_k[s]   (k = j..M; the a2 term only for k − 2 ≥ j),
// rows of B doubles (b used), the weighted sums split over two lanes (even and odd s).
export function tangentSweep(
  j: i32,
  M: i32,
  b: i32,
  B: i32,
  K: usize,
  ldK: i32,
  delta: f64,
  gamma: usize,
  a1: usize,
  a2: usize,
  F: usize,
  invDen: usize,
  psi: usize,
  u: usize,
  acc: usize,
  w: usize,
  out: usize,
  ldOut: i32,
): void {
  const rb: usize = (<usize>B) << 3;
  const jb: usize = <usize>j * rb;
  const gj = load<f64>(gamma + ((<usize>j) << 3));
  const gjv = f64x2.splat(gj);
  let sv = f64x2.splat(0);
  let s = 0;
  for (; s + 1 < b; s += 2) {
    const so: usize = jb + ((<usize>s) << 3);
    const ps = f64x2.mul(gjv, v128.load(invDen + so));
    v128.store(psi + so, ps);
    const us = f64x2.mul(v128.load(F + so), ps);
    v128.store(u + so, us);
    sv = f64x2.add(sv, f64x2.mul(v128.load(w + ((<usize>s) << 3)), us));
  }
  let e = f64x2.extract_lane(sv, 0);
  const o = f64x2.extract_lane(sv, 1);
  if (s < b) {
    const so: usize = jb + ((<usize>s) << 3);
    const ps = gj * load<f64>(invDen + so);
    store<f64>(psi + so, ps);
    const us = load<f64>(F + so) * ps;
    store<f64>(u + so, us);
    e += load<f64>(w + ((<usize>s) << 3)) * us;
  }
  const oj = out + ((<usize>j * (<usize>ldOut + 1)) << 3);
  store<f64>(oj, load<f64>(oj) + (e + o));
  for (let k = j + 1; k <= M; k++) {
    memory.fill(acc, 0, (<usize>b) << 3);
    accumulateRows(
      acc,
      b,
      K + ((<usize>k * <usize>ldK + <usize>j) << 3),
      load<f64>(gamma + ((<usize>k) << 3)) * delta,
      u + jb,
      B,
      k - j,
    );
    const A1 = load<f64>(a1 + ((<usize>k) << 3));
    const A2 = load<f64>(a2 + ((<usize>k) << 3));
    const A1v = f64x2.splat(A1);
    const A2v = f64x2.splat(A2);
    const kb: usize = <usize>k * rb;
    const k1: usize = kb - rb;
    const k2: usize = kb - 2 * rb;
    const two = k - 2 >= j;
    let sv2 = f64x2.splat(0);
    let t = 0;
    for (; t + 1 < b; t += 2) {
      const to: usize = (<usize>t) << 3;
      let h = f64x2.mul(A1v, v128.load(psi + k1 + to));
      if (two) h = f64x2.add(h, f64x2.mul(A2v, v128.load(psi + k2 + to)));
      const ps = f64x2.mul(f64x2.add(h, v128.load(acc + to)), v128.load(invDen + kb + to));
      v128.store(psi + kb + to, ps);
      const us = f64x2.mul(v128.load(F + kb + to), ps);
      v128.store(u + kb + to, us);
      sv2 = f64x2.add(sv2, f64x2.mul(v128.load(w + to), us));
    }
    let e2 = f64x2.extract_lane(sv2, 0);
    const o2 = f64x2.extract_lane(sv2, 1);
    if (t < b) {
      const to: usize = (<usize>t) << 3;
      let h = A1 * load<f64>(psi + k1 + to);
      if (two) h = h + A2 * load<f64>(psi + k2 + to);
      const ps = (h + load<f64>(acc + to)) * load<f64>(invDen + kb + to);
      store<f64>(psi + kb + to, ps);
      const us = load<f64>(F + kb + to) * ps;
      store<f64>(u + kb + to, us);
      e2 += load<f64>(w + to) * us;
    }
    const ok = out + ((<usize>k * <usize>ldOut + <usize>j) << 3);
    store<f64>(ok, load<f64>(ok) + (e2 + o2));
  }
}

// Lower triangle of the Gram matrix of rows (twin of accumulateGramLowerJs):
// G[k·ld + l] += Σ_s E[k·stride + s]·E[l·stride + s] for 0 ≤ l ≤ k < rows, four columns l a pass,
// each sum split over two lanes (even and odd s) added at the end.
export function accumulateGramLower(G: usize, ld: i32, E: usize, stride: i32, rows: i32, b: i32): void {
  const sb: usize = (<usize>stride) << 3;
  for (let k = 0; k < rows; k++) {
    const ek: usize = E + <usize>k * sb;
    const gk: usize = G + ((<usize>k * <usize>ld) << 3);
    let l = 0;
    for (; l + 3 <= k; l += 4) {
      const e0: usize = E + <usize>l * sb;
      const e1 = e0 + sb;
      const e2 = e1 + sb;
      const e3 = e2 + sb;
      let v0 = f64x2.splat(0);
      let v1 = f64x2.splat(0);
      let v2 = f64x2.splat(0);
      let v3 = f64x2.splat(0);
      let s = 0;
      for (; s + 1 < b; s += 2) {
        const so: usize = (<usize>s) << 3;
        const x = v128.load(ek + so);
        v0 = f64x2.add(v0, f64x2.mul(x, v128.load(e0 + so)));
        v1 = f64x2.add(v1, f64x2.mul(x, v128.load(e1 + so)));
        v2 = f64x2.add(v2, f64x2.mul(x, v128.load(e2 + so)));
        v3 = f64x2.add(v3, f64x2.mul(x, v128.load(e3 + so)));
      }
      let a0 = f64x2.extract_lane(v0, 0);
      let a1 = f64x2.extract_lane(v1, 0);
      let a2 = f64x2.extract_lane(v2, 0);
      let a3 = f64x2.extract_lane(v3, 0);
      if (s < b) {
        const so: usize = (<usize>s) << 3;
        const x = load<f64>(ek + so);
        a0 += x * load<f64>(e0 + so);
        a1 += x * load<f64>(e1 + so);
        a2 += x * load<f64>(e2 + so);
        a3 += x * load<f64>(e3 + so);
      }
      const g: usize = gk + ((<usize>l) << 3);
      store<f64>(g, load<f64>(g) + (a0 + f64x2.extract_lane(v0, 1)));
      store<f64>(g, load<f64>(g, 8) + (a1 + f64x2.extract_lane(v1, 1)), 8);
      store<f64>(g, load<f64>(g, 16) + (a2 + f64x2.extract_lane(v2, 1)), 16);
      store<f64>(g, load<f64>(g, 24) + (a3 + f64x2.extract_lane(v3, 1)), 24);
    }
    for (; l <= k; l++) {
      const e0: usize = E + <usize>l * sb;
      let v0 = f64x2.splat(0);
      let s = 0;
      for (; s + 1 < b; s += 2) {
        const so: usize = (<usize>s) << 3;
        v0 = f64x2.add(v0, f64x2.mul(v128.load(ek + so), v128.load(e0 + so)));
      }
      let a0 = f64x2.extract_lane(v0, 0);
      if (s < b) {
        const so: usize = (<usize>s) << 3;
        a0 += load<f64>(ek + so) * load<f64>(e0 + so);
      }
      const g: usize = gk + ((<usize>l) << 3);
      store<f64>(g, load<f64>(g) + (a0 + f64x2.extract_lane(v0, 1)));
    }
  }
}

// The residual and the gradient of ½‖y − Xw‖² in one pass over X (twin of residualGradientJs in
// src/kernels/residual-gradient.ts): r = y − Xw, g = Xᵀr, X row-major n × d. Rows go four at a
// time: their four dot products with w in one sweep (each dot product over two lanes, even and
// odd j, added at the end), then g += (r₀x₀ + r₁x₁) + (r₂x₂ + r₃x₃) while the rows are in cache.
export function residualGradient(X: usize, n: i32, d: i32, w: usize, y: usize, r: usize, g: usize): void {
  const rb: usize = (<usize>d) << 3;
  memory.fill(g, 0, rb);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const x0: usize = X + <usize>i * rb;
    const x1 = x0 + rb;
    const x2 = x1 + rb;
    const x3 = x2 + rb;
    let v0 = f64x2.splat(0);
    let v1 = f64x2.splat(0);
    let v2 = f64x2.splat(0);
    let v3 = f64x2.splat(0);
    let j = 0;
    for (; j + 1 < d; j += 2) {
      const o: usize = (<usize>j) << 3;
      const wv = v128.load(w + o);
      v0 = f64x2.add(v0, f64x2.mul(v128.load(x0 + o), wv));
      v1 = f64x2.add(v1, f64x2.mul(v128.load(x1 + o), wv));
      v2 = f64x2.add(v2, f64x2.mul(v128.load(x2 + o), wv));
      v3 = f64x2.add(v3, f64x2.mul(v128.load(x3 + o), wv));
    }
    let s0 = f64x2.extract_lane(v0, 0);
    let s1 = f64x2.extract_lane(v1, 0);
    let s2 = f64x2.extract_lane(v2, 0);
    let s3 = f64x2.extract_lane(v3, 0);
    if (j < d) {
      const o: usize = (<usize>j) << 3;
      const wj = load<f64>(w + o);
      s0 += load<f64>(x0 + o) * wj;
      s1 += load<f64>(x1 + o) * wj;
      s2 += load<f64>(x2 + o) * wj;
      s3 += load<f64>(x3 + o) * wj;
    }
    const ri: usize = r + ((<usize>i) << 3);
    const yi: usize = y + ((<usize>i) << 3);
    const r0 = load<f64>(yi) - (s0 + f64x2.extract_lane(v0, 1));
    const r1 = load<f64>(yi, 8) - (s1 + f64x2.extract_lane(v1, 1));
    const r2 = load<f64>(yi, 16) - (s2 + f64x2.extract_lane(v2, 1));
    const r3 = load<f64>(yi, 24) - (s3 + f64x2.extract_lane(v3, 1));
    store<f64>(ri, r0);
    store<f64>(ri, r1, 8);
    store<f64>(ri, r2, 16);
    store<f64>(ri, r3, 24);
    const a0 = f64x2.splat(r0);
    const a1 = f64x2.splat(r1);
    const a2 = f64x2.splat(r2);
    const a3 = f64x2.splat(r3);
    j = 0;
    for (; j + 1 < d; j += 2) {
      const o: usize = (<usize>j) << 3;
      const t = f64x2.add(
        f64x2.add(f64x2.mul(a0, v128.load(x0 + o)), f64x2.mul(a1, v128.load(x1 + o))),
        f64x2.add(f64x2.mul(a2, v128.load(x2 + o)), f64x2.mul(a3, v128.load(x3 + o))),
      );
      v128.store(g + o, f64x2.add(v128.load(g + o), t));
    }
    if (j < d) {
      const o: usize = (<usize>j) << 3;
      const t =
        r0 * load<f64>(x0 + o) + r1 * load<f64>(x1 + o) + (r2 * load<f64>(x2 + o) + r3 * load<f64>(x3 + o));
      store<f64>(g + o, load<f64>(g + o) + t);
    }
  }
  for (; i < n; i++) {
    const x0: usize = X + <usize>i * rb;
    let v0 = f64x2.splat(0);
    let j = 0;
    for (; j + 1 < d; j += 2) {
      const o: usize = (<usize>j) << 3;
      v0 = f64x2.add(v0, f64x2.mul(v128.load(x0 + o), v128.load(w + o)));
    }
    let s0 = f64x2.extract_lane(v0, 0);
    if (j < d) {
      const o: usize = (<usize>j) << 3;
      s0 += load<f64>(x0 + o) * load<f64>(w + o);
    }
    const r0 = load<f64>(y + ((<usize>i) << 3)) - (s0 + f64x2.extract_lane(v0, 1));
    store<f64>(r + ((<usize>i) << 3), r0);
    const a0 = f64x2.splat(r0);
    j = 0;
    for (; j + 1 < d; j += 2) {
      const o: usize = (<usize>j) << 3;
      v128.store(g + o, f64x2.add(v128.load(g + o), f64x2.mul(a0, v128.load(x0 + o))));
    }
    if (j < d) {
      const o: usize = (<usize>j) << 3;
      store<f64>(g + o, load<f64>(g + o) + r0 * load<f64>(x0 + o));
    }
  }
}

// The residual and gradient of ½‖y − Xw‖² over a design packed in tiles (twin of
// residualGradientPackedJs in src/kernels/packed-design.ts; layout made by packRowGroups): rows
// padded with zeros to an even length dp (w and g have dp entries, w's pad is 0), grouped four at a
// time, the groups in pairs; a pair is stored column block by column block (`bc` columns a block,
// the last one shorter), a block holding the first group's column pairs
// ([x₀ⱼ x₀ⱼ₊₁ | x₁ⱼ x₁ⱼ₊₁ | x₂… | x₃…], 64 bytes each) and then the second's; an unpaired last
// group is its column pairs in order; the n mod 4 remaining rows row-major at the end. A pair of
// groups is one contiguous stream: its eight dot products with w, block by block (the block of w,
// 8·bc bytes, stays in the core's first-level cache for both groups: a second stream missing that
// cache slows the stream from memory by a third), then g += (r₀x₀ + r₁x₁) + (r₂x₂ + r₃x₃), first
// group then second, over the same stream while it is in cache. The dot products run over the
// column pairs in order whatever bc is (lanes: even and odd j, added at the end), and each g[j]
// receives the groups in row order, so the numbers are those of residualGradient on the row-major
// design, bit for bit.
function laneSum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

export function residualGradientPacked(
  X: usize,
  n: i32,
  dp: i32,
  w: usize,
  y: usize,
  r: usize,
  g: usize,
  bc: i32,
): void {
  memory.fill(g, 0, (<usize>dp) << 3);
  const groups = n >> 2;
  let p: usize = X;
  for (let k = 0; k < groups; k += 2) {
    const two = k + 1 < groups;
    let v0 = f64x2.splat(0);
    let v1 = f64x2.splat(0);
    let v2 = f64x2.splat(0);
    let v3 = f64x2.splat(0);
    let v4 = f64x2.splat(0);
    let v5 = f64x2.splat(0);
    let v6 = f64x2.splat(0);
    let v7 = f64x2.splat(0);
    const start = p;
    for (let c0 = 0; c0 < dp; c0 += bc) {
      const blk: usize = (<usize>min(bc, dp - c0)) << 5; // bytes of one group's block
      const wb: usize = w + ((<usize>c0) << 3);
      let end = p + blk;
      let q = wb;
      for (; p + 128 <= end; p += 128) {
        let wv = v128.load(q);
        v0 = f64x2.add(v0, f64x2.mul(v128.load(p), wv));
        v1 = f64x2.add(v1, f64x2.mul(v128.load(p, 16), wv));
        v2 = f64x2.add(v2, f64x2.mul(v128.load(p, 32), wv));
        v3 = f64x2.add(v3, f64x2.mul(v128.load(p, 48), wv));
        wv = v128.load(q, 16);
        v0 = f64x2.add(v0, f64x2.mul(v128.load(p, 64), wv));
        v1 = f64x2.add(v1, f64x2.mul(v128.load(p, 80), wv));
        v2 = f64x2.add(v2, f64x2.mul(v128.load(p, 96), wv));
        v3 = f64x2.add(v3, f64x2.mul(v128.load(p, 112), wv));
        q += 32;
      }
      if (p < end) {
        const wv = v128.load(q);
        v0 = f64x2.add(v0, f64x2.mul(v128.load(p), wv));
        v1 = f64x2.add(v1, f64x2.mul(v128.load(p, 16), wv));
        v2 = f64x2.add(v2, f64x2.mul(v128.load(p, 32), wv));
        v3 = f64x2.add(v3, f64x2.mul(v128.load(p, 48), wv));
        p += 64;
      }
      if (!two) continue;
      end = p + blk;
      q = wb;
      for (; p + 128 <= end; p += 128) {
        let wv = v128.load(q);
        v4 = f64x2.add(v4, f64x2.mul(v128.load(p), wv));
        v5 = f64x2.add(v5, f64x2.mul(v128.load(p, 16), wv));
        v6 = f64x2.add(v6, f64x2.mul(v128.load(p, 32), wv));
        v7 = f64x2.add(v7, f64x2.mul(v128.load(p, 48), wv));
        wv = v128.load(q, 16);
        v4 = f64x2.add(v4, f64x2.mul(v128.load(p, 64), wv));
        v5 = f64x2.add(v5, f64x2.mul(v128.load(p, 80), wv));
        v6 = f64x2.add(v6, f64x2.mul(v128.load(p, 96), wv));
        v7 = f64x2.add(v7, f64x2.mul(v128.load(p, 112), wv));
        q += 32;
      }
      if (p < end) {
        const wv = v128.load(q);
        v4 = f64x2.add(v4, f64x2.mul(v128.load(p), wv));
        v5 = f64x2.add(v5, f64x2.mul(v128.load(p, 16), wv));
        v6 = f64x2.add(v6, f64x2.mul(v128.load(p, 32), wv));
        v7 = f64x2.add(v7, f64x2.mul(v128.load(p, 48), wv));
        p += 64;
      }
    }
    const i: usize = (<usize>k) << 5;
    const r0 = load<f64>(y + i) - laneSum(v0);
    const r1 = load<f64>(y + i, 8) - laneSum(v1);
    const r2 = load<f64>(y + i, 16) - laneSum(v2);
    const r3 = load<f64>(y + i, 24) - laneSum(v3);
    store<f64>(r + i, r0);
    store<f64>(r + i, r1, 8);
    store<f64>(r + i, r2, 16);
    store<f64>(r + i, r3, 24);
    const a0 = f64x2.splat(r0);
    const a1 = f64x2.splat(r1);
    const a2 = f64x2.splat(r2);
    const a3 = f64x2.splat(r3);
    let a4 = a0;
    let a5 = a0;
    let a6 = a0;
    let a7 = a0;
    if (two) {
      const r4 = load<f64>(y + i, 32) - laneSum(v4);
      const r5 = load<f64>(y + i, 40) - laneSum(v5);
      const r6 = load<f64>(y + i, 48) - laneSum(v6);
      const r7 = load<f64>(y + i, 56) - laneSum(v7);
      store<f64>(r + i, r4, 32);
      store<f64>(r + i, r5, 40);
      store<f64>(r + i, r6, 48);
      store<f64>(r + i, r7, 56);
      a4 = f64x2.splat(r4);
      a5 = f64x2.splat(r5);
      a6 = f64x2.splat(r6);
      a7 = f64x2.splat(r7);
    }
    p = start;
    for (let c0 = 0; c0 < dp; c0 += bc) {
      const blk: usize = (<usize>min(bc, dp - c0)) << 5;
      const gb: usize = g + ((<usize>c0) << 3);
      let end = p + blk;
      let q = gb;
      for (; p + 128 <= end; p += 128) {
        const t = f64x2.add(
          f64x2.add(f64x2.mul(a0, v128.load(p)), f64x2.mul(a1, v128.load(p, 16))),
          f64x2.add(f64x2.mul(a2, v128.load(p, 32)), f64x2.mul(a3, v128.load(p, 48))),
        );
        v128.store(q, f64x2.add(v128.load(q), t));
        const u = f64x2.add(
          f64x2.add(f64x2.mul(a0, v128.load(p, 64)), f64x2.mul(a1, v128.load(p, 80))),
          f64x2.add(f64x2.mul(a2, v128.load(p, 96)), f64x2.mul(a3, v128.load(p, 112))),
        );
        v128.store(q, f64x2.add(v128.load(q, 16), u), 16);
        q += 32;
      }
      if (p < end) {
        const t = f64x2.add(
          f64x2.add(f64x2.mul(a0, v128.load(p)), f64x2.mul(a1, v128.load(p, 16))),
          f64x2.add(f64x2.mul(a2, v128.load(p, 32)), f64x2.mul(a3, v128.load(p, 48))),
        );
        v128.store(q, f64x2.add(v128.load(q), t));
        p += 64;
      }
      if (!two) continue;
      end = p + blk;
      q = gb;
      for (; p + 128 <= end; p += 128) {
        const t = f64x2.add(
          f64x2.add(f64x2.mul(a4, v128.load(p)), f64x2.mul(a5, v128.load(p, 16))),
          f64x2.add(f64x2.mul(a6, v128.load(p, 32)), f64x2.mul(a7, v128.load(p, 48))),
        );
        v128.store(q, f64x2.add(v128.load(q), t));
        const u = f64x2.add(
          f64x2.add(f64x2.mul(a4, v128.load(p, 64)), f64x2.mul(a5, v128.load(p, 80))),
          f64x2.add(f64x2.mul(a6, v128.load(p, 96)), f64x2.mul(a7, v128.load(p, 112))),
        );
        v128.store(q, f64x2.add(v128.load(q, 16), u), 16);
        q += 32;
      }
      if (p < end) {
        const t = f64x2.add(
          f64x2.add(f64x2.mul(a4, v128.load(p)), f64x2.mul(a5, v128.load(p, 16))),
          f64x2.add(f64x2.mul(a6, v128.load(p, 32)), f64x2.mul(a7, v128.load(p, 48))),
        );
        v128.store(q, f64x2.add(v128.load(q), t));
        p += 64;
      }
    }
  }
  // the remaining rows, row-major
  const rb: usize = (<usize>dp) << 3;
  for (let i = groups << 2; i < n; i++) {
    const x0: usize = X + <usize>i * rb;
    let v0 = f64x2.splat(0);
    for (let o: usize = 0; o < rb; o += 16)
      v0 = f64x2.add(v0, f64x2.mul(v128.load(x0 + o), v128.load(w + o)));
    const io: usize = (<usize>i) << 3;
    const r0 = load<f64>(y + io) - laneSum(v0);
    store<f64>(r + io, r0);
    const a0 = f64x2.splat(r0);
    for (let o: usize = 0; o < rb; o += 16)
      v128.store(g + o, f64x2.add(v128.load(g + o), f64x2.mul(a0, v128.load(x0 + o))));
  }
}

// dst[j] = ((src₀[j] + src₁[j]) + src₂[j]) + … over `rows` rows of `src` (row stride `stride`
// doubles), j < count: the parallel gradient's partials added in block order (twin: the loop in
// sumRowsJs, src/kernels/parallel-gradient.ts). Columns in chunks of 512 so the rows' chunks stay
// in cache; the order of the additions per entry is the rows' order either way.
export function sumRows(dst: usize, src: usize, rows: i32, stride: i32, count: i32): void {
  const sb: usize = (<usize>stride) << 3;
  for (let c0 = 0; c0 < count; c0 += 512) {
    const c1 = min(count, c0 + 512);
    let j = c0;
    for (; j + 1 < c1; j += 2) {
      const o: usize = (<usize>j) << 3;
      let acc = v128.load(src + o);
      let p = src + o + sb;
      for (let b = 1; b < rows; b++) {
        acc = f64x2.add(acc, v128.load(p));
        p += sb;
      }
      v128.store(dst + o, acc);
    }
    if (j < c1) {
      const o: usize = (<usize>j) << 3;
      let acc = load<f64>(src + o);
      for (let b = 1; b < rows; b++) acc += load<f64>(src + o + <usize>b * sb);
      store<f64>(dst + o, acc);
    }
  }
}
