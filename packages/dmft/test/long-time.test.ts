import { createDlnData, minQAlphaInterpolator, validateDlnParams } from "@meanfield/dln";
import { createRng } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import {
  longTimeFixedPoint,
  lossConvergenceRate,
  rateGenErrorTradeoff,
  rateGeneralisationTradeoff,
  sampleTeacherValues,
  solveDmft,
} from "../src/index.js";

describe("long-time fixed point", () => {
  it("reduces to the min-ℓ2 (ridge-less) answer ε = 1 − delta for F ≡ 1", () => {
    const r = longTimeFixedPoint({ alpha: 1, delta: 0.5, rho: 0.1, sigma: 0, mobility: "linear" });
    expect(r.converged).toBe(true);
    expect(r.genError).toBeCloseTo(0.5, 8);
  });

  it("gives least squares ε = sigma²/(delta − 1) for delta > 1", () => {
    const r = longTimeFixedPoint({ alpha: 0.1, delta: 2, rho: 0.1, sigma: 0.5 });
    expect(r.regime).toBe("least-squares");
    expect(r.genError).toBeCloseTo(0.25, 10);
  });

  it("approaches exact recovery as alpha → 0 and min-ℓ2 as alpha → ∞ (sparse teacher, delta 0.5)", () => {
    const small = longTimeFixedPoint({ alpha: 1e-3, delta: 0.5, rho: 0.1, sigma: 0 });
    const big = longTimeFixedPoint({ alpha: 30, delta: 0.5, rho: 0.1, sigma: 0 });
    expect(small.genError).toBeLessThan(1e-3);
    expect(big.genError).toBeCloseTo(0.5, 3);
  });

  // Finite instances fluctuate: at d = 1000 the seed-to-seed spread of ε_gen is ≈ 5%, so ε_gen is
  // held to max(2%, 3 standard errors of the seed mean); ‖w‖₁/d (spread ≈ 1%) to 2%.
  it("matches dln's min-Q_alpha interpolator on finite instances (alpha 1, d 1000, 3 seeds)", () => {
    const alpha = 1;
    const d = 1000;
    const S = 3;
    const th = longTimeFixedPoint({ alpha, delta: 0.5, rho: 0.1, sigma: 0, prior: "rademacherSparse" });
    const egs: number[] = [];
    let l1 = 0;
    for (let s = 0; s < S; s++) {
      const wStar = sampleTeacherValues("rademacherSparse", 0.1, d, createRng(`lt-${s}`));
      const data = createDlnData(
        validateDlnParams({ d, delta: 0.5, alpha, rho: 0.1, sigma: 0, T: 1, seed: s, wStar }),
      );
      const r = minQAlphaInterpolator(data.X, data.y, alpha);
      expect(r.converged).toBe(true);
      let e = 0;
      for (let i = 0; i < d; i++) {
        e += (r.w[i] - wStar[i]) ** 2 / d;
        l1 += Math.abs(r.w[i]) / (d * S);
      }
      egs.push(e);
    }
    const mean = egs.reduce((a, b) => a + b) / S;
    const sem = Math.sqrt(egs.reduce((a, b) => a + (b - mean) ** 2, 0) / (S - 1) / S);
    expect(Math.abs(th.genError - mean)).toBeLessThan(Math.max(0.02 * mean, 3 * sem));
    expect(Math.abs(th.l1Norm / l1 - 1)).toBeLessThan(0.02);
    expect(th.meanAbsW).toBe(th.l1Norm); // the deprecated name
  }, 60_000);

  it("is the DMFT's own long-time value (alpha 1: ε_gen(T) and ‖w‖₁/d within 2%)", () => {
    const th = longTimeFixedPoint({ alpha: 1, delta: 0.5, rho: 0.1, sigma: 0 });
    const r = solveDmft(
      { alpha: 1, delta: 0.5, rho: 0.1, sigma: 0, T: 15 },
      { gridPoints: 60, samples: 8000 },
    );
    const M = r.t.length - 1;
    // two-sided: within 2 % or 3 of the solve's own estimated errors
    const err = Math.hypot(r.genErrorStdErr[M], r.genErrorDiscError[M]);
    expect(Math.abs(r.genError[M] - th.genError)).toBeLessThan(Math.max(0.02 * th.genError, 3 * err));
    expect(Math.abs(r.l1Norm[M] / th.l1Norm - 1)).toBeLessThan(0.02);
    expect(r.trainLoss[M]).toBeLessThan(1e-4);
  }, 60_000);
});

describe("loss convergence rate", () => {
  it("is 2(1 − √delta)² for F ≡ 1 (Marchenko–Pastur lower edge)", () => {
    const r = lossConvergenceRate({
      alpha: 1,
      delta: 0.5,
      rho: 1,
      sigma: 0,
      mobility: "linear",
      prior: "gaussian",
    });
    expect(r.rate).toBeCloseTo(2 * (1 - Math.sqrt(0.5)) ** 2, 9);
  });

  it("its fixed point satisfies the state-evolution equations by an independent Monte Carlo (alpha 0.03 and 0.1; 400 000 draws)", () => {
    // E[prox'] = delta and E[(w − w*)²] = delta·τ² − sigma², with w = prox_{θQ}(w* + τz) solved by bisection from
    // w + θ·asinh(w/(2 alpha²)) = v: the library integrates by adaptive quadrature over a prior mixture instead.
    const rng = createRng("long-time-monte-carlo");
    for (const alpha of [0.03, 0.1]) {
      const p = { alpha, delta: 0.5, rho: 0.1, sigma: 0 };
      const r = longTimeFixedPoint(p);
      const a2 = alpha * alpha;
      const N = 400_000;
      let s1 = 0;
      let q1 = 0;
      let s2 = 0;
      let q2 = 0;
      for (let k = 0; k < N; k++) {
        const ws = rng.uniform() < p.rho ? rng.normal() / Math.sqrt(p.rho) : 0;
        const v = ws + r.tau * rng.normal();
        let lo = Math.min(v, 0);
        let hi = Math.max(v, 0);
        for (let it = 0; it < 80; it++) {
          const mid = 0.5 * (lo + hi);
          if (mid + r.theta * Math.asinh(mid / (2 * a2)) - v > 0) hi = mid;
          else lo = mid;
        }
        const w = 0.5 * (lo + hi);
        const dp = 1 / (1 + r.theta / Math.sqrt(w * w + 4 * a2 * a2));
        const e = (w - ws) ** 2;
        s1 += dp;
        q1 += dp * dp;
        s2 += e;
        q2 += e * e;
      }
      const m1 = s1 / N;
      const m2 = s2 / N;
      const se1 = Math.sqrt((q1 / N - m1 * m1) / N);
      const se2 = Math.sqrt((q2 / N - m2 * m2) / N);
      expect(Math.abs(m1 - p.delta)).toBeLessThanOrEqual(4 * se1);
      expect(Math.abs(m2 - p.delta * r.tau ** 2)).toBeLessThanOrEqual(4 * se2);
      expect(Math.abs(r.genError - m2)).toBeLessThanOrEqual(4 * se2);
      // power: the Monte Carlo resolves ε_gen,∞ to better than 1 %
      expect(se2 / m2).toBeLessThan(0.01);
    }
  });

  it("reaches the lazy limit as alpha → ∞ at order alpha⁻⁴: rate 16 alpha²(1 − √delta)² (the kernel's edge at F = 8 alpha²), ε_gen,∞ = 1 − delta (min-ℓ2)", () => {
    const model = { delta: 0.5, rho: 0.1, sigma: 0 };
    const dev = (alpha: number) => ({
      rate: Math.abs(
        lossConvergenceRate({ ...model, alpha }).rate / (16 * alpha ** 2 * (1 - Math.sqrt(0.5)) ** 2) - 1,
      ),
      gen: Math.abs(longTimeFixedPoint({ ...model, alpha }).genError - 0.5),
    });
    const a = dev(10);
    const b = dev(30);
    expect(a.rate).toBeLessThan(1e-4);
    expect(a.gen).toBeLessThan(1e-4);
    // tripling alpha divides both deviations by 3⁴ = 81 (the next order of |w|²/alpha⁴ in F(w)/F(0))
    expect(a.rate / b.rate).toBeGreaterThan(60);
    expect(a.rate / b.rate).toBeLessThan(100);
    expect(a.gen / b.gen).toBeGreaterThan(60);
    expect(a.gen / b.gen).toBeLessThan(100);
  });

  it("trades off against generalisation: smaller alpha, smaller ε_gen,∞ and slower rate", () => {
    // the former name stays as a deprecated alias of the same function
    expect(rateGeneralisationTradeoff).toBe(rateGenErrorTradeoff);
    const pts = rateGenErrorTradeoff({ delta: 0.5, rho: 0.1, sigma: 0 }, [0.03, 0.3, 3]);
    for (let i = 1; i < pts.length; i++) {
      expect(pts[i].genError).toBeGreaterThan(pts[i - 1].genError);
      expect(pts[i].rate).toBeGreaterThan(pts[i - 1].rate);
    }
  });

  it("rejects delta ≥ 1", () => {
    expect(() => lossConvergenceRate({ alpha: 1, delta: 2, rho: 0.1, sigma: 0 })).toThrow(/delta/);
  });
});
