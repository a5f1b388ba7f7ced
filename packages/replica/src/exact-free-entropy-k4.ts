import { gaussLegendre } from "@meanfield/linalg";
import type { Activation } from "./activations.js";
import { halfLineBoundary } from "./exact-free-entropy-k2.js";
import { chamberProblem, type ExactPSProblem } from "./exact-ps-free-entropy.js";
import { assertHalfLineSets } from "./half-line-sets.js";

/**
 * The rules of the exact RS free entropy at K = 4 on the permutation-symmetric (PS) line (computed by
 * `exactPSTerms`; theory/replica-finite-k.md, "The PS instability at K = 4"). ζ_⊥ is standard normal in the
 * three-dimensional space ⊥ U (U = (1, 1, 1, 1)/2; basis (1, −1, 0, 0)/√2, (1, 1, −2, 0)/√6, (1, 1, 1, −3)/√12).
 * s_y is invariant under the 24 permutations of the units, which act there as the symmetries of a tetrahedron, so
 * one chamber, u₁ ≥ u₂ ≥ u₃ ≥ u₄ (the cone over ω₁ = (3, −1, −1, −1)/√12, ω₂ = (1, 1, −1, −1)/2,
 * ω₃ = (1, 1, 1, −3)/√12), carries the whole integral, × 24. Directions: v = ω₃ + λ₁(ω₁ − ω₃) + λ₂(ω₂ − ω₃) on the
 * triangle λ ≥ 0, λ₁ + λ₂ ≤ 1, with solid angle |det(ω₁, ω₂, ω₃)|/|v|³ dλ₁dλ₂, the triangle mapped from the square
 * (λ₁ = u, λ₂ = (1 − u)t, Jacobian 1 − u) with 6-point Gauss–Legendre panels in u and t. Radius: the K = 3 radial
 * rule (panels of width 0.25 on [0, 9]) with the weight r² e^{−r²/2}/(2π)^{3/2}; s_y tabulated once along each
 * direction's ray (bisection, steps of 0.004 in the radius, linear between).
 */
export type ExactK4Problem = ExactPSProblem;

/** ω₁, ω₂, ω₃ in the ⊥ basis (e₁, e₂, e₃). */
const OMEGA = (() => {
  const e = [
    [1 / Math.SQRT2, -1 / Math.SQRT2, 0, 0],
    [1 / Math.sqrt(6), 1 / Math.sqrt(6), -2 / Math.sqrt(6), 0],
    [1 / Math.sqrt(12), 1 / Math.sqrt(12), 1 / Math.sqrt(12), -3 / Math.sqrt(12)],
  ];
  const w = [
    [3, -1, -1, -1].map((x) => x / Math.sqrt(12)),
    [1, 1, -1, -1].map((x) => x / 2),
    [1, 1, 1, -3].map((x) => x / Math.sqrt(12)),
  ];
  return w.map((v) => e.map((b) => b[0] * v[0] + b[1] * v[1] + b[2] * v[2] + b[3] * v[3]));
})();

/** The units' fields u = s·U + d₁e₁ + d₂e₂ + d₃e₃. */
function fields(s: number, d1: number, d2: number, d3: number, out: Float64Array): void {
  const su = s / 2;
  const a = d1 / Math.SQRT2;
  const b = d2 / Math.sqrt(6);
  const c = d3 / Math.sqrt(12);
  out[0] = su + a + b + c;
  out[1] = su - a + b + c;
  out[2] = su - 2 * b + c;
  out[3] = su - 3 * c;
}

/** The directions of one chamber and their solid-angle weights (they sum to 4π/24). */
export function chamberDirectionsK4(panels: number): { dirs: number[][]; weights: number[] } {
  const gl = gaussLegendre(6);
  const [w1, w2, w3] = OMEGA;
  const det =
    w1[0] * (w2[1] * w3[2] - w2[2] * w3[1]) -
    w1[1] * (w2[0] * w3[2] - w2[2] * w3[0]) +
    w1[2] * (w2[0] * w3[1] - w2[1] * w3[0]);
  const dirs: number[][] = [];
  const weights: number[] = [];
  const width = 1 / panels;
  for (let pu = 0; pu < panels; pu++)
    for (let i = 0; i < gl.nodes.length; i++) {
      const u = (pu + 0.5 * (1 + gl.nodes[i])) * width;
      const wu = 0.5 * width * gl.weights[i];
      for (let pt = 0; pt < panels; pt++)
        for (let j = 0; j < gl.nodes.length; j++) {
          const t = (pt + 0.5 * (1 + gl.nodes[j])) * width;
          const wt = 0.5 * width * gl.weights[j];
          const l1 = u;
          const l2 = (1 - u) * t;
          const v = [0, 1, 2].map((k) => w3[k] + l1 * (w1[k] - w3[k]) + l2 * (w2[k] - w3[k]));
          const norm = Math.hypot(v[0], v[1], v[2]);
          dirs.push(v.map((x) => x / norm));
          weights.push((wu * wt * (1 - u) * Math.abs(det)) / norm ** 3);
        }
    }
  return { dirs, weights };
}

/**
 * The rules and tables of one activation and margin at K = 4 (sets that are half-lines, `halfLineSets`: else an error
 * naming `activation`). `refine` doubles the angular panels and halves the radial panels and the table step: the
 * difference of a result between the two is its discretisation-error estimate.
 */
export function exactK4Problem(
  act: Activation,
  kappa: number,
  options: { refine?: boolean; radialWidth?: number; angularPanels?: number; h?: number } = {},
): ExactK4Problem {
  const refine = options.refine === true;
  assertHalfLineSets(act, 4, kappa);
  const radialWidth = options.radialWidth ?? (refine ? 0.125 : 0.25);
  const { dirs, weights: dirW } = chamberDirectionsK4(options.angularPanels ?? (refine ? 4 : 2));
  const u = new Float64Array(4);
  return chamberProblem({
    K: 4,
    activation: act.name,
    kappa,
    refine,
    dirs,
    dirWeights: dirW,
    chambers: 24,
    radialWidth,
    h: options.h ?? (refine ? 0.002 : 0.004),
    boundary: (y, d) =>
      halfLineBoundary((s) => {
        fields(s, d[0], d[1], d[2], u);
        return y * (act.g(u[0]) + act.g(u[1]) + act.g(u[2]) + act.g(u[3]) - 4 * act.m0) - 2 * kappa;
      }, y),
    units: (d, out) => fields(0, d[0], d[1], d[2], out),
  });
}
