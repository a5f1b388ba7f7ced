import { isMeanfieldError, matTVec, matVec, rk45 } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import {
  createDlnData,
  mobility,
  mobilityTruncated,
  phiFromW,
  phiFromWTruncated,
  simulateGradientDescent,
  simulateGradientFlow,
  simulateSeeds,
  truncationKnee,
  validateDlnParams,
  wFromPhi,
  wFromPhiTruncated,
} from "../src/index.js";
import { relErr } from "./helpers.js";

// The truncated DLN (theory/dln.md, "Truncated DLN"): F_τ(w) = 4√(min(w², τ²) + 4alpha⁴), in the
// mirror variable w_τ(φ) = 2alpha² sinh(4φ) up to φ_τ = ¼ asinh(τ/(2alpha²)), linear with slope
// F(τ) = 4√(τ² + 4alpha⁴) beyond.

function expectInvalid(fn: () => unknown, parameter: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(isMeanfieldError(caught) && caught.code === "INVALID_ARGUMENT").toBe(true);
  expect((caught as { parameter?: string }).parameter).toBe(parameter);
}

const settings = [
  { alpha: 0.01, tau: 0.3 },
  { alpha: 0.3, tau: 1 },
  { alpha: 1, tau: 0.2 },
  { alpha: 2, tau: 50 },
];

describe("the truncated mirror map w_τ(φ)", () => {
  it("is continuous and C¹ at ±φ_τ, with the knee at |w| = τ", () => {
    for (const { alpha, tau } of settings) {
      const a2 = alpha * alpha;
      const k = truncationKnee(a2, tau);
      const F = 4 * Math.sqrt(tau * tau + 4 * a2 * a2);
      for (const s of [1, -1]) {
        // value: the sinh branch at the knee against the linear branch's start s·τ
        expect(Math.abs(wFromPhi(s * k, a2) - s * tau)).toBeLessThan(1e-13 * tau);
        const below = wFromPhiTruncated(s * k * (1 - 1e-15), a2, tau, k);
        const above = wFromPhiTruncated(s * k * (1 + 1e-15), a2, tau, k);
        expect(Math.abs(above - below)).toBeLessThan(1e-12 * tau);
        // derivative: d/dφ of the sinh branch, 8alpha² cosh(4φ_τ), equals the linear slope F(τ)
        expect(Math.abs(8 * a2 * Math.cosh(4 * k) - F)).toBeLessThan(1e-12 * F);
        // one-sided difference quotients on either side agree with F(τ) to O(h)
        const h = 1e-7 * k;
        const left = (wFromPhiTruncated(s * k, a2, tau) - wFromPhiTruncated(s * (k - h), a2, tau)) / (s * h);
        const right = (wFromPhiTruncated(s * (k + h), a2, tau) - wFromPhiTruncated(s * k, a2, tau)) / (s * h);
        expect(Math.abs(left - F) / F).toBeLessThan(1e-5);
        expect(Math.abs(right - F) / F).toBeLessThan(1e-6);
      }
    }
  });

  it("is odd, increasing, w_τ(0) = 0, with derivative F_τ ≤ F(τ), and the inverse is consistent", () => {
    for (const { alpha, tau } of settings) {
      const a2 = alpha * alpha;
      const k = truncationKnee(a2, tau);
      const F = 4 * Math.sqrt(tau * tau + 4 * a2 * a2);
      expect(wFromPhiTruncated(0, a2, tau)).toBe(0);
      let prev = Number.NEGATIVE_INFINITY;
      let worstInverse = 0;
      for (let j = -400; j <= 400; j++) {
        const phi = (4 * k * j) / 400;
        const w = wFromPhiTruncated(phi, a2, tau);
        expect(w).toBeGreaterThan(prev);
        expect(wFromPhiTruncated(-phi, a2, tau)).toBe(-w);
        prev = w;
        // dw_τ/dφ (a centred difference quotient) equals F_τ(w) and never exceeds F(τ)
        const h = 1e-6 * k;
        const dq = (wFromPhiTruncated(phi + h, a2, tau) - wFromPhiTruncated(phi - h, a2, tau)) / (2 * h);
        const Ft = mobilityTruncated(w, a2, tau);
        expect(Ft).toBeLessThanOrEqual(F);
        expect(dq).toBeLessThanOrEqual(F * (1 + 1e-6));
        if (Math.abs(Math.abs(phi) - k) > 2 * h) expect(Math.abs(dq - Ft) / Ft).toBeLessThan(1e-6);
        const back = phiFromWTruncated(w, a2, tau);
        worstInverse = Math.max(worstInverse, Math.abs(back - phi) / Math.max(Math.abs(phi), k));
      }
      expect(worstInverse).toBeLessThan(1e-13);
      // the mobility is Lipschitz in φ: |F_τ'| = 32alpha² |sinh(4φ)| ≤ 32alpha² sinh(4φ_τ) = 16τ
      // (= 4·(τ/√(τ² + 4alpha⁴))·F(τ)), checked on difference quotients of F_τ(w_τ(φ))
      let lip = 0;
      for (let j = -400; j < 400; j++) {
        const p0 = (4 * k * j) / 400;
        const p1 = (4 * k * (j + 1)) / 400;
        const f0 = mobilityTruncated(wFromPhiTruncated(p0, a2, tau), a2, tau);
        const f1 = mobilityTruncated(wFromPhiTruncated(p1, a2, tau), a2, tau);
        lip = Math.max(lip, Math.abs(f1 - f0) / (p1 - p0));
      }
      expect(lip).toBeLessThanOrEqual(16 * tau * (1 + 1e-9));
    }
  });

  it("τ → ∞: τ = Infinity is the DLN bit for bit, and a large τ agrees below its knee", () => {
    for (const alpha of [0.01, 0.3, 2]) {
      const a2 = alpha * alpha;
      expect(truncationKnee(a2, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
      for (const phi of [-3, -0.7, -1e-3, 0, 1e-5, 0.2, 1.5, 4, 200]) {
        const w = wFromPhi(phi, a2);
        expect(wFromPhiTruncated(phi, a2, Number.POSITIVE_INFINITY)).toBe(w);
        expect(mobilityTruncated(w, a2, Number.POSITIVE_INFINITY)).toBe(mobility(w, a2));
        expect(phiFromWTruncated(w, a2, Number.POSITIVE_INFINITY)).toBe(phiFromW(w, a2));
        if (Math.abs(w) < 1e6) {
          expect(wFromPhiTruncated(phi, a2, 1e6)).toBe(w);
          expect(mobilityTruncated(w, a2, 1e6)).toBe(mobility(w, a2));
        }
      }
      // and beyond a finite knee, w_τ → w as τ grows: at a fixed φ the gap closes
      const phi = 0.25 * Math.asinh(5 / (2 * a2)); // w(φ) = 5
      const gaps = [1, 2, 4, 4.9].map((tau) => Math.abs(wFromPhiTruncated(phi, a2, tau) - 5));
      for (let j = 1; j < gaps.length; j++) expect(gaps[j]).toBeLessThan(gaps[j - 1]);
    }
  });
});

describe("truncation parameter", () => {
  const p = { d: 30, n: 15, alpha: 0.3, rho: 0.3, T: 1, seed: 2 };

  it("is validated and defaults to Infinity", () => {
    expect(validateDlnParams(p).truncation).toBe(Number.POSITIVE_INFINITY);
    expect(validateDlnParams({ ...p, truncation: Number.POSITIVE_INFINITY }).truncation).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(validateDlnParams({ ...p, truncation: 0.5 }).truncation).toBe(0.5);
    for (const bad of [0, -1, Number.NaN, "1"])
      expectInvalid(() => validateDlnParams({ ...p, truncation: bad as number }), "truncation");
    expectInvalid(() => validateDlnParams({ ...p, model: "linear", truncation: 1 }), "truncation");
    // Infinity with "linear" is fine (no truncation)
    expect(validateDlnParams({ ...p, model: "linear", truncation: Number.POSITIVE_INFINITY }).model).toBe(
      "linear",
    );
  });

  it("needs the mirror integrator and the flow (no (u, v) form)", async () => {
    expectInvalid(() => simulateGradientFlow({ ...p, truncation: 1 }, { integrator: "uv" }), "integrator");
    expectInvalid(
      () => simulateGradientDescent({ ...p, truncation: 1 }, { learningRate: 0.1 }),
      "truncation",
    );
    await expect(
      simulateSeeds(
        { ...p, truncation: 1 },
        { seeds: 2, method: "gd", gdOptions: { learningRate: 0.1 }, workers: 0 },
      ),
    ).rejects.toMatchObject({ parameter: "truncation" });
  });
});

describe("truncated gradient flow", () => {
  const params = { d: 80, n: 40, alpha: 0.1, rho: 0.3, sigma: 0, T: 20, seed: 11 };
  const times = [0, 0.1, 0.5, 1, 2, 5, 10, 20];
  const plain = simulateGradientFlow(params, { times });
  const maxWStar = Math.max(...Array.from(plain.wStar ?? [], Math.abs));

  it("τ = Infinity is bit-identical to the untruncated flow, τ = 1e6 equal to round-off", () => {
    const inf = simulateGradientFlow({ ...params, truncation: Number.POSITIVE_INFINITY }, { times });
    expect(Array.from(inf.w)).toEqual(Array.from(plain.w));
    expect(Array.from(inf.genError)).toEqual(Array.from(plain.genError));
    expect(Array.from(inf.trainLoss)).toEqual(Array.from(plain.trainLoss));
    const big = simulateGradientFlow({ ...params, truncation: 1e6 }, { times });
    expect(relErr(big.w, plain.w)).toBeLessThan(1e-14);
    for (let k = 0; k < times.length; k++)
      expect(Math.abs(big.genError[k] - plain.genError[k])).toBeLessThanOrEqual(1e-14 * plain.genError[0]);
  });

  it("a moderate τ = 0.5·max|w*| changes the curves measurably and keeps the energy balance", () => {
    const tau = 0.5 * maxWStar;
    // the truncation is active: the untruncated flow takes some |w_i| past τ
    expect(Math.max(...Array.from(plain.w, Math.abs))).toBeGreaterThan(tau);
    const tr = simulateGradientFlow({ ...params, truncation: tau }, { times });
    expect(tr.converged).toBe(true);
    // slower growth of the large coordinates: the ε_gen curves differ by ≈ 1 % (0.005 of ε_gen ≈ 0.4
    // at t = 1), far beyond the integrator's tolerance (1e-8) and the τ = 1e6 gap (≤ 1e-14)
    let maxGap = 0;
    for (let k = 0; k < times.length; k++)
      maxGap = Math.max(maxGap, Math.abs(tr.genError[k] - plain.genError[k]));
    expect(maxGap).toBeGreaterThan(1e-3 * plain.genError[0]);
    // L(t) + ∫ Σ F_τ(w_i) g_i² = L(0): the energy uses F_τ, so this checks it is dw_τ/dφ
    // (≈ 6e-7 here; with the untruncated F in the energy it would be ≈ 4e-3)
    for (let k = 0; k < times.length; k++) expect(tr.conservedDrift[k]).toBeLessThan(1e-5);
  });

  it("equals an independent RK45 integration of dφ/dt = Xᵀ(y − X w_τ(φ)) (u2-v2 and uv)", () => {
    const tau = 0.5 * maxWStar;
    const a2 = params.alpha * params.alpha;
    const F = 4 * Math.sqrt(tau * tau + 4 * a2 * a2);
    const knee = 0.25 * Math.asinh(tau / (2 * a2));
    // w_τ written out again here, not through the package's functions
    const wTau = (phi: number) =>
      Math.abs(phi) <= knee
        ? 2 * a2 * Math.sinh(4 * phi)
        : Math.sign(phi) * (tau + F * (Math.abs(phi) - knee));
    const { X, y } = createDlnData(validateDlnParams({ ...params }));
    const direct = rk45(
      (_t, s, ds) => {
        const w = Float64Array.from(s, wTau);
        const r = matVec(X, w);
        for (let i = 0; i < r.length; i++) r[i] = y[i] - r[i];
        ds.set(matTVec(X, r));
      },
      new Float64Array(params.d),
      [0, 10],
      { rtol: 1e-10, atol: 1e-12 },
    );
    expect(direct.converged).toBe(true);
    const wDirect = Float64Array.from(direct.y.subarray(params.d), wTau);
    const tr = simulateGradientFlow({ ...params, truncation: tau }, { times: [0, 10] });
    expect(relErr(tr.w, wDirect)).toBeLessThan(1e-6);
    // the two-layer form runs the same engine at half speed (theory/dln.md, "Gradient flow")
    const uv = simulateGradientFlow({ ...params, model: "uv", truncation: tau }, { times: [0, 20] });
    expect(relErr(uv.w, wDirect)).toBeLessThan(1e-6);
  });
});
