import { gaussKronrod } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { bdf2Coefficients, dmftTimeGrid, solveDmft } from "../src/index.js";

/**
 * The discrete DMFT is the exact large-n, d limit of the BDF2-discretised flow (theory/dmft-numerics.md, "Discrete DMFT").
 * Independent side: the same BDF2 recursion applied to each eigen-mode of XᵀX, averaged over the
 * Marchenko–Pastur law — for F ≡ 1 the flow decouples into modes, e_k(1 + γ_k λ) = a1 e_{k−1} + a2 e_{k−2}
 * (signal, e_0 = −1) and u_k(1 + γ_k λ) = a1 u_{k−1} + a2 u_{k−2} + γ_k √λ (noise).
 */
function discreteMarchenkoPastur(delta: number, sigma: number, t: Float64Array) {
  const { a1, a2, gamma } = bdf2Coefficients(t);
  const M = t.length - 1;
  const a = (1 - Math.sqrt(delta)) ** 2;
  const b = (1 + Math.sqrt(delta)) ** 2;
  const modes = (lam: number) => {
    const e = new Float64Array(M + 1);
    const u = new Float64Array(M + 1);
    e[0] = -1;
    for (let k = 1; k <= M; k++) {
      const e2 = k >= 2 ? e[k - 2] : 0;
      const u2 = k >= 2 ? u[k - 2] : 0;
      e[k] = (a1[k] * e[k - 1] + a2[k] * e2) / (1 + gamma[k] * lam);
      u[k] = (a1[k] * u[k - 1] + a2[k] * u2 + gamma[k] * Math.sqrt(lam)) / (1 + gamma[k] * lam);
    }
    return { e, u };
  };
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const avg = (f: (lam: number) => number) =>
    gaussKronrod(
      (th) => {
        const lam = c - h * Math.cos(th);
        return (f(lam) * h * h * Math.sin(th) ** 2) / (2 * Math.PI * lam);
      },
      0,
      Math.PI,
      { absTol: 1e-14, relTol: 1e-12 },
    ).value;
  const genError = new Float64Array(M + 1);
  const trainLoss = new Float64Array(M + 1);
  for (let k = 0; k <= M; k++) {
    const ee = avg((l) => modes(l).e[k] ** 2);
    const le = avg((l) => l * modes(l).e[k] ** 2);
    const uu = avg((l) => modes(l).u[k] ** 2);
    const rr = avg((l) => (1 - Math.sqrt(l) * modes(l).u[k]) ** 2);
    genError[k] = ee + Math.max(1 - delta, 0) + sigma * sigma * uu;
    trainLoss[k] = 0.5 * (le / delta + sigma * sigma * (Math.max(1 - 1 / delta, 0) + rr / delta));
  }
  return { genError, trainLoss };
}

describe("discrete exactness of the scheme (F ≡ 1)", () => {
  for (const [delta, sigma] of [
    [0.5, 0.5],
    [2, 0.5],
  ]) {
    it(`matches the BDF2 recursion averaged over Marchenko–Pastur to 1e-5 (delta ${delta}, sigma ${sigma})`, () => {
      const t = dmftTimeGrid(8, 40, 1);
      const r = solveDmft(
        { alpha: 1, delta, rho: 1, sigma, T: 8, mobility: "linear", prior: "gaussian" },
        {
          grid: t,
          samples: 200,
          replicas: 2,
          responseSamples: 8,
          tol: 1e-10,
          seed: 2,
          discretisationError: false,
        },
      );
      const ref = discreteMarchenkoPastur(delta, sigma, t);
      for (let k = 0; k < t.length; k++) {
        expect(Math.abs(r.genError[k] / ref.genError[k] - 1)).toBeLessThan(1e-5);
        expect(Math.abs(r.trainLoss[k] / ref.trainLoss[k] - 1)).toBeLessThan(1e-5);
      }
    }, 30_000);
  }
});
