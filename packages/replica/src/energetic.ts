import { gaussHermite, logH, normalCdf, normalPdf } from "@meanfield/linalg";

/**
 * The Gardner energetic term of a perceptron whose replicated fields have normalised overlap r and
 * margin κ̃ (THEORY.md §3): G_E(r, κ̃) = ∫ Dt log H((κ̃ − √r t)/√(1−r)), and its derivative
 * ∂_r G_E = −(1/(2(1−r))) ∫ Dt R(u)², R(u) = φ(u)/H(u). Fixed Gauss–Hermite rule in t: the integrand is
 * smooth (log H is analytic), growing like u² for large u.
 */
const ORDER = 96;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export function energeticTerm(r: number, kappaTilde: number): number {
  const { nodes, weights } = gaussHermite(ORDER);
  const sr = Math.sqrt(Math.max(0, r));
  const s1 = Math.sqrt(Math.max(0, 1 - r));
  let s = 0;
  for (let i = 0; i < nodes.length; i++) {
    const w = weights[i];
    if (w === 0) continue;
    s += w * logH((kappaTilde - sr * nodes[i]) / s1);
  }
  return s;
}

export function energeticTermDerivative(r: number, kappaTilde: number): number {
  const { nodes, weights } = gaussHermite(ORDER);
  const sr = Math.sqrt(Math.max(0, r));
  const s1 = Math.sqrt(Math.max(0, 1 - r));
  let s = 0;
  for (let i = 0; i < nodes.length; i++) {
    const w = weights[i];
    if (w === 0) continue;
    const u = (kappaTilde - sr * nodes[i]) / s1;
    const R = Math.exp(-0.5 * u * u - LOG_SQRT_2PI - logH(u));
    s += w * R * R;
  }
  return -s / (2 * (1 - r));
}

/** Mills ratio R(x) = φ(x)/H(x). */
export function millsRatio(x: number): number {
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI - logH(x));
}

/** A(x) = ∫_{−x}^{∞} Dt (t + x)² = (1 + x²)Φ(x) + x φ(x): Gardner's q → 1 coefficient (THEORY.md §4.1). */
export function gardnerIntegral(x: number): number {
  return (1 + x * x) * normalCdf(x) + x * normalPdf(x);
}
