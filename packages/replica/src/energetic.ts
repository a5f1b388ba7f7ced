import { gaussHermite, gaussLegendre, logH, normalCdf, normalPdf } from "@meanfield/linalg";

/**
 * The Gardner energetic term of a perceptron whose replicated fields have normalised overlap r and
 * margin κ̃ (theory/replica.md, "Energetic term"): G_E(r, κ̃) = ∫ Dt log H((κ̃ − √r t)/√(1−r)), and its
 * derivative ∂_r G_E = −(1/(2(1−r))) ∫ Dt R(u)², R(u) = φ(u)/H(u). For r ≤ R_SWITCH a fixed Gauss–Hermite
 * rule in t (the integrand is smooth: log H is analytic, growing like u² for large u). Near r → 1 (the q → 1
 * end of the PSB branch) the integrand turns from ≈ 0 to ≈ −u²/2 across a layer of width √(1−r) around
 * t₀ = κ̃/√r, which a fixed Hermite rule resolves only algebraically; there a fixed composite rule that
 * follows the layer is used instead (layerRule).
 */
const ORDER = 96;
const R_SWITCH = 0.9;
const V_LAYER = 8;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ∫ Dt F(u), u = (κ̃ − √r t)/√(1−r), for r > R_SWITCH. With w = √(1−r)/√r and t₀ = κ̃/√r, u = −(t − t₀)/w.
 * On the layer |t − t₀| ≤ V w: 80-point Gauss–Legendre. Below it (u > V, where F is smooth, ≈ polynomial
 * in t): 16-point Gauss–Legendre panels whose widths double with the distance d = t₀ − t, from V w out
 * to d = t₀ + 40. Above it (u < −V) both log H(u) and R(u)² are below 1e-14 and the part is dropped.
 * Fixed nodes, so the result is smooth in r (Brent on ∂φ/∂q needs that).
 */
function layerRule(F: (u: number) => number, r: number, kappaTilde: number): number {
  const sr = Math.sqrt(r);
  const w = Math.sqrt(1 - r) / sr;
  const t0 = kappaTilde / sr;
  const mid = gaussLegendre(80);
  const half = V_LAYER * w;
  let s = 0;
  for (let i = 0; i < mid.nodes.length; i++) {
    const t = t0 + half * mid.nodes[i];
    s += half * mid.weights[i] * normalPdf(t) * F(-(t - t0) / w);
  }
  const gl = gaussLegendre(16);
  const dMax = t0 + 40;
  let d0 = half;
  while (d0 < dMax) {
    const d1 = Math.min(2 * d0, dMax);
    const c = 0.5 * (d0 + d1);
    const h = 0.5 * (d1 - d0);
    for (let i = 0; i < gl.nodes.length; i++) {
      const d = c + h * gl.nodes[i];
      s += h * gl.weights[i] * normalPdf(t0 - d) * F(d / w);
    }
    d0 = d1;
  }
  return s;
}

/**
 * ∫ Dt F(u), u = (κ̃ − √r t)/√(1−r): the average over the replica-symmetric field of a function of the
 * normalised distance to the margin (fixed Gauss–Hermite rule for r ≤ R_SWITCH, the layer rule above).
 */
export function fieldExpectation(F: (u: number) => number, r: number, kappaTilde: number): number {
  if (r > R_SWITCH) return layerRule(F, r, kappaTilde);
  const { nodes, weights } = gaussHermite(ORDER);
  const sr = Math.sqrt(Math.max(0, r));
  const s1 = Math.sqrt(Math.max(0, 1 - r));
  let s = 0;
  for (let i = 0; i < nodes.length; i++) {
    const w = weights[i];
    if (w === 0) continue;
    s += w * F((kappaTilde - sr * nodes[i]) / s1);
  }
  return s;
}

export function energeticTerm(r: number, kappaTilde: number): number {
  return fieldExpectation(logH, r, kappaTilde);
}

export function energeticTermDerivative(r: number, kappaTilde: number): number {
  return -fieldExpectation((u) => millsRatio(u) ** 2, r, kappaTilde) / (2 * (1 - r));
}

/**
 * R(x) − x for x ≥ 3 by the Mills ratio's continued fraction, 1/(x + 2/(x + 3/(x + …))) (80 terms: full double
 * precision from x = 3). Deep in the q → 1 layer x reaches 10⁶, where φ/H from logarithms would lose x²·ε.
 */
function millsTail(x: number): number {
  let t = 0;
  for (let k = 80; k >= 2; k--) t = k / (x + t);
  return 1 / (x + t);
}

/** Mills ratio R(x) = φ(x)/H(x) (the continued fraction from x = 3, logarithms below). */
export function millsRatio(x: number): number {
  if (x >= 3) return x + millsTail(x);
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI - logH(x));
}

/** R(x) − x without cancellation for large x (the Mills ratio's excess over its asymptote). */
export function millsExcess(x: number): number {
  return x >= 3 ? millsTail(x) : millsRatio(x) - x;
}

/**
 * A(x) = ∫_{−x}^{∞} Dt (t + x)² = (1 + x²)Φ(x) + x φ(x): Gardner's q → 1 coefficient
 * (theory/replica.md, "Capacity").
 */
export function gardnerIntegral(x: number): number {
  return (1 + x * x) * normalCdf(x) + x * normalPdf(x);
}
