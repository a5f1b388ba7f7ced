import type { Activation } from "./activations.js";
import { gardnerIntegral } from "./energetic.js";

/** Finite-K Gaussian-equivalent capacity at intra-solution correlation γ (THEORY.md §6). */
function finiteKCapacityAt(act: Activation, K: number, kappa: number, gamma: number): number {
  const k1 = act.gPrime2;
  const kg = act.kappaPrime(gamma);
  const perp = (1 - gamma) * Math.max(0, k1 - kg);
  const uni = (1 + (K - 1) * gamma) * (k1 + (K - 1) * kg);
  const num = ((K - 1) * Math.sqrt(perp) + Math.sqrt(Math.max(0, uni))) ** 2;
  const C0 = act.variance + (K - 1) * act.kappa(gamma);
  if (!(C0 > 0)) return 0;
  return num / (K * K * C0 * gardnerIntegral(kappa / Math.sqrt(C0)));
}

export function finiteKCapacity(
  act: Activation,
  K: number,
  kappa: number,
): { alphaC: number; gamma: number; iterations: number } {
  // γ = lo + (1 − lo)·10^x: the optimum sits at γ ≈ −1/K (c → −1) for large K, right next to the
  // positive-semidefiniteness bound lo = −1/(K − 1), so the scan is geometric in the distance to it.
  const lo = -1 / (K - 1);
  const gam = (x: number) => lo + (1 - lo) * 10 ** x;
  const F = (x: number) => finiteKCapacityAt(act, K, kappa, gam(x));
  const n = 600;
  const xMin = -15;
  let best = -1;
  let bestX = xMin;
  for (let i = 0; i <= n; i++) {
    const x = xMin + (-xMin * i) / n;
    const v = F(x);
    if (v > best) {
      best = v;
      bestX = x;
    }
  }
  const h = -xMin / n;
  let a = Math.max(xMin, bestX - h);
  let b = Math.min(0, bestX + h);
  const gr = (Math.sqrt(5) - 1) / 2;
  let it = 0;
  while (b - a > 1e-10 && it < 200) {
    const c = b - gr * (b - a);
    const d = a + gr * (b - a);
    if (F(c) >= F(d)) b = d;
    else a = c;
    it++;
  }
  const x = 0.5 * (a + b);
  const v = F(x);
  return v >= best
    ? { alphaC: v, gamma: gam(x), iterations: it }
    : { alphaC: best, gamma: gam(bestX), iterations: it };
}

/** α_c at finite K ≥ 2 by the Gaussian-equivalent theory (THEORY.md §6). */
export function alphaCFiniteK(act: Activation, K: number, kappa: number): number {
  return finiteKCapacity(act, K, kappa).alphaC;
}
