import { gaussHermite, gaussLegendre, logH, normalLogCdf, normalPdf } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import {
  createActivation,
  exactEnergeticK2,
  exactFreeEntropyK2,
  exactK2Problem,
  exactPSInstabilityK2,
  psStabilityAtK2,
  repliconK2,
  solveExactPSBK2,
  solveExactPSK2,
} from "../src/index.js";
import { finiteKFreeEntropy } from "../src/saddle-point-finite-k.js";
import { addReplicon, largestEigenvalue3, thermalWhitener, unitsFrame } from "./units-frame.js";

// The exact RS free entropy at K = 2 for q < 1 (theory/replica-finite-k.md, "The exact free entropy at K = 2").
// Independent checks: linear g against the Gaussian-equivalent free entropy (exact for linear g: Gardner's
// perceptron in the uniform mode); ReLU's energetic term against a computation written here that conditions on the
// first unit's field instead of the ⊥ mode; the PS instability against Newton on the full free entropy.

const relu = createActivation("relu");
const softplus = createActivation("softplus");
const m0 = 1 / Math.sqrt(2 * Math.PI);

/**
 * ½ Σ_y E_t log P(t + z ∈ S_y) for the ReLU committee at K = 2, κ = 0, in the units' own coordinates: t ~ N(0, B),
 * z ~ N(0, A − B) with A = [[1, c/2], [c/2, 1]], B = [[q, p/2], [p/2, q]]; given u₁ = t₁ + z₁ the second unit's field
 * is Gaussian and the set a half-line in it (relu(u₂) ≥ 2m₀ − relu(u₁), or ≤ 2m₀ − relu(u₁)), integrated over u₁ on
 * Gauss–Legendre panels split at relu's kink and at the jump of the set; t by a 2-D Gauss–Hermite rule on B's
 * Cholesky factor.
 */
function reluEnergeticByUnits(q: number, p: number, c: number, order = 40): number {
  const { L11, L21, L22, d, beta, s2 } = unitsFrame(q, p, c);
  const { nodes, weights } = gaussHermite(order);
  const gl = gaussLegendre(8);
  let total = 0;
  for (let i = 0; i < nodes.length; i++)
    for (let j = 0; j < nodes.length; j++) {
      const t1 = L11 * nodes[i];
      const t2 = L21 * nodes[i] + L22 * nodes[j];
      // wide enough to reach the sets from any frozen field of the rule
      const W = 10 * Math.sqrt(d) + Math.abs(t1) + Math.abs(t2);
      const lp: number[] = [];
      const lm: number[] = [];
      // pieces split where relu(u₁) has its kink (u₁ = 0) and where the rest changes sign (u₁ = 2m₀)
      const cuts = [-W, W, -t1, 2 * m0 - t1].filter((x) => x >= -W && x <= W).sort((x, y) => x - y);
      for (let piece = 0; piece + 1 < cuts.length; piece++) {
        const panels = 40;
        const width = (cuts[piece + 1] - cuts[piece]) / panels;
        for (let q2 = 0; q2 < panels; q2++)
          for (let k = 0; k < gl.nodes.length; k++) {
            const z1 = cuts[piece] + width * (q2 + 0.5 * (1 + gl.nodes[k]));
            const w = (normalPdf(z1 / Math.sqrt(d)) / Math.sqrt(d)) * 0.5 * width * gl.weights[k];
            const u1 = t1 + z1;
            const mu = t2 + beta * z1;
            const rest = 2 * m0 - Math.max(u1, 0);
            // y = +1: relu(u₂) ≥ rest (always when rest ≤ 0); y = −1: relu(u₂) ≤ rest (never when rest < 0)
            lp.push(Math.log(w) + (rest <= 0 ? 0 : logH((rest - mu) / s2)));
            lm.push(Math.log(w) + (rest < 0 ? Number.NEGATIVE_INFINITY : normalLogCdf((rest - mu) / s2)));
          }
      }
      total += weights[i] * weights[j] * 0.5 * (logSumExp(lp) + logSumExp(lm));
    }
  return total;
}

/**
 * The replicon at K = 2 for ReLU (κ = 0) in the units' coordinates: Cov(z | accepted) from the first unit's field on
 * Gauss–Legendre pieces and the second's truncated normal given it, G = Δ^{−1/2} Cov Δ^{−1/2} − I with Δ = A − B,
 * M = E_{y,t}[G ⊗ G] on symmetric 2 × 2 matrices, Λ = 2α λ_max(M) − 1 (λ_max by Jacobi rotations of the 3 × 3 M).
 */
function reluRepliconByUnits(alpha: number, q: number, p: number, c: number): number {
  const { L11, L21, L22, d, r, beta, s2 } = unitsFrame(q, p, c);
  // Δ^{−1/2} = Σ λ^{−1/2} e eᵀ over e = (1, ±1)/√2, λ = d ± r
  const W2 = thermalWhitener(d, r);
  const { nodes, weights } = gaussHermite(40);
  const gl = gaussLegendre(8);
  const M = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (let i = 0; i < nodes.length; i++)
    for (let j = 0; j < nodes.length; j++) {
      const t1 = L11 * nodes[i];
      const t2 = L21 * nodes[i] + L22 * nodes[j];
      const W = 10 * Math.sqrt(d) + Math.abs(t1) + Math.abs(t2);
      const cuts = [-W, W, -t1, 2 * m0 - t1].filter((x) => x >= -W && x <= W).sort((x, y) => x - y);
      for (const y of [1, -1]) {
        const lw: number[] = [];
        const z1s: number[] = [];
        const ev: number[] = [];
        const evv: number[] = [];
        for (let piece = 0; piece + 1 < cuts.length; piece++) {
          const panels = 40;
          const width = (cuts[piece + 1] - cuts[piece]) / panels;
          for (let q2 = 0; q2 < panels; q2++)
            for (let k = 0; k < gl.nodes.length; k++) {
              const z1 = cuts[piece] + width * (q2 + 0.5 * (1 + gl.nodes[k]));
              const w = (normalPdf(z1 / Math.sqrt(d)) / Math.sqrt(d)) * 0.5 * width * gl.weights[k];
              const rest = 2 * m0 - Math.max(t1 + z1, 0);
              const x = (rest - t2 - beta * z1) / s2;
              let lp: number;
              let m1: number;
              if (y === 1 && rest <= 0) {
                lp = 0;
                m1 = 0;
              } else if (y === -1 && rest < 0) {
                lp = Number.NEGATIVE_INFINITY;
                m1 = 0;
              } else {
                lp = y === 1 ? logH(x) : normalLogCdf(x);
                m1 = y * Math.exp(-0.5 * x * x - 0.5 * Math.log(2 * Math.PI) - lp);
              }
              lw.push(Math.log(w) + lp);
              z1s.push(z1);
              ev.push(m1);
              evv.push(y === 1 && rest <= 0 ? 1 : 1 + x * m1);
            }
        }
        const mx = Math.max(...lw);
        let Z = 0;
        let e1 = 0;
        let e11 = 0;
        let e2 = 0;
        let e22 = 0;
        let e12 = 0;
        for (let k = 0; k < lw.length; k++) {
          const w = Math.exp(lw[k] - mx);
          if (w === 0) continue;
          const z1 = z1s[k];
          const m2a = beta * z1 + s2 * ev[k];
          const m2b = beta * beta * z1 * z1 + 2 * beta * z1 * s2 * ev[k] + s2 * s2 * evv[k];
          Z += w;
          e1 += w * z1;
          e11 += w * z1 * z1;
          e2 += w * m2a;
          e22 += w * m2b;
          e12 += w * z1 * m2a;
        }
        e1 /= Z;
        e11 /= Z;
        e2 /= Z;
        e22 /= Z;
        e12 /= Z;
        addReplicon(M, W2, { e1, e11, e2, e22, e12 }, 0.5 * weights[i] * weights[j]);
      }
    }
  return 2 * alpha * largestEigenvalue3(M) - 1;
}

function logSumExp(v: number[]): number {
  const mx = Math.max(...v);
  let s = 0;
  for (const x of v) s += Math.exp(x - mx);
  return mx + Math.log(s);
}

describe("the exact free entropy at K = 2", () => {
  it("linear g: equals the Gaussian-equivalent free entropy (Gardner's perceptron in the uniform mode)", () => {
    const act = createActivation("linear");
    for (const kappa of [0, 0.4]) {
      const pr = exactK2Problem(act, kappa);
      for (const [q, p, c] of [
        [0.3, 0.2, -0.5],
        [0.5, 0.9, 0.4],
        [0.6, -0.8, -1.2],
      ])
        expect(exactFreeEntropyK2(pr, 1.5, q, p, c)).toBeCloseTo(
          finiteKFreeEntropy(act, 2, kappa, 1.5, q, p, c),
          6,
        );
    }
  });

  it("ReLU: the energetic term matches the computation in the units' coordinates to 1e-5 (measured ≤ 3e-6)", () => {
    const pr = exactK2Problem(relu, 0);
    for (const [q, p, c] of [
      [0.3, 0.2, -0.5],
      [0.5, 0.3, -0.6],
      [0.6, 0.9, 0.4],
    ]) {
      const dA = 1 - c / 2;
      const oA = q - p / 2;
      const dB = 1 + c / 2;
      const oB = q + p / 2;
      const mine = exactEnergeticK2(pr, oA, oB, dA - oA, dB - oB);
      expect(Math.abs(mine - reluEnergeticByUnits(q, p, c))).toBeLessThan(1e-5);
    }
  }, 60_000);

  it("the rules refined twofold move α_PSB(K = 2) by what discretisationError estimates (consistency check: a refined scan against one Newton step in α)", () => {
    const a = exactPSInstabilityK2(relu, 0);
    expect(a.converged).toBe(true);
    // measured 5e-11 (a refined scan moves it by 8e-11)
    expect(a.discretisationError).toBeLessThan(1e-6);
    // measured 0.632168; the Gaussian-equivalent theory puts its own PS instability at ≈ 0.84 and K → ∞ at 0.8966
    expect(a.alphaInstability).toBeGreaterThan(0.6);
    expect(a.alphaInstability).toBeLessThan(0.66);
    // softplus: the rules' error is large enough to compare (measured: estimate 9.06e-7, refined scan 8.97e-7);
    // xtol 1e-8 keeps the root-finding error of either scan two orders below it
    const s = exactPSInstabilityK2(softplus, 0, { xtol: 1e-8 });
    const f = exactPSInstabilityK2(softplus, 0, { xtol: 1e-8, refine: true });
    expect(s.converged && f.converged).toBe(true);
    expect(Number.isNaN(f.discretisationError)).toBe(true);
    const moved = Math.abs(f.alphaInstability - s.alphaInstability);
    expect(moved).toBeGreaterThan(1e-7);
    expect(moved).toBeLessThan(5e-6);
    expect(s.discretisationError / moved).toBeGreaterThan(0.7);
    expect(s.discretisationError / moved).toBeLessThan(1.4);
  }, 90_000);

  it("PS instability against Newton on the full free entropy: PSB below PS above α_PSB, back on the PS line below it", () => {
    const pr = exactK2Problem(relu, 0);
    const aInst = 0.632168;
    for (const [alpha, expectPSB] of [
      [0.9, true],
      [0.6, false],
    ] as const) {
      const ps = solveExactPSK2(pr, relu, alpha);
      expect(ps.converged).toBe(true);
      expect(psStabilityAtK2(pr, alpha, ps) > 0).toBe(alpha < aInst);
      // α = 0.9: started next to the PSB solution found there by continuation from α = 2 (q 0.27632, p 0.13764,
      // c −0.55840); α = 0.6: started off the PS line (o_A = 0.05), Newton must go back to it
      const psb = solveExactPSBK2(
        pr,
        relu,
        alpha,
        expectPSB ? { q: 0.276, p: 0.138, c: -0.558 } : { q: 0.2, p: 0.3, c: -0.3 },
      );
      if (expectPSB) {
        expect(psb).not.toBeNull();
        const s = psb as NonNullable<typeof psb>;
        expect(s.converged).toBe(true);
        expect(s.q - s.p / 2).toBeGreaterThan(1e-3);
        expect(s.freeEntropy).toBeLessThan(ps.freeEntropy);
        // RS is unstable on the PSB branch (measured Λ = 0.122 here)
        expect(s.replicon).toBeGreaterThan(0.05);
        expect(s.rsStable).toBe(false);
      } else {
        expect(psb).toBeNull();
        expect(ps.rsStable).toBe(true);
      }
    }
  }, 120_000);

  it("ReLU: the replicon matches its computation in the units' coordinates (a PS and a PSB point)", () => {
    const pr = exactK2Problem(relu, 0);
    for (const [alpha, q, p, c] of [
      [0.7, 0.1724, 0.3448, -0.33],
      [1.2, 0.3982, -0.1653, -0.809],
    ]) {
      const mine = repliconK2(pr, alpha, { q, p, c }).replicon;
      // measured 1.1e-5 and 5.8e-6
      expect(Math.abs(mine - reluRepliconByUnits(alpha, q, p, c))).toBeLessThan(5e-5);
    }
    // at a PS solution the replicon is the PS stability measure's opposite (the ⊥⊥ mode); 0 at α_PSB
    const ps = solveExactPSK2(pr, relu, 0.632168);
    expect(Math.abs(ps.replicon + psStabilityAtK2(pr, 0.632168, ps))).toBeLessThan(1e-9);
    expect(Math.abs(ps.replicon)).toBeLessThan(1e-5);
  }, 60_000);

  it("linear g at K = 2 (a perceptron in Σw): PS stays stable below the capacity 1", () => {
    const r = exactPSInstabilityK2(createActivation("linear"), 0, { alphaMax: 0.95 });
    expect(Number.isNaN(r.alphaInstability)).toBe(true);
    expect(r.stability[0]).toBeGreaterThan(0);
  }, 60_000);
});
