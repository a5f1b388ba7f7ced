import { erf, gaussianExpectation, gaussianExpectation2d, MeanfieldError } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { BUILTIN_ACTIVATIONS, createActivation } from "../src/index.js";

const adaptive = (f: (z: number) => number) => gaussianExpectation(f, { method: "adaptive", absTol: 1e-13 });

// Independent derivatives written out here (not the package's), for E g′².
const DERIVATIVES: Record<string, ((z: number) => number) | null> = {
  linear: () => 1,
  relu: (z) => (z > 0 ? 1 : 0),
  erf: (z) => (2 / Math.sqrt(Math.PI)) * Math.exp(-z * z),
  tanh: (z) => 1 - Math.tanh(z) ** 2,
  sign: null,
  quadratic: (z) => 2 * z,
  softplus: (z) => 1 / (1 + Math.exp(-z)),
  gelu: (z) => 0.5 * (1 + erfApprox(z / Math.SQRT2)) + (z * Math.exp((-z * z) / 2)) / Math.sqrt(2 * Math.PI),
  sigmoid: (z) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2,
};
function erfApprox(x: number): number {
  return erf(x);
}

describe("closed-form Gaussian moments of every built-in equal adaptive quadrature to 1e-10", () => {
  it.each(BUILTIN_ACTIVATIONS)("%s", (name) => {
    const act = createActivation(name);
    const m0 = adaptive(act.g);
    const second = adaptive((z) => act.g(z) ** 2);
    expect(Math.abs(act.m0 - m0)).toBeLessThan(1e-10);
    expect(Math.abs(act.variance - (second - m0 * m0))).toBeLessThan(1e-10);
    expect(Math.abs(act.b1 - adaptive((z) => z * act.g(z)))).toBeLessThan(1e-10);
    const d = DERIVATIVES[name];
    if (d) {
      expect(Math.abs(act.gPrime2 - adaptive((z) => d(z) ** 2))).toBeLessThan(1e-10);
      // Stein: b₁ = E g′
      expect(Math.abs(act.b1 - adaptive(d))).toBeLessThan(1e-10);
    } else {
      expect(act.gPrime2).toBe(Number.POSITIVE_INFINITY);
      expect(act.hasJump).toBe(true);
    }
    // κ(1) = Var g, κ(0) = 0
    expect(Math.abs(act.kappa(1) - act.variance)).toBeLessThan(1e-9);
    expect(Math.abs(act.kappa(0))).toBeLessThan(1e-12);
  });
});

describe("kernel κ(ρ) = E[(g(z) − m₀)(g(z′) − m₀)] against 2-D Gaussian quadrature", () => {
  it.each(BUILTIN_ACTIVATIONS)("%s at ρ = −0.6, 0.3, 0.9", (name) => {
    const act = createActivation(name);
    for (const rho of [-0.6, 0.3, 0.9]) {
      const ref = gaussianExpectation2d(
        (z1, z2) => (act.g(z1) - act.m0) * (act.g(z2) - act.m0),
        { var1: 1, var2: 1, cov12: rho },
        { method: "adaptive", absTol: 1e-11 },
      );
      expect(Math.abs(act.kappa(rho) - ref)).toBeLessThan(1e-8);
    }
  });

  it.each(["linear", "relu", "erf", "quadratic", "tanh", "gelu"] as const)(
    "%s: κ′(ρ) = E[g′(z) g′(z′)] (Price) and κ′(1) = E g′²",
    (name) => {
      const act = createActivation(name);
      const d = DERIVATIVES[name] as (z: number) => number;
      for (const rho of [-0.4, 0.5]) {
        const ref = gaussianExpectation2d(
          (z1, z2) => d(z1) * d(z2),
          { var1: 1, var2: 1, cov12: rho },
          { method: "adaptive", absTol: 1e-11 },
        );
        expect(Math.abs(act.kappaPrime(rho) - ref)).toBeLessThan(1e-7);
      }
      expect(Math.abs(act.kappaPrime(1) - act.gPrime2)).toBeLessThan(1e-7);
    },
  );

  it("quadratic has b₂ = √2 and no other coefficient; κ″(0) = 2 b₂² for ReLU with b₂ = φ(0)/√2", () => {
    const q = createActivation("quadratic");
    expect(Math.abs(q.b[2] - Math.SQRT2)).toBeLessThan(1e-10);
    for (const n of [1, 3, 4, 5]) expect(Math.abs(q.b[n])).toBeLessThan(1e-10);
    const relu = createActivation("relu");
    const b2 = 1 / Math.sqrt(2 * Math.PI) / Math.SQRT2;
    expect(Math.abs(relu.kappaSecond(0) - 2 * b2 * b2)).toBeLessThan(1e-12);
    expect(Math.abs(Math.abs(relu.b[2]) - b2)).toBeLessThan(1e-9);
  });
});

describe("user activations", () => {
  it("a formula equals the built-in it spells (tanh)", () => {
    const f = createActivation({ formula: "tanh(x)" });
    const b = createActivation("tanh");
    expect(f.source).toBe("formula");
    expect(Math.abs(f.variance - b.variance)).toBeLessThan(1e-12);
    expect(Math.abs(f.gPrime2 - b.gPrime2)).toBeLessThan(1e-12);
    expect(Math.abs(f.kappa(0.7) - b.kappa(0.7))).toBeLessThan(1e-12);
    expect(f.warnings).toHaveLength(0);
  });

  it("a JS function works, with a numerical derivative when none is given", () => {
    const f = createActivation({ fn: (z) => Math.tanh(z), name: "myTanh" });
    expect(Math.abs(f.gPrime2 - createActivation("tanh").gPrime2)).toBeLessThan(1e-8);
  });

  it("integrates a kink piecewise without a roughness warning (abs), and detects a jump", () => {
    const abs = createActivation({ formula: "abs(x)" });
    expect(abs.warnings).toHaveLength(0);
    expect(Math.abs(abs.variance - (1 - 2 / Math.PI))).toBeLessThan(1e-12);
    const step = createActivation({ formula: "sign(x - 0.3)" });
    expect(step.hasJump).toBe(true);
    expect(step.gPrime2).toBe(Number.POSITIVE_INFINITY);
  });

  it.each([
    ["import('fs')"],
    ["createUnit('foo')"],
    ["evaluate('1+1')"],
    ["y + 1"],
    ["x = 2"],
    ["f(x) = x"],
    ["x +"],
    ["[x, x]"],
    ["'abc'"],
    [""],
  ])("rejects the formula %s naming activation.formula", (formula) => {
    try {
      createActivation({ formula });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MeanfieldError);
      expect((e as MeanfieldError).parameter).toBe("activation.formula");
    }
  });

  it("rejects a formula that is not finite on the Gaussian support (log x)", () => {
    expect(() => createActivation({ formula: "log(x)" })).toThrow(/activation/);
    expect(() => createActivation({ formula: "1/x" })).toThrow(MeanfieldError);
  });

  it("an unknown name lists the known activations", () => {
    try {
      createActivation("swish" as never);
      expect.unreachable();
    } catch (e) {
      expect((e as MeanfieldError).parameter).toBe("activation");
      for (const n of BUILTIN_ACTIVATIONS) expect((e as Error).message).toContain(n);
    }
  });
});

describe("g″ of the smooth built-ins (closed forms) against a central difference of g′", () => {
  it.each(["linear", "erf", "tanh", "sigmoid", "softplus", "gelu", "quadratic"] as const)("%s", (name) => {
    const act = createActivation(name);
    const g1 = act.gPrime as (z: number) => number;
    const g2 = act.gSecond as (z: number) => number;
    for (const z of [-4, -1.3, -0.2, 0, 0.7, 2.5, 5]) {
      const h = 1e-4;
      const fd = (g1(z + h) - g1(z - h)) / (2 * h);
      expect(Math.abs(g2(z) - fd), `${name} at ${z}`).toBeLessThan(1e-7 * (1 + Math.abs(fd)));
    }
  });
  it("is undefined for kinked built-ins and for formulas (their users difference g′)", () => {
    expect(createActivation("relu").gSecond).toBeUndefined();
    expect(createActivation({ formula: "tanh(x)" }).gSecond).toBeUndefined();
  });
});
