import { assertNonNegative, assertPositive, gaussKronrod } from "@meanfield/linalg";

/**
 * Exact high-dimensional curves of plain gradient flow on least squares (F ≡ 1, w(0) = 0), the
 * independent oracle of theory/dmft.md, "Checks". With A = XᵀX (d×d, entries of X ~ N(0, 1/d), n = delta·d) the
 * error is w(t) − w* = −e^{−At} w* + (I − e^{−At}) A⁺ σ Xᵀξ and the residual r(t) = e^{−XXᵀ t} y, so
 *   ε_gen(t) = m2 ∫ e^{−2λt} dμ(λ) + σ² ∫ (1 − e^{−λt})²/λ dμ(λ)    (atom (1 − delta)₊ at λ = 0),
 *   ℓ_train(t) = ½ [ (m2/delta) ∫ λ e^{−2λt} dμ + σ² ((1 − 1/delta)₊ + (1/delta) ∫ e^{−2λt} dμ) ],
 * where μ is the spectrum of A: the Marchenko–Pastur law with density √((b−λ)(λ−a))/(2πλ) on
 * [a, b] = [(1 − √delta)², (1 + √delta)²] (mass min(1, delta)) plus the atom. m2 = E[w*²].
 */
export function marchenkoPasturCurves(
  params: { delta: number; sigma: number; secondMoment?: number },
  t: ArrayLike<number>,
): { t: Float64Array; genError: Float64Array; trainLoss: Float64Array } {
  const delta = assertPositive(params.delta, "delta");
  const sigma = assertNonNegative(params.sigma, "sigma");
  const m2 = assertNonNegative(params.secondMoment ?? 1, "secondMoment");
  const sd = Math.sqrt(delta);
  const a = (1 - sd) ** 2;
  const b = (1 + sd) ** 2;
  // λ = c − h cos θ, θ ∈ [0, π] removes the square-root endpoint singularities:
  // √((b−λ)(λ−a)) dλ = h² sin²θ dθ.
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const integrate = (f: (lam: number) => number) =>
    gaussKronrod(
      (th) => {
        const lam = c - h * Math.cos(th);
        const s = Math.sin(th);
        return (f(lam) * h * h * s * s) / (2 * Math.PI * lam);
      },
      0,
      Math.PI,
      { absTol: 1e-13, relTol: 1e-11 },
    ).value;
  const n = t.length;
  const genError = new Float64Array(n);
  const trainLoss = new Float64Array(n);
  const atomD = Math.max(1 - delta, 0);
  const atomN = Math.max(1 - 1 / delta, 0);
  for (let i = 0; i < n; i++) {
    const ti = t[i];
    const e2 = integrate((l) => Math.exp(-2 * l * ti));
    const noise = integrate((l) => {
      const x = -Math.expm1(-l * ti);
      return (x * x) / l;
    });
    const le2 = integrate((l) => l * Math.exp(-2 * l * ti));
    genError[i] = m2 * (e2 + atomD) + sigma * sigma * noise;
    trainLoss[i] = 0.5 * ((m2 / delta) * le2 + sigma * sigma * (atomN + e2 / delta));
  }
  return { t: Float64Array.from(t), genError, trainLoss };
}
