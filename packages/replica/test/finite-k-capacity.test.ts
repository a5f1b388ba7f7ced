import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createRng, gaussKronrod, normalPdf } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { alphaC, createActivation, exactFiniteKCapacity, storageCapacity } from "../src/index.js";

// E[f(z)], z ~ N(0, 1), by adaptive quadrature (independent of the package's kernels and series).
const gauss = (f: (z: number) => number) =>
  gaussKronrod((z) => f(z) * normalPdf(z), Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, {
    absTol: 0,
    relTol: 1e-13,
  }).value;
// The γ → −1 limit of the K = 2 Gaussian-equivalent formula for an odd g: (1 + √(E g″²/E g′²))².
const limitK2 = (d1: (z: number) => number, d2: (z: number) => number) =>
  (1 + Math.sqrt(gauss((z) => d2(z) ** 2) / gauss((z) => d1(z) ** 2))) ** 2;
const rel = (x: number, y: number) => Math.abs(x - y) / Math.abs(y);
const sig = (z: number) => 1 / (1 + Math.exp(-z));

// Reference values (3.58885, 1.756, 3.6662):
// packages/replica/scripts/reference-values.py (section "finite-k-capacity.test.ts")
const GE = { finiteKMethod: "gaussian-equivalent" } as const;

describe("finite K (Gaussian-equivalent approximation): the K = 2 degenerate limit of odd activations", () => {
  it("erf at K = 2 is the analytic limit (1 + √(4/5))² = 3.58885 (was 3.7425 from round-off), flagged degenerate", () => {
    const r = storageCapacity({ activation: "erf", K: 2 }, GE);
    expect(r.degenerate).toBe(true);
    expect(r.approximate).toBe(true);
    expect(r.warnings.join(" ")).toMatch(/degenerate/);
    expect(rel(r.alphaC as number, (1 + Math.sqrt(4 / 5)) ** 2)).toBeLessThan(1e-9);
    const d1 = (z: number) => (2 / Math.sqrt(Math.PI)) * Math.exp(-z * z);
    const d2 = (z: number) => (-4 * z * Math.exp(-z * z)) / Math.sqrt(Math.PI);
    expect(rel(r.alphaC as number, limitK2(d1, d2))).toBeLessThan(1e-8);
  });

  it("tanh at K = 2: the limit against E g″²/E g′² by quadrature", () => {
    const r = storageCapacity({ activation: "tanh", K: 2 }, GE);
    expect(r.degenerate).toBe(true);
    const d1 = (z: number) => 1 / Math.cosh(z) ** 2;
    const d2 = (z: number) => (-2 * Math.tanh(z)) / Math.cosh(z) ** 2;
    expect(rel(r.alphaC as number, limitK2(d1, d2))).toBeLessThan(1e-6);
  });

  it("sigmoid at K = 2 (1.756) is flagged: degenerate, and below its exact K = 1 value 2", () => {
    const r = storageCapacity({ activation: "sigmoid", K: 2 }, GE);
    const d1 = (z: number) => sig(z) * (1 - sig(z));
    const d2 = (z: number) => sig(z) * (1 - sig(z)) * (1 - 2 * sig(z));
    expect(rel(r.alphaC as number, limitK2(d1, d2))).toBeLessThan(1e-6);
    expect(r.alphaC as number).toBeLessThan(2);
    expect(r.degenerate).toBe(true);
    expect(r.warnings.some((w) => /below the exact K = 1/.test(w))).toBe(true);
  });

  it("ReLU at K = 2 is an interior optimum (3.6662, not degenerate, no warnings) but approximate", () => {
    const r = storageCapacity({ activation: "relu", K: 2 }, { finiteKMethod: "gaussian-equivalent" });
    expect(r.degenerate).toBe(false);
    expect(r.warnings).toHaveLength(0);
    expect(r.approximate).toBe(true);
    expect(r.method).toBe("gaussian-equivalent");
    expect(r.details.gamma).toBeGreaterThan(-0.9);
  });

  it("with a margin the degenerate end gives 0 (C₀ → 0), so erf at K = 2, κ = 0.3 is an interior optimum", () => {
    const r = storageCapacity({ activation: "erf", K: 2, kappa: 0.3 }, GE);
    expect(r.degenerate).toBe(false);
    expect(r.alphaC as number).toBeGreaterThan(0);
    expect(r.details.gamma).toBeGreaterThan(-1);
  });

  it("exact at K = 2, κ = 0 for odd strictly monotone g: alpha_c = 2/K = 1, since g(u₁) + g(u₂) − 2m₀ has the sign of u₁ + u₂", () => {
    // the reason, checked on random pre-activations: the acceptance sets are linear g's half-planes (the check can
    // fail: softplus, not odd, and the clipped identity, flat beyond ±1, disagree on some points)
    const rng = createRng("half-planes");
    // unit scale: beyond |u| ≈ 5.9 erf rounds to ±1 in double precision and ties would appear
    const u = rng.fillNormal(new Float64Array(20000));
    const agrees = (g: (x: number) => number, m0: number) => {
      for (let i = 0; i < u.length; i += 2)
        if (Math.sign(g(u[i]) + g(u[i + 1]) - 2 * m0) !== Math.sign(u[i] + u[i + 1])) return false;
      return true;
    };
    for (const a of ["erf", "tanh", "sigmoid", { formula: "tanh(2*x)" }, { formula: "x^3" }] as const) {
      const act = createActivation(a);
      expect(agrees(act.g, act.m0)).toBe(true);
      const r = storageCapacity({ activation: a, K: 2 });
      expect(r.alphaC).toBe(1);
      expect(r.method).toBe("exact-rs-finite-k");
      expect(r.approximate).toBe(false);
    }
    for (const a of ["softplus", { formula: "min(max(x, -1), 1)" }] as const) {
      const act = createActivation(a);
      expect(agrees(act.g, act.m0)).toBe(false);
      // not the closed form: softplus (smooth) goes to the exact Monte Carlo, the clipped identity (kinks) to
      // the approximation
      const r = storageCapacity({ activation: a, K: 2 }, { samples: 2000, searchSamples: 400 });
      expect(r.method).toBe(a === "softplus" ? "exact-rs-finite-k" : "gaussian-equivalent");
      expect(r.alphaC).not.toBe(1);
    }
    // and the exact linear theory of the Monte Carlo machinery gives the same 2/K for that half-plane
    const lin = exactFiniteKCapacity("linear", 2, 0, 0, { samples: 20000, searchSamples: 4000 });
    expect(Math.abs(lin.alphaC - 1)).toBeLessThanOrEqual(Math.max(3 * lin.standardError, 1e-9));
  });

  it("alphaC is a deprecated alias of storageCapacity (same function)", () => {
    expect(alphaC).toBe(storageCapacity);
  });
});

describe("layout", () => {
  it("imports between the package's source files run one way (no cycle)", () => {
    const dir = fileURLToPath(new URL("../src/", import.meta.url));
    const graph = new Map<string, string[]>();
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".ts"))) {
      const text = readFileSync(dir + f, "utf8");
      graph.set(
        f.replace(/\.ts$/, ""),
        [...text.matchAll(/from "\.\/([\w-]+)\.js"/g)].map((m) => m[1]),
      );
    }
    const state = new Map<string, 1 | 2>();
    const cycles: string[] = [];
    const visit = (n: string, path: string[]) => {
      state.set(n, 1);
      for (const m of graph.get(n) ?? []) {
        if (state.get(m) === 1) cycles.push([...path, m].join(" → "));
        else if (!state.has(m)) visit(m, [...path, m]);
      }
      state.set(n, 2);
    };
    for (const n of graph.keys()) if (!state.has(n)) visit(n, [n]);
    expect(cycles).toEqual([]);
  });
});
