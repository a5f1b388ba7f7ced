import { matMul, matTVec, matVec, rk45, symmetricEigen, transpose } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import {
  createDlnData,
  simulateGradientDescent,
  simulateGradientFlow,
  validateDlnParams,
} from "../src/index.js";
import { relErr } from "./helpers.js";

const base = { d: 40, n: 20, rho: 0.3, sigma: 0.05, seed: 17 };
const data = createDlnData(validateDlnParams({ ...base, alpha: 1, T: 1 }));
const { X, y } = data;
const { d, n } = { d: 40, n: 20 };

/** g = Xᵀ(y − Xw). */
function grad(w: Float64Array): Float64Array {
  const r = matVec(X, w);
  for (let i = 0; i < n; i++) r[i] = y[i] - r[i];
  return matTVec(X, r);
}

describe('the u⊙v form through the engine mapping (theory/dln.md, "Gradient flow")', () => {
  const alpha = 0.3;
  const times = [0, 0.5, 3, 15];

  it("matches a direct integration of du/dt = v⊙g, dv/dt = u⊙g from u(0) = 2alpha, v(0) = 0", () => {
    const direct = rk45(
      (_t, s, ds) => {
        const w = new Float64Array(d);
        for (let i = 0; i < d; i++) w[i] = s[i] * s[d + i];
        const g = grad(w);
        for (let i = 0; i < d; i++) {
          ds[i] = s[d + i] * g[i];
          ds[d + i] = s[i] * g[i];
        }
      },
      Float64Array.from({ length: 2 * d }, (_, i) => (i < d ? 2 * alpha : 0)),
      times,
      { rtol: 1e-11, atol: 1e-13 },
    );
    const flow = simulateGradientFlow(
      { ...base, alpha, T: 15, model: "uv" },
      { data, times, rtol: 1e-11, atol: 1e-13, recordW: true },
    );
    for (let k = 1; k < times.length; k++) {
      const w = new Float64Array(d);
      for (let i = 0; i < d; i++) w[i] = direct.y[k * 2 * d + i] * direct.y[k * 2 * d + d + i];
      expect(relErr(flow.trajectory![k], w)).toBeLessThan(1e-7);
    }
  });

  it("GD on (u, v) of w = u⊙v equals the engine's GD at half the step", () => {
    const eta = 0.01;
    const steps = 300;
    const u = new Float64Array(d).fill(2 * alpha);
    const v = new Float64Array(d);
    for (let k = 0; k < steps; k++) {
      const w = u.map((x, i) => x * v[i]);
      const g = grad(w);
      for (let i = 0; i < d; i++) {
        const ui = u[i];
        u[i] += eta * v[i] * g[i];
        v[i] += eta * ui * g[i];
      }
    }
    const gd = simulateGradientDescent(
      { ...base, alpha, T: steps * eta, model: "uv" },
      { data, learningRate: eta, times: [steps * eta] },
    );
    expect(
      relErr(
        gd.w,
        u.map((x, i) => x * v[i]),
      ),
    ).toBeLessThan(1e-10);
  });
});

describe("plain linear regression (model 'linear', the alpha → ∞ reference)", () => {
  it("matches the closed form w(t) = V (1 − e^{−Λt}) Λ⁻¹ Vᵀ Xᵀy", () => {
    const times = [0, 0.3, 2, 10, 60];
    const flow = simulateGradientFlow(
      { ...base, alpha: 1, T: 60, model: "linear" },
      { data, times, rtol: 1e-11, atol: 1e-13, recordW: true },
    );
    const { values, vectors } = symmetricEigen(matMul(transpose(X), X));
    const b = matTVec(X, y);
    for (let k = 1; k < times.length; k++) {
      const t = times[k];
      const w = new Float64Array(d);
      for (let j = 0; j < d; j++) {
        const lam = values[j];
        let proj = 0;
        for (let i = 0; i < d; i++) proj += vectors.data[i * d + j] * b[i];
        const f = lam > 1e-12 ? (1 - Math.exp(-lam * t)) / lam : t;
        for (let i = 0; i < d; i++) w[i] += vectors.data[i * d + j] * f * proj;
      }
      expect(relErr(flow.trajectory![k], w)).toBeLessThan(1e-7);
    }
  });
});

describe("progress reporting and early stopping", () => {
  const params = { ...base, alpha: 0.1, T: 50 };
  it("stops when onProgress returns false and says so", () => {
    const seen: number[] = [];
    const res = simulateGradientFlow(params, {
      nTimes: 20,
      onProgress: (p) => {
        seen.push(p.fraction);
        return p.index < 4;
      },
    });
    expect(res.stopped).toBe(true);
    expect(res.converged).toBe(false);
    expect(res.times.length).toBe(5);
    expect(res.trainLoss.length).toBe(5);
    expect(seen.length).toBe(5);
  });
  it("streams the same snapshots through the async iterator", async () => {
    const { gradientFlowStream } = await import("../src/index.js");
    const full = simulateGradientFlow(params, { nTimes: 10 });
    const losses: number[] = [];
    for await (const snap of gradientFlowStream(params, { nTimes: 10 })) losses.push(snap.metrics.trainLoss);
    expect(Float64Array.from(losses)).toEqual(full.trainLoss);
  });
});
