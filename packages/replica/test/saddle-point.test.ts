import { gaussianExpectation, logH } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import { alphaC, alphaPSB, solveSaddlePoint, sweepAlpha } from "../src/index.js";

// Independent K → ∞ free entropy for ReLU (eq. K∞ of
// theory/replica.md, "The effective problem in the matched overlap"), written out here: closed-form
// arc-cosine kernel, G_E by adaptive quadrature of log H (not the package's fixed Gauss–Hermite rule).
const V2 = 0.5 - 1 / (2 * Math.PI) - 0.25;
const reluKappa = (r: number) => (Math.sqrt(1 - r * r) + r * (Math.PI - Math.acos(r)) - 1) / (2 * Math.PI);
function phiRelu(alpha: number, q: number): number {
  const r = (reluKappa(q) - 0.25 * q) / V2;
  const ge = gaussianExpectation((t) => logH((-Math.sqrt(r) * t) / Math.sqrt(1 - r)), {
    method: "adaptive",
    absTol: 1e-12,
  });
  return 0.5 * (Math.log1p(-q) + q / (1 - q)) + alpha * ge;
}

describe('PS and PSB saddle points at K → ∞ (theory/replica.md, "The infinite-width limit")', () => {
  it("PS free entropy is the annealed −α ln 2 at zero margin", () => {
    for (const a of ["relu", "erf", "tanh"] as const) {
      const r = solveSaddlePoint({ activation: a, alpha: 0.5 });
      expect(Math.abs(r.ps.freeEntropy + 0.5 * Math.LN2)).toBeLessThan(1e-12);
      expect(r.phase).toBe("PS");
    }
  });

  it("the ReLU PSB solution at alpha = 3 minimises an independently computed φ(q)", () => {
    const r = solveSaddlePoint({ activation: "relu", alpha: 3 });
    expect(r.phase).toBe("PSB");
    const psb = r.psb;
    expect(psb).not.toBeNull();
    if (!psb) return;
    expect(psb.converged).toBe(true);
    expect(psb.residual).toBeLessThan(1e-8);
    const q = psb.q;
    const f0 = phiRelu(3, q);
    expect(Math.abs(f0 - psb.freeEntropy)).toBeLessThan(1e-6);
    const h = 1e-4;
    expect(phiRelu(3, q - h)).toBeGreaterThan(f0);
    expect(phiRelu(3, q + h)).toBeGreaterThan(f0);
    // stationarity to the accuracy of a central difference
    expect(Math.abs((phiRelu(3, q + h) - phiRelu(3, q - h)) / (2 * h))).toBeLessThan(1e-4);
    expect(psb.freeEntropy).toBeLessThan(r.ps.freeEntropy);
    // division of labour: negative K-scaled cross-unit correlation
    expect(psb.crossUnitCorrelation).toBe(-1);
    expect(psb.crossUnitCorrelationSign).toBe(-1);
  });

  it("ReLU: the PSB branch grows continuously from q = 0 at alpha_PSB = π²/4 − π/2 (PS instability)", () => {
    // α_inst = πV₂/(4b₂²) with b₂ = φ(0)/√2 for ReLU
    // (theory/replica.md, "The permutation-symmetry-breaking transition"), by hand: π²(1/4 − 1/(2π));
    // quadrature check: packages/replica/scripts/reference-values.py (section "saddle-point.test.ts")
    const expected = (Math.PI * Math.PI) / 4 - Math.PI / 2;
    const t = alphaPSB({ activation: "relu" });
    expect(t.transition).toBe("continuous");
    expect(Math.abs((t.alphaPSB as number) - expected)).toBeLessThan(1e-6);
    expect(Math.abs(t.alphaInstability - expected)).toBeLessThan(1e-12);
    const below = solveSaddlePoint({ activation: "relu", alpha: expected * 0.99 });
    const above = solveSaddlePoint({ activation: "relu", alpha: expected * 1.01 });
    expect(below.phase).toBe("PS");
    expect(below.psb).toBeNull();
    expect(above.phase).toBe("PSB");
    expect(above.solution?.q as number).toBeGreaterThan(0);
    expect(above.solution?.q as number).toBeLessThan(0.1);
  });

  it("erf: the PSB branch appears discontinuously and crosses the PS free entropy at alpha_PSB < alpha_c", () => {
    const t = alphaPSB({ activation: "erf" });
    expect(t.transition).toBe("discontinuous");
    const aPSB = t.alphaPSB as number;
    const aSp = t.alphaSpinodal as number;
    expect(t.alphaInstability).toBe(Number.POSITIVE_INFINITY);
    expect(aSp).toBeLessThan(aPSB);
    expect(aPSB).toBeLessThan(alphaC({ activation: "erf" }).alphaC as number);
    expect(solveSaddlePoint({ activation: "erf", alpha: aSp * 0.995 }).psb).toBeNull();
    const mid = solveSaddlePoint({ activation: "erf", alpha: 0.5 * (aSp + aPSB) });
    expect(mid.psb).not.toBeNull();
    expect(mid.phase).toBe("PS");
    const at = solveSaddlePoint({ activation: "erf", alpha: aPSB });
    expect(Math.abs((at.psb?.freeEntropy as number) - at.ps.freeEntropy)).toBeLessThan(1e-7);
    const after = solveSaddlePoint({ activation: "erf", alpha: aPSB * 1.01 });
    expect(after.phase).toBe("PSB");
    expect(after.solution?.q as number).toBeGreaterThan(0.3);
  });

  it("q → 1 as alpha → alpha_c, and no solution beyond (ReLU and erf)", () => {
    for (const a of ["relu", "erf"] as const) {
      const ac = alphaC({ activation: a }).alphaC as number;
      const near = solveSaddlePoint({ activation: a, alpha: ac * (1 - 1e-3) });
      expect(near.phase).toBe("PSB");
      expect(near.solution?.q as number).toBeGreaterThan(0.99);
      expect(solveSaddlePoint({ activation: a, alpha: ac * 1.001 }).phase).toBe("UNSAT");
    }
  });

  it("a 100-point sweep goes PS → PSB → UNSAT with q non-decreasing", () => {
    const alphas = Array.from({ length: 100 }, (_, i) => 0.06 * (i + 1));
    const s = sweepAlpha({ activation: "relu", alphas });
    expect(s.converged).toBe(true);
    const order = { PS: 0, PSB: 1, UNSAT: 2 };
    for (let i = 1; i < alphas.length; i++) {
      expect(order[s.phase[i]]).toBeGreaterThanOrEqual(order[s.phase[i - 1]]);
      expect(s.q[i]).toBeGreaterThanOrEqual(s.q[i - 1] - 1e-9);
    }
    expect(s.phase[0]).toBe("PS");
    expect(s.phase[99]).toBe("UNSAT");
  });
});
