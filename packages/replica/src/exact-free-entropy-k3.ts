import { gaussLegendre } from "@meanfield/linalg";
import type { Activation } from "./activations.js";
import { halfLineBoundary } from "./exact-free-entropy-k2.js";
import {
  chamberProblem,
  type ExactPSProblem,
  exactPSFreeEntropy,
  exactPSTerms,
  psStability,
} from "./exact-ps-free-entropy.js";
import { assertHalfLineSets } from "./half-line-sets.js";

/**
 * The rules of the exact RS free entropy at K = 3 on the permutation-symmetric (PS) line (computed by
 * `exactPSTerms`), and the PS solution's stability towards specialisation (theory/replica-finite-k.md, "The PS
 * instability at K = 3"). On the PS line the
 * inter-replica overlap has no ⊥ part (o_A = 0), so the frozen field is a·U (U = (1, 1, 1)/√3, a ~ N(0, o_B)) and
 * the thermal part ξ_U U + √e_A ζ_⊥ with ζ_⊥ standard normal in the plane ⊥ U. For a non-decreasing g (or one passing
 * `halfLineSets`) the label-y
 * acceptance set is a half-line in the uniform coordinate s at every ⊥ point d, s ≥ s₊(d) or s ≤ s₋(d), so
 *
 *   Z₊(a) = E_{ζ_⊥} H((s₊(√e_A ζ_⊥) − a)/√e_B),   Z₋(a) = E_{ζ_⊥} Φ((s₋(√e_A ζ_⊥) − a)/√e_B),
 *
 * a two-dimensional integral, done in polar coordinates over one sixth of the plane: s_y is invariant under the
 * six permutations of the units, which act on the plane as the symmetries of a triangle, so the wedge between two
 * mirror lines (θ ∈ [π/6, π/2] with the ⊥ basis (1, −1, 0)/√2, (1, 1, −2)/√6) carries the whole integral.
 * Composite Gauss–Legendre in r (panels of width 0.25 on [0, 9]: s_y has kinks along each ray, and panels of width
 * 1 left errors of 8e-5 in log Z) and θ (4 panels), with the weight r e^{−r²/2}/(2π) × 6; s_y tabulated once along
 * each angular node's ray (bisection, steps of 0.004 in the radius, linear between).
 */
export type ExactK3Problem = ExactPSProblem;

const SQRT3 = Math.sqrt(3);

/** The units' fields u = s·U + d₁e₁ + d₂e₂. */
function fields(s: number, d1: number, d2: number, out: Float64Array): void {
  const su = s / SQRT3;
  out[0] = su + d1 / Math.SQRT2 + d2 / Math.sqrt(6);
  out[1] = su - d1 / Math.SQRT2 + d2 / Math.sqrt(6);
  out[2] = su - (2 * d2) / Math.sqrt(6);
}

/** Boundary in s of {y Σ_k (g(u_k) − m₀) ≥ κ√3} at the ⊥ point (d₁, d₂) (a half-line: `halfLineSets`). */
function boundary(
  act: Activation,
  kappa: number,
  y: 1 | -1,
  d1: number,
  d2: number,
  u: Float64Array,
): number {
  return halfLineBoundary((s) => {
    fields(s, d1, d2, u);
    return y * (act.g(u[0]) + act.g(u[1]) + act.g(u[2]) - 3 * act.m0) - kappa * SQRT3;
  }, y);
}

/**
 * The rules and tables of one activation and margin (sets that are half-lines, `halfLineSets`: else an error naming
 * `activation`). `refine` doubles every rule and halves the table step: the difference of a result between the two
 * is its discretisation-error estimate.
 */
export function exactK3Problem(
  act: Activation,
  kappa: number,
  options: { refine?: boolean; radialWidth?: number; angularPanels?: number; h?: number } = {},
): ExactK3Problem {
  const refine = options.refine === true;
  assertHalfLineSets(act, 3, kappa);
  const gl = gaussLegendre(6);
  const radialWidth = options.radialWidth ?? (refine ? 0.125 : 0.25);
  const angularPanels = options.angularPanels ?? (refine ? 8 : 4);
  const thetas: number[] = [];
  const thetaW: number[] = [];
  const t0 = Math.PI / 6;
  const tw = Math.PI / 3 / angularPanels;
  for (let p = 0; p < angularPanels; p++)
    for (let i = 0; i < gl.nodes.length; i++) {
      thetas.push(t0 + p * tw + (tw / 2) * (1 + gl.nodes[i]));
      thetaW.push((tw / 2) * gl.weights[i]);
    }
  const u = new Float64Array(3);
  return chamberProblem({
    K: 3,
    activation: act.name,
    kappa,
    refine,
    dirs: thetas.map((th) => [Math.cos(th), Math.sin(th)]),
    dirWeights: thetaW,
    chambers: 6,
    radialWidth,
    h: options.h ?? (refine ? 0.002 : 0.004),
    boundary: (y, d) => boundary(act, kappa, y, d[0], d[1], u),
    units: (d, out) => fields(0, d[0], d[1], out),
  });
}

/** `exactPSTerms` at K = 3: γ_y = E[|ζ_⊥|² | accepted]/2 − 1. */
export function exactPSTermsK3(
  pr: ExactK3Problem,
  oB: number,
  eA: number,
  eB: number,
): ReturnType<typeof exactPSTerms> {
  return exactPSTerms(pr, oB, eA, eB);
}

/** The exact RS free entropy per weight at K = 3 on the PS line (q = p/3, o_A = 0), parameters (p, c). */
export function exactPSFreeEntropyK3(pr: ExactK3Problem, alpha: number, p: number, c: number): number {
  return exactPSFreeEntropy(pr, alpha, p, c);
}

/** The PS solution's stability at K = 3: 1 − (3α/2) Σ_y E_a[γ_y²], positive where PS is stable (`psStability`). */
export function psStabilityK3(pr: ExactK3Problem, alpha: number, p: number, c: number): number {
  return psStability(pr, alpha, p, c);
}
