import { gaussKronrod, logH, normalPdf } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { solveSaddlePoint } from "../src/index.js";

// Gardner's RS free entropy of one perceptron at load a (κ = 0), computed here independently:
// f_G(a) = min_q ½[log(1−q) + q/(1−q)] + a ∫Dt log H(−√q t/√(1−q)), adaptive quadrature + golden section.
function gardnerFreeEntropy(a: number): number {
  const ge = (q: number) => {
    const f = (t: number) => normalPdf(t) * logH((-Math.sqrt(q) * t) / Math.sqrt(1 - q));
    const o = { absTol: 0, relTol: 1e-13, maxEvaluations: 100_000 };
    return gaussKronrod(f, -40, 0, o).value + gaussKronrod(f, 0, 40, o).value;
  };
  const F = (q: number) => 0.5 * (Math.log1p(-q) + q / (1 - q)) + a * ge(q);
  let lo = 1e-9;
  let hi = 0.999;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 90; i++) {
    const c = hi - g * (hi - lo);
    const d = lo + g * (hi - lo);
    if (F(c) < F(d)) hi = d;
    else lo = c;
  }
  return F(0.5 * (lo + hi));
}

describe('finite-K saddle points (Gaussian-equivalent theory, theory/replica-finite-k.md, "Saddle points at finite K")', () => {
  it("linear g at K = 4 is Gardner's perceptron in the uniform mode: φ = f_G(αK)/K, c = 0, no PSB", () => {
    const r = solveSaddlePoint({ activation: "linear", K: 4, alpha: 0.3 });
    expect(r.phase).toBe("PS");
    expect(r.psb).toBeNull();
    expect(r.ps.converged).toBe(true);
    expect(Math.abs(r.ps.crossUnitCorrelation)).toBeLessThan(1e-4);
    expect(Math.abs(r.ps.freeEntropy - gardnerFreeEntropy(1.2) / 4)).toBeLessThan(1e-7);
  }, 30_000);

  it("ReLU at K = 64 approaches the K → ∞ PSB solution, with c = K·Q_{k≠l} slightly below −1", () => {
    const fin = solveSaddlePoint({ activation: "relu", K: 64, alpha: 3 });
    const inf = solveSaddlePoint({ activation: "relu", alpha: 3 });
    expect(fin.phase).toBe("PSB");
    expect(fin.converged).toBe(true);
    const q = fin.solution?.q as number;
    expect(Math.abs(q - (inf.solution?.q as number))).toBeLessThan(0.02);
    const c = fin.solution?.crossUnitCorrelation as number;
    expect(c).toBeLessThan(-1);
    expect(c).toBeGreaterThan(-1.05);
  }, 60_000);

  it("ReLU at K = 2: the PSB branch that leaves the PS line continuously is found (α = 1.5)", () => {
    // the Gaussian-equivalent PS solution is unstable in o_A = q − p/K from α ≈ 0.84 (theory/replica-finite-k.md,
    // "The exact free entropy at K = 2"); the PSB search used to start at q = 0.44 and missed this branch
    const r = solveSaddlePoint({ activation: "relu", K: 2, alpha: 1.5 });
    expect(r.psb).not.toBeNull();
    const psb = r.psb as NonNullable<typeof r.psb>;
    expect(r.phase).toBe("PSB");
    expect(psb.freeEntropy).toBeLessThan(r.ps.freeEntropy);
    expect(psb.q).toBeGreaterThan(r.ps.q + 0.01);
    expect(psb.residual).toBeLessThan(1e-4);
  }, 30_000);

  it("ReLU at K = 4: negatively correlated units in both solutions, PS below the transition", () => {
    const low = solveSaddlePoint({ activation: "relu", K: 4, alpha: 0.5 });
    expect(low.phase).toBe("PS");
    expect(low.ps.crossUnitCorrelationSign).toBe(-1);
    expect(low.ps.residual).toBeLessThan(1e-4);
  }, 30_000);
});
