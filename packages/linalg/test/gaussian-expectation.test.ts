import { describe, expect, it } from "vitest";
import { gaussianExpectation, gaussianExpectation2d } from "../src/index.js";
import { caught, relErr } from "./helpers.js";

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

describe("gaussianExpectation", () => {
  it("gives the moment generating and characteristic functions: E e^{tz} = e^{t²/2}, E cos z = e^{−1/2}", () => {
    for (const t of [-2, 0.5, 1, 3])
      expect(
        relErr(
          gaussianExpectation((z) => Math.exp(t * z)),
          Math.exp((t * t) / 2),
        ),
      ).toBeLessThan(1e-13);
    expect(relErr(gaussianExpectation(Math.cos), Math.exp(-0.5))).toBeLessThan(1e-14);
  });
  it("gives E[max(z, 0)] = 1/√(2π): O(1/order) with Gauss–Hermite, to 1e-10 adaptively", () => {
    for (const order of [64, 200, 400]) {
      const err = Math.abs(gaussianExpectation((z) => Math.max(z, 0), { order }) - INV_SQRT_2PI);
      expect(err, `order ${order}`).toBeLessThan(0.2 / order); // kink: first-order convergence
    }
    expect(
      Math.abs(gaussianExpectation((z) => Math.max(z, 0), { method: "adaptive" }) - INV_SQRT_2PI),
    ).toBeLessThan(1e-10);
  });
  it("gives E[1{z > 1}] = Φ(−1) adaptively (a jump away from the centre)", () => {
    // Reference values: packages/linalg/scripts/reference-values.py (section "gaussian-expectation.test.ts")
    const ref = 0.15865525393145705; // mpmath ncdf(−1)
    expect(Math.abs(gaussianExpectation((z) => (z > 1 ? 1 : 0), { method: "adaptive" }) - ref)).toBeLessThan(
      1e-10,
    );
  });
});

describe("gaussianExpectation2d", () => {
  const cov = { var1: 2, var2: 0.5, cov12: -0.6 };
  it("reproduces the covariance: E z1² = var1, E z2² = var2, E z1 z2 = cov12", () => {
    expect(gaussianExpectation2d((a) => a * a, cov)).toBeCloseTo(2, 13);
    expect(gaussianExpectation2d((_a, b) => b * b, cov)).toBeCloseTo(0.5, 13);
    expect(gaussianExpectation2d((a, b) => a * b, cov)).toBeCloseTo(-0.6, 13);
  });
  it("gives Isserlis' E z1² z2² = var1 var2 + 2 cov12² and E e^{z1+z2} = e^{(var1+var2+2cov12)/2}", () => {
    expect(
      relErr(
        gaussianExpectation2d((a, b) => a * a * b * b, cov),
        2 * 0.5 + 2 * 0.36,
      ),
    ).toBeLessThan(1e-13);
    expect(
      relErr(
        gaussianExpectation2d((a, b) => Math.exp(a + b), cov),
        Math.exp((2 + 0.5 - 1.2) / 2),
      ),
    ).toBeLessThan(1e-12);
  });
  it("gives the arcsine law E sign z1 sign z2 = (2/π) asin ρ (adaptive method; jumps along both axes)", () => {
    for (const rho of [-0.99, -0.9, -0.3, 0, 0.5, 0.8]) {
      const c = { var1: 1.5, var2: 0.7, cov12: rho * Math.sqrt(1.5 * 0.7) };
      const v = gaussianExpectation2d((a, b) => Math.sign(a) * Math.sign(b), c, { method: "adaptive" });
      expect(Math.abs(v - (2 / Math.PI) * Math.asin(rho)), `rho ${rho}`).toBeLessThan(1e-10);
    }
    // The fixed tensor rule only gets this to O(order^{-1/2}) (jump across the oblique line z2 = 0).
    const gh = gaussianExpectation2d(
      (a, b) => Math.sign(a) * Math.sign(b),
      { var1: 1, var2: 1, cov12: 0.5 },
      { order: 64 },
    );
    expect(Math.abs(gh - (2 / Math.PI) * Math.asin(0.5))).toBeLessThan(0.1);
  });
  it("finds a jump off the axes by refinement: E[1{z1 > 1} z2²] = Φ(−1) for independent z1, z2", () => {
    const v = gaussianExpectation2d(
      (a, b) => (a > 1 ? b * b : 0),
      { var1: 1, var2: 1, cov12: 0 },
      { method: "adaptive", absTol: 1e-8 },
    );
    expect(Math.abs(v - 0.15865525393145705)).toBeLessThan(5e-8); // Φ(−1), as above
  });
  it("gives E relu(z1) relu(z2) = (√(1−ρ²) + ρ(π − acos ρ))/(2π) for unit variances (Cho & Saul arc-cosine kernel)", () => {
    const rho = 0.4;
    const ref = (Math.sqrt(1 - rho * rho) + rho * (Math.PI - Math.acos(rho))) / (2 * Math.PI);
    const v = gaussianExpectation2d(
      (a, b) => Math.max(a, 0) * Math.max(b, 0),
      { var1: 1, var2: 1, cov12: rho },
      { method: "adaptive" },
    );
    expect(Math.abs(v - ref)).toBeLessThan(1e-12);
    const gh = gaussianExpectation2d(
      (a, b) => Math.max(a, 0) * Math.max(b, 0),
      { var1: 1, var2: 1, cov12: rho },
      { order: 96 },
    );
    expect(Math.abs(gh - ref)).toBeLessThan(5e-3); // kinked: Gauss–Hermite converges only slowly
  });
  it("allows degenerate covariances (var1 = 0, |ρ| = 1)", () => {
    expect(gaussianExpectation2d((a, b) => a + b * b, { var1: 0, var2: 3, cov12: 0 })).toBeCloseTo(3, 13);
    expect(gaussianExpectation2d((a, b) => a * b, { var1: 1, var2: 4, cov12: 2 })).toBeCloseTo(2, 13);
    expect(gaussianExpectation2d((a, b) => (a - b) ** 2, { var1: 1, var2: 1, cov12: 1 })).toBeCloseTo(0, 13);
  });
  it("rejects a covariance that is not positive semi-definite and bad variances, naming the field", () => {
    expect(caught(() => gaussianExpectation2d((a) => a, { var1: 1, var2: 1, cov12: 1.1 })).parameter).toBe(
      "cov.cov12",
    );
    expect(caught(() => gaussianExpectation2d((a) => a, { var1: -1, var2: 1, cov12: 0 })).parameter).toBe(
      "cov.var1",
    );
    expect(
      caught(() => gaussianExpectation2d((a) => a, { var1: 1, var2: Number.NaN, cov12: 0 })).parameter,
    ).toBe("cov.var2");
    expect(caught(() => gaussianExpectation((a) => a, { order: 1.5 })).parameter).toBe("order");
    expect(caught(() => gaussianExpectation((a) => a, { method: "simpson" as "adaptive" })).parameter).toBe(
      "method",
    );
  });
});

describe("adaptive expectations far in the tails", () => {
  it("never evaluate f where the Gaussian weight has underflowed (no 0·∞ = NaN)", () => {
    // E e^{z} = e^{1/2}; e^{z} overflows for z > 709 where φ(z) is exactly 0.
    expect(Math.abs(gaussianExpectation(Math.exp, { method: "adaptive" }) - Math.exp(0.5))).toBeLessThan(
      1e-9,
    );
    const v = gaussianExpectation2d(
      (a, b) => Math.exp(a + b),
      { var1: 1, var2: 1, cov12: 0 },
      { method: "adaptive", absTol: 1e-8 },
    );
    expect(Math.abs(v - Math.E)).toBeLessThan(1e-7);
  });
});
