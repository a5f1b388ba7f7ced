import { gaussLegendre } from "@meanfield/linalg";
import type { Activation } from "./activations.js";
import {
  acceptedLogWeights,
  assertNonDecreasing,
  halfLineBoundary,
  panelRuleOf,
} from "./exact-free-entropy-k2.js";
import { overlapModes } from "./rs-overlap-modes.js";

/**
 * The exact RS free entropy of the committee at K = 3 on the permutation-symmetric (PS) line, and the PS solution's
 * stability towards specialisation (theory/replica-finite-k.md, "The PS instability at K = 3"). On the PS line the
 * inter-replica overlap has no ⊥ part (o_A = 0), so the frozen field is a·U (U = (1, 1, 1)/√3, a ~ N(0, o_B)) and
 * the thermal part ξ_U U + √e_A ζ_⊥ with ζ_⊥ standard normal in the plane ⊥ U. For a non-decreasing g the label-y
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
export interface ExactK3Problem {
  activation: string;
  kappa: number;
  /** Panels (6-point Gauss–Legendre each, on |x| ≤ 7) of the rule in a. */
  panels: number;
  /** Inner rule: radius and angle of each node, log of its weight (the Gaussian density included). */
  r: Float64Array;
  logw: Float64Array;
  /** s₊ and s₋ along each angular node's ray, on radii 0, h, 2h, … (row per angular node). */
  sPlus: Float64Array[];
  sMinus: Float64Array[];
  /** Angular node of each inner node (its row in the tables). */
  ray: Int32Array;
  /** Step of the radial tables. */
  h: number;
}

const R = 9;
const RHO_MAX = 12;
const SQRT3 = Math.sqrt(3);

/** The units' fields u = s·U + d₁e₁ + d₂e₂. */
function fields(s: number, d1: number, d2: number, out: Float64Array): void {
  const su = s / SQRT3;
  out[0] = su + d1 / Math.SQRT2 + d2 / Math.sqrt(6);
  out[1] = su - d1 / Math.SQRT2 + d2 / Math.sqrt(6);
  out[2] = su - (2 * d2) / Math.sqrt(6);
}

/** Boundary in s of {y Σ_k (g(u_k) − m₀) ≥ κ√3} at the ⊥ point (d₁, d₂), non-decreasing g. */
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
 * The rules and tables of one activation and margin (non-decreasing g: checked on a grid, else an error naming
 * `activation`). `refine` doubles every rule and halves the table step: the difference of a result between the two
 * is its discretisation-error estimate.
 */
export function exactK3Problem(
  act: Activation,
  kappa: number,
  options: { refine?: boolean; radialWidth?: number; angularPanels?: number; h?: number } = {},
): ExactK3Problem {
  const refine = options.refine === true;
  assertNonDecreasing(act, 3);
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
  const rs: number[] = [];
  const rW: number[] = [];
  for (let lo = 0; lo < R - 1e-12; lo += radialWidth)
    for (let i = 0; i < gl.nodes.length; i++) {
      const x = lo + (radialWidth / 2) * (1 + gl.nodes[i]);
      rs.push(x);
      rW.push((radialWidth / 2) * gl.weights[i] * x * Math.exp(-0.5 * x * x));
    }
  const n = thetas.length * rs.length;
  const r = new Float64Array(n);
  const logw = new Float64Array(n);
  const ray = new Int32Array(n);
  let k = 0;
  for (let j = 0; j < thetas.length; j++)
    for (let i = 0; i < rs.length; i++, k++) {
      r[k] = rs[i];
      logw[k] = Math.log((6 * thetaW[j] * rW[i]) / (2 * Math.PI));
      ray[k] = j;
    }
  const h = options.h ?? (refine ? 0.002 : 0.004);
  const m = Math.round(RHO_MAX / h) + 1;
  const u = new Float64Array(3);
  const sPlus: Float64Array[] = [];
  const sMinus: Float64Array[] = [];
  for (const th of thetas) {
    const sp = new Float64Array(m);
    const sm = new Float64Array(m);
    const c = Math.cos(th);
    const s = Math.sin(th);
    for (let i = 0; i < m; i++) {
      const rho = i * h;
      sp[i] = boundary(act, kappa, 1, rho * c, rho * s, u);
      sm[i] = boundary(act, kappa, -1, rho * c, rho * s, u);
    }
    sPlus.push(sp);
    sMinus.push(sm);
  }
  return { activation: act.name, kappa, panels: refine ? 24 : 12, r, logw, sPlus, sMinus, ray, h };
}

/** s_y at radius rho along one ray: linear between table nodes (an infinite neighbour: the nearer value). */
function along(table: Float64Array, h: number, rho: number): number {
  const x = rho / h;
  let i = Math.floor(x);
  if (i > table.length - 2) i = table.length - 2;
  const a = table[i];
  const b = table[i + 1];
  if (!Number.isFinite(a) || !Number.isFinite(b)) return x - i < 0.5 ? a : b;
  return a + (b - a) * (x - i);
}

/** The boundaries s_y(√e_A ζ_k) at every inner node. */
function boundariesAt(pr: ExactK3Problem, seA: number, y: 0 | 1, out: Float64Array): void {
  const tables = y === 0 ? pr.sPlus : pr.sMinus;
  for (let k = 0; k < pr.r.length; k++) out[k] = along(tables[pr.ray[k]], pr.h, seA * pr.r[k]);
}

/**
 * On the PS line: G_E = ½ Σ_y E_a log Z_y(a) and, with `stability`, Σ_y E_a[γ_y(a)²], where
 * γ_y = E[|ζ_⊥|² | accepted]/2 − 1 (the ⊥ block of Cov(ζ | accepted) − I, a multiple of the identity by the
 * permutation symmetry). −Infinity when a label's set is empty.
 */
export function exactPSTermsK3(
  pr: ExactK3Problem,
  oB: number,
  eA: number,
  eB: number,
): { energetic: number; gammaSquared: number } {
  if (!(eA > 0 && eB > 0 && oB >= 0)) return { energetic: Number.NaN, gammaSquared: Number.NaN };
  const ra = panelRuleOf(pr.panels);
  const sa = Math.sqrt(oB);
  const seA = Math.sqrt(eA);
  const seB = Math.sqrt(eB);
  const n = pr.r.length;
  const sv = new Float64Array(n);
  const terms = new Float64Array(n);
  let energetic = 0;
  let gammaSquared = 0;
  for (let y = 0; y < 2; y++) {
    boundariesAt(pr, seA, y as 0 | 1, sv);
    for (let i = 0; i < ra.nodes.length; i++) {
      const a = sa * ra.nodes[i];
      const mx = acceptedLogWeights(sv, n, a, seB, y === 0, pr.logw, terms);
      if (mx === Number.NEGATIVE_INFINITY)
        return { energetic: Number.NEGATIVE_INFINITY, gammaSquared: Number.NaN };
      let z = 0;
      let z2 = 0;
      for (let k = 0; k < n; k++) {
        const w = Math.exp(terms[k] - mx);
        z += w;
        z2 += w * pr.r[k] * pr.r[k];
      }
      energetic += 0.5 * ra.weights[i] * (mx + Math.log(z));
      const gamma = z2 / z / 2 - 1;
      gammaSquared += ra.weights[i] * gamma * gamma;
    }
  }
  return { energetic, gammaSquared };
}

/** The exact RS free entropy per weight at K = 3 on the PS line (q = p/3, o_A = 0), parameters (p, c). */
export function exactPSFreeEntropyK3(pr: ExactK3Problem, alpha: number, p: number, c: number): number {
  const m = overlapModes(3, p / 3, p, c);
  if (Number.isNaN(m.entropic) || m.oB < -1e-15) return Number.NaN;
  return m.entropic + alpha * exactPSTermsK3(pr, Math.max(0, m.oB), m.eA, m.eB).energetic;
}

/**
 * The PS solution's stability towards o_A > 0 at K = 3: ∂²f/∂o_A² = (1 − (3α/2) Σ_y E_a[γ_y²])/(3 d_A²), and every
 * other direction of the ⊥ block of Q^{ab} has the same curvature (theory page). Returns 1 − (3α/2) Σ_y E_a[γ_y²]:
 * positive where PS is stable.
 */
export function psStabilityK3(pr: ExactK3Problem, alpha: number, p: number, c: number): number {
  const m = overlapModes(3, p / 3, p, c);
  return 1 - 1.5 * alpha * exactPSTermsK3(pr, Math.max(0, m.oB), m.dA, m.eB).gammaSquared;
}
