/**
 * Non-smooth points (kinks, jumps, derivative singularities) of an activation, where a quadrature must
 * split its range (theory/replica.md, "Hermite coefficients of a user activation"). For a formula they are
 * the zeros of the arguments of abs, sign, max/min (differences of the arguments) and of the bases of sqrt,
 * cbrt and fractional powers, read off the parsed tree (formula.ts) and located by `zerosOf`; for a JS
 * function they are found numerically by `numericalBreakpoints`. A superfluous break point costs one panel
 * edge and no accuracy, so both err on the side of more points.
 */

/** Half-width of the range searched for break points (φ(38) ≈ 1e−314: nothing beyond contributes). */
export const BREAKPOINT_RANGE = 38;

/** Bisection of a sign change of f on [a, b] (f(a)·f(b) < 0), to the last bit. */
function bisect(f: (x: number) => number, a: number, b: number): number {
  let lo = a;
  let hi = b;
  const flo = f(lo) < 0;
  for (let it = 0; it < 200; it++) {
    const m = 0.5 * (lo + hi);
    if (m === lo || m === hi) break;
    if (f(m) < 0 === flo) lo = m;
    else hi = m;
  }
  return 0.5 * (lo + hi);
}

/**
 * Zeros and sign changes of f on [−range, range], by a scan of step `step` and bisection: grid points
 * where f is exactly 0, sign changes (a root or a jump through 0), and touching zeros (|f| with a local
 * minimum below 1e−12 of the local scale, refined by golden section).
 */
export function zerosOf(f: (x: number) => number, range = BREAKPOINT_RANGE, step = 0.01): number[] {
  const out: number[] = [];
  const n = Math.round((2 * range) / step);
  let x0 = -range;
  let f0 = f(x0);
  let xm = Number.NaN;
  let fm = Number.NaN;
  for (let i = 1; i <= n; i++) {
    const x1 = -range + i * step;
    const f1 = f(x1);
    if (Number.isFinite(f0) && Number.isFinite(f1)) {
      if (f0 === 0) out.push(x0);
      else if (f1 !== 0 && f0 < 0 !== f1 < 0) out.push(bisect(f, x0, x1));
      else if (
        Number.isFinite(fm) &&
        Math.abs(f0) < Math.abs(fm) &&
        Math.abs(f0) < Math.abs(f1) &&
        fm < 0 === f0 < 0 &&
        f0 < 0 === f1 < 0
      ) {
        // a local minimum of |f| without a sign change: a touching zero (abs(x^2)) if it reaches ~0
        let lo = xm;
        let hi = x1;
        const g = (Math.sqrt(5) - 1) / 2;
        for (let it = 0; it < 80; it++) {
          const c = hi - g * (hi - lo);
          const d = lo + g * (hi - lo);
          if (Math.abs(f(c)) < Math.abs(f(d))) hi = d;
          else lo = c;
        }
        const xz = 0.5 * (lo + hi);
        if (Math.abs(f(xz)) <= 1e-12 * Math.max(Math.abs(fm), Math.abs(f1))) out.push(xz);
      }
    }
    xm = x0;
    fm = f0;
    x0 = x1;
    f0 = f1;
  }
  if (f0 === 0) out.push(x0);
  return out;
}

/** Sorted, de-duplicated break points inside (−range, range). */
export function normalizeBreakpoints(points: readonly number[], range = BREAKPOINT_RANGE): number[] {
  const s = points.filter((x) => Number.isFinite(x) && Math.abs(x) < range).sort((a, b) => a - b);
  const out: number[] = [];
  for (const x of s)
    if (out.length === 0 || x - out[out.length - 1] > 1e-13 * Math.max(1, Math.abs(x))) out.push(x);
  return out;
}

/**
 * Whether g jumps at x: the increment over [x − δ, x + δ] stays above 1e−6 of the scale as δ shrinks
 * from 1e−4 to 1e−12 (for a kink it falls like δ).
 */
export function isJumpAt(g: (z: number) => number, x: number): boolean {
  const scale = Math.max(1, Math.abs(g(x + 1e-3)), Math.abs(g(x - 1e-3)));
  for (const d of [1e-4, 1e-8, 1e-12]) {
    const dx = Math.max(d, 4 * Number.EPSILON * Math.abs(x));
    if (!(Math.abs(g(x + dx) - g(x - dx)) > 1e-6 * scale)) return false;
  }
  return true;
}

/**
 * Break points of a JS function on [−12, 12], numerically: on a grid of step 1e−3, jumps are first
 * differences far above both neighbours, refined by bisection towards the larger increment (kept when
 * `isJumpAt`); kinks are second differences far above those three steps away, located by intersecting
 * the one-sided tangent lines, twice (step 1e−3, then 1e−5). A steep but smooth stretch may be reported
 * too, which is harmless.
 */
export function numericalBreakpoints(g: (z: number) => number): { points: number[]; jumps: number[] } {
  const L = 12;
  const h = 1e-3;
  const n = Math.round((2 * L) / h) + 1;
  const v = new Float64Array(n);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    v[i] = g(-L + i * h);
    if (Number.isFinite(v[i])) scale = Math.max(scale, Math.abs(v[i]));
  }
  const floor = 64 * Number.EPSILON * Math.max(1, scale);
  const points: number[] = [];
  const jumps: number[] = [];
  const d1 = (i: number) => Math.abs(v[i + 1] - v[i]);
  for (let i = 1; i + 2 < n; i++) {
    const d = d1(i);
    if (d > floor * 1e3 && d > 20 * Math.max(d1(i - 1), d1(i + 1))) {
      let a = -L + i * h;
      let b = a + h;
      for (let it = 0; it < 60; it++) {
        const m = 0.5 * (a + b);
        if (m === a || m === b) break;
        const gm = g(m);
        if (Math.abs(gm - g(a)) >= Math.abs(g(b) - gm)) b = m;
        else a = m;
      }
      const x = 0.5 * (a + b);
      if (isJumpAt(g, x)) {
        jumps.push(x);
        points.push(x);
      }
    }
  }
  const d2 = (i: number) => Math.abs(v[i + 1] - 2 * v[i] + v[i - 1]);
  for (let i = 4; i + 4 < n; i++) {
    const e = d2(i);
    if (!(e > floor * 1e3) || e < d2(i - 1) || e < d2(i + 1)) continue;
    if (!(e > 30 * (d2(i - 3) + d2(i + 3)))) continue;
    let x0 = -L + i * h;
    for (const hh of [h, 1e-5]) {
      // tangent lines through (x0 − 3hh, x0 − 2hh) and (x0 + 2hh, x0 + 3hh)
      const xl = x0 - 2 * hh;
      const xr = x0 + 2 * hh;
      const sl = (g(xl) - g(xl - hh)) / hh;
      const sr = (g(xr + hh) - g(xr)) / hh;
      if (!(Math.abs(sl - sr) > 1e-9 * Math.max(1, Math.abs(sl), Math.abs(sr)))) break;
      const x = (g(xr) - g(xl) + sl * xl - sr * xr) / (sl - sr);
      if (!(Math.abs(x - x0) <= 2 * hh)) break;
      x0 = x;
    }
    points.push(x0);
  }
  return { points: normalizeBreakpoints(points), jumps };
}
