import { assertPositive, brent, invalidArgument } from "@meanfield/linalg";
import {
  type LongTimeParams,
  longTimeFixedPoint,
  priorComponents,
  priorNoiseExpectation,
  proxMirror,
} from "./long-time.js";
import { resolveMobility } from "./mobility.js";

export interface RateResult {
  /** Asymptotic exponential rate of the train loss, ℓ_train(t) ~ e^{−rate·t} (= 2 λ₋). */
  rate: number;
  /** Lower spectral edge λ₋ of X diag(F(w_∞)) Xᵀ. */
  lambdaMin: number;
  /** ε_gen,∞ and the rest of the long-time fixed point it is computed at. */
  genError: number;
  l1Norm: number;
  /** @deprecated l1Norm. */
  meanAbsW: number;
  converged: boolean;
  message: string;
}

/**
 * Asymptotic convergence rate of the loss (theory/dmft.md, "Long time"). Near w_∞ the residual obeys
 * dr/dt = −X D Xᵀ r with D = diag(F(w_∞)), so ℓ_train decays at 2λ₋, λ₋ the lower edge of the
 * spectrum of X D Xᵀ (n×n, X_ai ~ N(0, 1/d)). Its Stieltjes transform solves the Silverstein
 * equation m = 1/(−z + E[D/(1 + delta D m)]), and the edge is the maximum over m > 0 of the
 * inverse z(m) = −1/m + E[D/(1 + delta D m)]; for D ≡ 1 this is (1 − √delta)². The law of D is
 * that of F(prox_{θQ}(w* + τz)) from the long-time fixed point. Defined for delta < 1 (the
 * interpolation regime, where the loss → 0).
 */
export function lossConvergenceRate(params: LongTimeParams): RateResult {
  const delta = assertPositive(params.delta, "delta");
  if (delta >= 1)
    throw invalidArgument("delta", "< 1 (the loss converges to 0 by interpolation only then)", delta);
  const lt = longTimeFixedPoint(params);
  const m = resolveMobility(params.mobility, params.alpha, params.truncation);
  const comps = priorComponents(params.prior ?? "bernoulliGaussian", params.rho);
  const Fof = (v: number) => {
    const p = proxMirror(m, v, lt.theta);
    // F = dw/dφ at x = prox(v): from prox' = F/(F + 4θ)
    return (4 * lt.theta * p.dx) / Math.max(1 - p.dx, 1e-300);
  };
  // dz/dm = 1/m² − delta E[D²/(1 + delta D m)²]; find its zero in log m.
  const dz = (lm: number) => {
    const mm = Math.exp(lm);
    const e = priorNoiseExpectation(comps, lt.tau, (v) => {
      const D = Fof(v);
      const q = 1 + delta * D * mm;
      return (delta * D * D) / (q * q);
    });
    return 1 / (mm * mm) - e;
  };
  let lo = -10;
  let hi = 10;
  while (dz(lo) < 0 && lo > -60) lo -= 10;
  while (dz(hi) > 0 && hi < 60) hi += 10;
  const root = brent(dz, lo, hi, { xtol: 1e-12 });
  const mc = Math.exp(root.root);
  const lambdaMin =
    -1 / mc +
    priorNoiseExpectation(comps, lt.tau, (v) => {
      const D = Fof(v);
      return D / (1 + delta * D * mc);
    });
  return {
    rate: 2 * lambdaMin,
    lambdaMin,
    genError: lt.genError,
    l1Norm: lt.l1Norm,
    meanAbsW: lt.l1Norm,
    converged: lt.converged && root.converged,
    message: `${lt.message}; edge: ${root.message}`,
  };
}

/**
 * The rate–generalisation trade-off over alpha (theory/dmft.md, "Long time"): for each alpha the asymptotic loss
 * rate and ε_gen,∞. Smaller alpha generalises better on sparse teachers but converges more
 * slowly. Returns the points in the order given.
 */
export function rateGenErrorTradeoff(
  params: Omit<LongTimeParams, "alpha">,
  alphas: ArrayLike<number>,
): { alpha: number; rate: number; genError: number }[] {
  const out: { alpha: number; rate: number; genError: number }[] = [];
  for (let i = 0; i < alphas.length; i++) {
    const r = lossConvergenceRate({ ...params, alpha: alphas[i] });
    out.push({ alpha: alphas[i], rate: r.rate, genError: r.genError });
  }
  return out;
}

/** @deprecated Renamed rateGenErrorTradeoff (the API spells the generalisation error `genError` throughout). */
export const rateGeneralisationTradeoff = rateGenErrorTradeoff;
