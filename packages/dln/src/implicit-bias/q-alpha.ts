/**
 * The potential of the implicit bias (theory/dln.md, "Implicit bias"; Woodworth et al. 2020):
 * Q_alpha(w) = Σ_i alpha_i² q(w_i / alpha_i²), q(z) = 2 − √(4 + z²) + z·asinh(z/2).
 * q'(z) = asinh(z/2), so ∇Q_alpha(w)_i = asinh(w_i / (2alpha_i²)) — the KKT condition of theory/dln.md, "Implicit bias".
 * Its convex conjugate is Q*_alpha(s) = Σ_i 2alpha_i² (cosh s_i − 1), with ∇Q* = 2alpha² sinh(s).
 */
export function q(z: number): number {
  // 2 − √(4+z²) written without cancellation for small z.
  const s = Math.sqrt(4 + z * z);
  return -(z * z) / (2 + s) + z * Math.asinh(z / 2);
}

/** Q_alpha(w) with per-coordinate alpha_i² (a2). */
export function qAlpha(w: Float64Array, a2: Float64Array): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += a2[i] * q(w[i] / a2[i]);
  return s;
}

/** Q*_alpha(s) = Σ 2alpha_i²(cosh s_i − 1) = Σ 4alpha_i² sinh²(s_i/2) (no cancellation near 0). */
export function qAlphaConjugate(s: Float64Array, a2: Float64Array): number {
  let out = 0;
  for (let i = 0; i < s.length; i++) {
    const h = Math.sinh(s[i] / 2);
    out += 4 * a2[i] * h * h;
  }
  return out;
}

/** Per-coordinate alpha² from a scalar alpha or a vector of per-coordinate alphas. */
export function toAlphaSquared(alpha: number | Float64Array, d: number): Float64Array {
  const a2 = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const a = typeof alpha === "number" ? alpha : alpha[i];
    a2[i] = a * a;
  }
  return a2;
}
