import { gaussHermite, gaussLegendre, normalCdf, normalPdf } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import {
  createActivation,
  exactK3Problem,
  exactPSFreeEntropyK3,
  exactPSTermsK3,
  psStabilityK3,
  solveExactPSK3,
} from "../src/index.js";
import { overlapModes } from "../src/rs-overlap-modes.js";
import { finiteKFreeEntropy } from "../src/saddle-point-finite-k.js";

// The exact RS free entropy at K = 3 on the PS line and the PS instability
// (theory/replica-finite-k.md, "The PS instability at K = 3"). Independent checks: linear g against the
// Gaussian-equivalent free entropy (exact for linear g); ReLU's and softplus's energetic term and stability measure
// against a computation written here in the units' own coordinates (Gaussian conditioning of the third unit's field
// on the first two, truncated-normal moments, Gauss–Legendre panels split at relu's kinks, Gauss–Hermite in a),
// which uses neither the uniform/⊥ split nor the polar rule nor the tables.

/** Composite 8-point Gauss–Legendre nodes and weights × N(m, s²) density on m ± 9s, split at `breaks`. */
function normalPanels(m: number, s: number, breaks: readonly number[]) {
  const gl = gaussLegendre(8);
  const cuts = [
    m - 9 * s,
    ...breaks.filter((b) => b > m - 9 * s && b < m + 9 * s).sort((a, b) => a - b),
    m + 9 * s,
  ];
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const n = Math.max(1, Math.ceil((cuts[k + 1] - cuts[k]) / (0.25 * s)));
    const w = (cuts[k + 1] - cuts[k]) / n;
    for (let p = 0; p < n; p++)
      for (let i = 0; i < 8; i++) {
        const x = cuts[k] + p * w + (w / 2) * (1 + gl.nodes[i]);
        nodes.push(x);
        weights.push(((w / 2) * gl.weights[i] * normalPdf((x - m) / s)) / s);
      }
  }
  return { nodes, weights };
}

/**
 * ½ Σ_y E_a log Z_y(a) and Σ_y E_a γ_y(a)² in the units' coordinates: u ~ N(a/√3 · 1, e_B J/3 + e_A (I − J/3));
 * u₁, then u₂ given u₁, on Gauss–Legendre panels split where the integrand has kinks (`breaks1`, `breaks2(u₁)`);
 * given (u₁, u₂), u₃ is Gaussian and the set {y Σ_k (g(u_k) − m₀) ≥ 0} a half-line in it (g non-decreasing, g⁻¹
 * given), so its probability and the moments of |ζ_⊥|² = (|u|² − (Σu)²/3)/e_A are truncated-normal closed forms.
 */
function termsByUnits(
  g: (x: number) => number,
  ginv: (v: number) => number,
  inf: number,
  m0: number,
  oB: number,
  eA: number,
  eB: number,
  breaks1: number[],
  breaks2: (u1: number) => number[],
) {
  const v0 = eB / 3 + (2 * eA) / 3;
  const v1 = eB / 3 - eA / 3;
  const b21 = v1 / v0;
  const s21 = Math.sqrt(v0 - v1 * b21);
  const beta = v1 / (v0 + v1);
  const sig = Math.sqrt(v0 - (2 * v1 * v1) / (v0 + v1));
  const ga = gaussHermite(40);
  let energetic = 0;
  let gammaSquared = 0;
  for (const y of [1, -1]) {
    for (let ia = 0; ia < ga.nodes.length; ia++) {
      const mu = (Math.sqrt(oB) * ga.nodes[ia]) / Math.sqrt(3);
      let Z = 0;
      let W = 0;
      const r1 = normalPanels(mu, Math.sqrt(v0), breaks1);
      for (let i = 0; i < r1.nodes.length; i++) {
        const u1 = r1.nodes[i];
        const r2 = normalPanels(mu + b21 * (u1 - mu), s21, breaks2(u1));
        for (let j = 0; j < r2.nodes.length; j++) {
          const u2 = r2.nodes[j];
          const w = r1.weights[i] * r2.weights[j];
          const m = mu + beta * (u1 - mu + u2 - mu);
          const v = y * (3 * m0 - g(u1) - g(u2)); // y = +1: g(u₃) ≥ v; y = −1: g(u₃) ≤ −v
          let P: number;
          let E1: number;
          let E2: number;
          if (y === 1 && v <= inf) {
            P = 1;
            E1 = m;
            E2 = m * m + sig * sig;
          } else if (y === -1 && -v < inf) continue;
          else {
            const L = ginv(y * v);
            const al = (L - m) / sig;
            const ph = Number.isFinite(al) ? normalPdf(al) : 0;
            const alph = Number.isFinite(al) ? al * ph : 0;
            if (y === 1) {
              P = 1 - normalCdf(al);
              E1 = m * P + sig * ph;
              E2 = m * m * P + 2 * m * sig * ph + sig * sig * (P + alph);
            } else {
              P = normalCdf(al);
              E1 = m * P - sig * ph;
              E2 = m * m * P - 2 * m * sig * ph + sig * sig * (P - alph);
            }
          }
          const S12 = u1 + u2;
          const c0 = u1 * u1 + u2 * u2 - (S12 * S12) / 3;
          Z += w * P;
          W += (w * (c0 * P + (2 / 3) * E2 - (2 / 3) * S12 * E1)) / eA;
        }
      }
      energetic += 0.5 * ga.weights[ia] * Math.log(Z);
      const gamma = W / Z / 2 - 1;
      gammaSquared += ga.weights[ia] * gamma * gamma;
    }
  }
  return { energetic, gammaSquared };
}

const relu = createActivation("relu");
const softplus = createActivation("softplus");
describe("exact RS free entropy at K = 3 on the PS line", () => {
  it("linear g: equal to the Gaussian-equivalent free entropy (exact for linear g) to 1e-8, and PS never unstable", () => {
    const lin = createActivation("linear");
    const pr = exactK3Problem(lin, 0);
    for (const [alpha, p, c] of [
      [0.5, 0.3, -0.5],
      [0.8, 0.5, 0.2],
      [1.2, 0.1, -1.2],
    ]) {
      const f = exactPSFreeEntropyK3(pr, alpha, p, c);
      const ge = finiteKFreeEntropy(lin, 3, 0, alpha, p / 3, p, c);
      expect(Math.abs(f - ge), `alpha ${alpha}`).toBeLessThan(1e-8);
      expect(Math.abs(psStabilityK3(pr, alpha, p, c) - 1)).toBeLessThan(1e-8);
    }
  });

  it("ReLU and softplus: energetic term and Σ_y E γ_y² against the units' coordinates (5e-6 and 2e-4 relative)", () => {
    const cases = [
      {
        act: relu,
        ginv: (v: number) => v,
        inf: 0,
        // relu's kinks and the line where 3m₀ − relu(u₁) − relu(u₂) changes sign
        breaks1: [0, 3 * relu.m0],
        breaks2: (u1: number) => [0, 3 * relu.m0 - Math.max(u1, 0)],
        points: [
          [0.3276, -0.4909],
          [0.2, 0.3],
        ],
      },
      {
        act: softplus,
        ginv: (v: number) => Math.log(Math.expm1(v)),
        inf: 0,
        breaks1: [],
        breaks2: () => [],
        points: [[0.3952, -0.546]],
      },
    ];
    for (const { act, ginv, inf, breaks1, breaks2, points } of cases) {
      const pr = exactK3Problem(act, 0);
      for (const [p, c] of points) {
        const m = overlapModes(3, p / 3, p, c);
        const pkg = exactPSTermsK3(pr, m.oB, m.eA, m.eB);
        const ref = termsByUnits(act.g, ginv, inf, act.m0, m.oB, m.eA, m.eB, breaks1, breaks2);
        expect(Math.abs(pkg.energetic - ref.energetic), `${act.name} (${p}, ${c}) energetic`).toBeLessThan(
          5e-6,
        );
        expect(Math.abs(pkg.gammaSquared / ref.gammaSquared - 1), `${act.name} γ²`).toBeLessThan(2e-4);
      }
    }
  }, 60_000);

  it("ReLU: Newton finds the PS saddle point (residual ≤ 1e-7, n → 0 signature), stable at α = 0.6 and unstable at 0.9", () => {
    const pr = exactK3Problem(relu, 0);
    const lo = solveExactPSK3(pr, relu, 0.6);
    const hi = solveExactPSK3(pr, relu, 0.9);
    for (const ps of [lo, hi]) {
      expect(ps.converged).toBe(true);
      expect(ps.residual).toBeLessThanOrEqual(1e-7);
      expect(ps.q).toBeCloseTo(ps.p / 3, 15);
    }
    expect(psStabilityK3(pr, 0.6, lo.p, lo.c)).toBeGreaterThan(0.1);
    expect(psStabilityK3(pr, 0.9, hi.p, hi.c)).toBeLessThan(-0.1);
    // the replicon on the PS line (repliconPS): RS is lost with PS, through the ⊥⊥ modes, while the uniform mode stays
    // negative (its value is checked against a Monte Carlo in ps-bifurcation.test.ts)
    expect(lo.rsStable).toBe(true);
    expect(hi.rsStable).toBe(false);
    expect(hi.replicon).toBeCloseTo(-psStabilityK3(pr, 0.9, hi.p, hi.c), 12);
  }, 60_000);
});
