import { describe, expect, it } from "vitest";
import { alphaC, alphaPSB } from "../src/index.js";

// Hand-derived values (theory/replica.md, "Capacity"): α_c(K→∞, κ=0) = 2 (E g′² − b₁²)/(Var g − b₁²), from
// the closed moments of the table in theory/replica.md, "Closed forms of the built-in activations", written
// out here independently of the package. Quadrature check of the closed forms:
// packages/replica/scripts/reference-values.py (section "capacity.test.ts")
const RELU_ALPHA_C = (2 * (0.5 - 0.25)) / (0.5 - 1 / (2 * Math.PI) - 0.25);
const ERF_ALPHA_C = (() => {
  const b1sq = 4 / (3 * Math.PI);
  return (2 * (4 / (Math.PI * Math.sqrt(5)) - b1sq)) / ((2 / Math.PI) * Math.asin(2 / 3) - b1sq);
})();

describe('capacity at K → ∞ (theory/replica.md, "Capacity")', () => {
  it("is finite for ReLU and erf and equals 2(E g′² − b₁²)/(Var g − b₁²)", () => {
    const relu = alphaC({ activation: "relu" });
    const erf = alphaC({ activation: "erf" });
    expect(relu.divergent).toBe(false);
    expect(erf.divergent).toBe(false);
    expect(Math.abs((relu.alphaC as number) - RELU_ALPHA_C)).toBeLessThan(1e-10);
    expect(Math.abs((erf.alphaC as number) - ERF_ALPHA_C)).toBeLessThan(1e-10);
  });

  it("is exactly 4 for the quadratic activation (only b₂: s = 2)", () => {
    expect(Math.abs((alphaC({ activation: "quadratic" }).alphaC as number) - 4)).toBeLessThan(1e-12);
  });

  it("is reached by the finite-K Gaussian-equivalent formula as K grows (a second code path)", () => {
    for (const a of ["relu", "erf", "gelu"] as const) {
      const inf = alphaC({ activation: a }).alphaC as number;
      const big = alphaC({ activation: a, K: 1_000_000 });
      expect(Math.abs((big.alphaC as number) - inf) / inf).toBeLessThan(1e-4);
      // and the optimal cross-unit correlation K·Q_{k≠l} → −1 (linear component cancelled)
      expect(Math.abs(big.details.crossUnitCorrelation + 1)).toBeLessThan(1e-3);
    }
  });

  it("depends on the margin through A(κ/√V₂) and decreases with κ", () => {
    const a0 = alphaC({ activation: "relu" }).alphaC as number;
    const a1 = alphaC({ activation: "relu", kappa: 0.1 }).alphaC as number;
    expect(a1).toBeLessThan(a0);
  });
});

describe('linear activation: capacity per parameter → 0 with K (theory/replica.md, "Capacity")', () => {
  it("is 2/K at every finite K (one N-dimensional perceptron: total capacity 2N) and 0 at K → ∞", () => {
    for (const K of [1, 2, 3, 8, 64, 1000]) {
      expect(Math.abs((alphaC({ activation: "linear", K }).alphaC as number) - 2 / K)).toBeLessThan(1e-9);
    }
    const inf = alphaC({ activation: "linear" });
    expect(inf.alphaC).toBe(0);
    expect(inf.divergent).toBe(false);
  });
});

describe('sign: RS capacity per parameter diverges (theory/replica.md, "Capacity")', () => {
  it("is reported as divergent, not as a number, at K → ∞", () => {
    const r = alphaC({ activation: "sign" });
    expect(r.divergent).toBe(true);
    expect(r.alphaC).toBeNull();
  });

  it("has finite values growing with K at finite K (exact RS committee, Monte Carlo), 2 at K = 1", () => {
    expect(alphaC({ activation: "sign", K: 1 }).alphaC).toBeCloseTo(2, 10);
    const vals = [3, 5, 9].map((K) =>
      alphaC({ activation: "sign", K }, { samples: 40_000, searchSamples: 3000, seed: 3 }),
    );
    for (const v of vals) expect(v.method).toBe("exact-rs-finite-k");
    expect(vals[0].alphaC as number).toBeGreaterThan(2.5);
    expect(vals[1].alphaC as number).toBeGreaterThan(
      (vals[0].alphaC as number) + 3 * (vals[0].standardError as number),
    );
    expect(vals[2].alphaC as number).toBeGreaterThan(
      (vals[1].alphaC as number) + 3 * (vals[1].standardError as number),
    );
  });

  it("is reproducible from its seed", () => {
    const a = alphaC({ activation: "sign", K: 5 }, { samples: 5000, searchSamples: 2000, seed: 11 });
    const b = alphaC({ activation: "sign", K: 5 }, { samples: 5000, searchSamples: 2000, seed: 11 });
    expect(a.alphaC).toBe(b.alphaC);
  });
});

describe('invariances (theory/replica.md, "Checks"): centring and parity', () => {
  const cases: Array<[string, string, string]> = [
    ["tanh(x) + 3 (constant shift)", "tanh(x) + 3", "tanh"],
    ["−tanh(x) (sign flip)", "-tanh(x)", "tanh"],
    ["softplus(−x) (reflection)", "log(1 + exp(-x))", "softplus"],
    ["−softplus(x) + 1", "1 - log(1 + exp(x))", "softplus"],
  ];
  it.each(cases)("%s has the capacity of the original at K = 1, 4 and ∞", (_label, formula, builtin) => {
    for (const K of [1, 4, Number.POSITIVE_INFINITY]) {
      // finite K through the Hermite machinery (the exact smooth theory samples t, not −t: a reflection would
      // change its Monte Carlo samples)
      const ge = { finiteKMethod: "gaussian-equivalent" } as const;
      const a = alphaC({ activation: { formula }, K }, ge).alphaC as number;
      const b = alphaC({ activation: builtin as "tanh", K }, ge).alphaC as number;
      expect(Math.abs(a - b) / b).toBeLessThan(1e-7);
    }
  });

  it("gives the same alpha_PSB for g and −g(−z)", () => {
    const a = alphaPSB({ activation: { formula: "-log(1 + exp(-x))" } }).alphaPSB as number;
    const b = alphaPSB({ activation: "softplus" }).alphaPSB as number;
    expect(Math.abs(a - b) / b).toBeLessThan(1e-6);
  });
});

describe("capacityTable", () => {
  it("lists alpha_c, alpha_PSB and the K = 1 value per activation", async () => {
    const { capacityTable } = await import("../src/index.js");
    const rows = capacityTable({
      activations: ["quadratic", "sign"],
      finiteK: 3,
      samples: 2000,
      searchSamples: 400,
    });
    expect(rows.map((r) => r.activation)).toEqual(["quadratic", "sign"]);
    expect(rows[0].alphaC).toBeCloseTo(4, 10);
    expect(rows[0].transition).toBe("continuous");
    // quadratic at K = 1: E d² = ½E(|t| − 1)² = 1 − √(2/π), by hand
    expect(Math.abs(rows[0].alphaCK1 - 1 / (1 - Math.sqrt(2 / Math.PI)))).toBeLessThan(1e-8);
    expect(rows[1].divergent).toBe(true);
    expect(rows[1].alphaC).toBeNull();
    // the K = 3 Monte Carlo of the quadratic takes ≈ 3–5 s (over vitest's default 5 s on a loaded machine)
  }, 60_000);
});
