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
