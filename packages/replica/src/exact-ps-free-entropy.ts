import { gaussLegendre } from "@meanfield/linalg";
import { acceptedLogWeights, panelRuleOf } from "./exact-free-entropy-k2.js";
import { overlapModes } from "./rs-overlap-modes.js";

/**
 * The exact RS free entropy of the committee on the permutation-symmetric (PS) line at K = 3 and K = 4, and the PS
 * solution's stability towards specialisation (theory/replica-finite-k.md, "The PS instability at K = 3"). On the
 * PS line the inter-replica overlap has no ⊥ part (o_A = 0), so the frozen field is a·U (U = 1/√K, a ~ N(0, o_B))
 * and the thermal part ξ_U U + √e_A ζ_⊥ with ζ_⊥ standard normal in the (K − 1)-dimensional space ⊥ U. For a
 * non-decreasing g the label-y acceptance set is a half-line in the uniform coordinate s at every ⊥ point d,
 * s ≥ s₊(d) or s ≤ s₋(d), so
 *
 *   Z₊(a) = E_{ζ_⊥} H((s₊(√e_A ζ_⊥) − a)/√e_B),   Z₋(a) = E_{ζ_⊥} Φ((s₋(√e_A ζ_⊥) − a)/√e_B),
 *
 * an integral over ζ_⊥ in polar coordinates (radius, direction), the directions restricted to one chamber of the
 * permutations of the units (`exactK3Problem`, `exactK4Problem` build the rules), s_y tabulated along each
 * direction's ray.
 */
export interface ExactPSProblem {
  /** Hidden units (3 or 4). */
  K: number;
  activation: string;
  kappa: number;
  /** Panels (6-point Gauss–Legendre each, on |x| ≤ 7) of the rule in a. */
  panels: number;
  /** Inner rule: radius of each node, log of its weight (the Gaussian density and the chamber count included). */
  r: Float64Array;
  logw: Float64Array;
  /** s₊ and s₋ along each direction's ray, on radii 0, h, 2h, … (row per direction). */
  sPlus: Float64Array[];
  sMinus: Float64Array[];
  /** Direction of each inner node (its row in the tables). */
  ray: Int32Array;
  /**
   * The units' cubic invariant P(v) = Σ_k (f_k·v)³ at each inner node's direction v (unit radius; f_k the projection
   * of unit k's axis on ⊥ U): the one cubic of ζ_⊥ that the permutations leave invariant (`psBifurcation`).
   */
  cubic: Float64Array;
  /** Step of the radial tables. */
  h: number;
}

/** Largest radius of the tables: √e_A times the rule's radius stays below it (e_A ≤ d_A ≤ K/(K − 1)). */
const TABLE_RADIUS = 12;

/** Radius of the inner rules (the Gaussian weight beyond it is below 1e-16). */
const RULE_RADIUS = 9;

/**
 * The radial rule of the inner integral: 6-point Gauss–Legendre panels of width `width` on [0, 9], weights × r^power
 * e^{−r²/2} (power = K − 2 for ζ_⊥ in K − 1 dimensions; the angular part and the normalisation are the caller's).
 */
function radialRule(width: number, power: number): { r: number[]; w: number[] } {
  const gl = gaussLegendre(6);
  const r: number[] = [];
  const w: number[] = [];
  for (let lo = 0; lo < RULE_RADIUS - 1e-12; lo += width)
    for (let i = 0; i < gl.nodes.length; i++) {
      const x = lo + (width / 2) * (1 + gl.nodes[i]);
      r.push(x);
      w.push((width / 2) * gl.weights[i] * x ** power * Math.exp(-0.5 * x * x));
    }
  return { r, w };
}

/**
 * Builds the rules and tables of one activation and margin from one chamber of the units' permutations: the inner
 * nodes are `dirs` (unit vectors in the ⊥ basis, with solid-angle weights `dirWeights`) × the radial rule of width
 * `radialWidth`, each weight × `chambers` × (2π)^{−(K−1)/2}; s₊ and s₋ are tabulated along each direction's ray on
 * radii 0, h, …, `TABLE_RADIUS` by `boundary(y, d)` at the ⊥ point d.
 */
export function chamberProblem(spec: {
  K: number;
  activation: string;
  kappa: number;
  refine: boolean;
  dirs: readonly (readonly number[])[];
  dirWeights: readonly number[];
  chambers: number;
  radialWidth: number;
  h: number;
  boundary: (y: 1 | -1, d: Float64Array) => number;
  /** The units' fields at the ⊥ point d and s = 0 (f_k·d), into `out` (length K). */
  units: (d: Float64Array, out: Float64Array) => void;
}): ExactPSProblem {
  const { K, dirs, dirWeights, h } = spec;
  const { r: rs, w: rW } = radialRule(spec.radialWidth, K - 2);
  const n = dirs.length * rs.length;
  const r = new Float64Array(n);
  const logw = new Float64Array(n);
  const ray = new Int32Array(n);
  const cubic = new Float64Array(n);
  const unit = new Float64Array(K);
  const dirCubic = dirs.map((dir) => {
    spec.units(Float64Array.from(dir), unit);
    let p3 = 0;
    for (const x of unit) p3 += x * x * x;
    return p3;
  });
  const norm = (2 * Math.PI) ** ((K - 1) / 2);
  let k = 0;
  for (let j = 0; j < dirs.length; j++)
    for (let i = 0; i < rs.length; i++, k++) {
      r[k] = rs[i];
      logw[k] = Math.log((spec.chambers * dirWeights[j] * rW[i]) / norm);
      ray[k] = j;
      cubic[k] = dirCubic[j];
    }
  const m = Math.round(TABLE_RADIUS / h) + 1;
  const d = new Float64Array(K - 1);
  const sPlus: Float64Array[] = [];
  const sMinus: Float64Array[] = [];
  for (const dir of dirs) {
    const sp = new Float64Array(m);
    const sm = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const rho = i * h;
      for (let c = 0; c < K - 1; c++) d[c] = rho * dir[c];
      sp[i] = spec.boundary(1, d);
      sm[i] = spec.boundary(-1, d);
    }
    sPlus.push(sp);
    sMinus.push(sm);
  }
  return {
    K,
    activation: spec.activation,
    kappa: spec.kappa,
    panels: spec.refine ? 24 : 12,
    r,
    logw,
    sPlus,
    sMinus,
    ray,
    cubic,
    h,
  };
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
function boundariesAt(pr: ExactPSProblem, seA: number, y: 0 | 1, out: Float64Array): void {
  const tables = y === 0 ? pr.sPlus : pr.sMinus;
  for (let k = 0; k < pr.r.length; k++) out[k] = along(tables[pr.ray[k]], pr.h, seA * pr.r[k]);
}

/**
 * On the PS line: G_E = ½ Σ_y E_a log Z_y(a) and Σ_y E_a[γ_y(a)²], where γ_y = E[|ζ_⊥|² | accepted]/(K − 1) − 1
 * (the ⊥ block of Cov(ζ | accepted) − I, a multiple of the identity by the permutation symmetry). −Infinity when a
 * label's set is empty. Also the two moments of the PS bifurcation's cubic coefficient (`psBifurcation`):
 * Σ_y E_a[γ_y³] and Σ_y E_a‖c_y‖², c_y = E[He₃(ζ_⊥) | accepted] the conditional third Hermite tensor, a multiple of
 * the invariant cubic P by the permutation symmetry, so ‖c_y‖² = E[P(ζ_⊥) | accepted]²·K/((K − 1)(K − 2)) (0 at
 * K = 2). And the replicon's uniform mode (`repliconPS`): Σ_y E_a[g_y²], g_y = Var(ζ_U | accepted) − 1.
 * `moments: false` computes the energetic term alone (the moments NaN), as the free entropy needs.
 */
export function exactPSTerms(
  pr: ExactPSProblem,
  oB: number,
  eA: number,
  eB: number,
  moments = true,
): {
  energetic: number;
  gammaSquared: number;
  gammaCubed: number;
  cubicSquared: number;
  uniformSquared: number;
} {
  const nan = Number.NaN;
  const noMoments = (energetic: number) => ({
    energetic,
    gammaSquared: nan,
    gammaCubed: nan,
    cubicSquared: nan,
    uniformSquared: nan,
  });
  if (!(eA > 0 && eB > 0 && oB >= 0)) return noMoments(nan);
  const ra = panelRuleOf(pr.panels);
  const sa = Math.sqrt(oB);
  const seA = Math.sqrt(eA);
  const seB = Math.sqrt(eB);
  const n = pr.r.length;
  const K = pr.K;
  const cubicNorm = K >= 3 ? K / ((K - 1) * (K - 2)) : 0;
  const sv = new Float64Array(n);
  const terms = new Float64Array(n);
  const ratio = new Float64Array(n);
  const second = new Float64Array(n);
  let energetic = 0;
  let uniformSquared = 0;
  let gammaSquared = 0;
  let gammaCubed = 0;
  let cubicSquared = 0;
  for (let y = 0; y < 2; y++) {
    boundariesAt(pr, seA, y as 0 | 1, sv);
    for (let i = 0; i < ra.nodes.length; i++) {
      const a = sa * ra.nodes[i];
      const mx = moments
        ? acceptedLogWeights(sv, n, a, seB, y === 0, pr.logw, terms, ratio, second)
        : acceptedLogWeights(sv, n, a, seB, y === 0, pr.logw, terms);
      if (mx === Number.NEGATIVE_INFINITY) return noMoments(Number.NEGATIVE_INFINITY);
      let z = 0;
      if (!moments) {
        for (let k = 0; k < n; k++) z += Math.exp(terms[k] - mx);
        energetic += 0.5 * ra.weights[i] * (mx + Math.log(z));
        continue;
      }
      let z2 = 0;
      let z3 = 0;
      let eu = 0;
      let euu = 0;
      for (let k = 0; k < n; k++) {
        const w = Math.exp(terms[k] - mx);
        const r = pr.r[k];
        z += w;
        z2 += w * r * r;
        z3 += w * r * r * r * pr.cubic[k];
        eu += w * ratio[k];
        euu += w * second[k];
      }
      const gU = euu / z - (eu / z) ** 2 - 1;
      uniformSquared += ra.weights[i] * gU * gU;
      energetic += 0.5 * ra.weights[i] * (mx + Math.log(z));
      const gamma = z2 / z / (K - 1) - 1;
      const p3 = z3 / z;
      gammaSquared += ra.weights[i] * gamma * gamma;
      gammaCubed += ra.weights[i] * gamma * gamma * gamma;
      cubicSquared += ra.weights[i] * p3 * p3 * cubicNorm;
    }
  }
  return moments
    ? { energetic, gammaSquared, gammaCubed, cubicSquared, uniformSquared }
    : noMoments(energetic);
}

/** The exact RS free entropy per weight on the PS line (q = p/K, o_A = 0), parameters (p, c). */
export function exactPSFreeEntropy(pr: ExactPSProblem, alpha: number, p: number, c: number): number {
  const m = overlapModes(pr.K, p / pr.K, p, c);
  if (Number.isNaN(m.entropic) || m.oB < -1e-15) return Number.NaN;
  return m.entropic + alpha * exactPSTerms(pr, Math.max(0, m.oB), m.eA, m.eB, false).energetic;
}

/**
 * The PS solution's stability towards o_A > 0: ∂²f/∂o_A² = (K − 1)(1 − (αK/2) Σ_y E_a[γ_y²])/(2K d_A²), and every
 * other direction of the ⊥ block of Q^{ab} has the same curvature (theory page). Returns 1 − (αK/2) Σ_y E_a[γ_y²]:
 * positive where PS is stable.
 */
export function psStability(pr: ExactPSProblem, alpha: number, p: number, c: number): number {
  const m = overlapModes(pr.K, p / pr.K, p, c);
  return 1 - ((alpha * pr.K) / 2) * exactPSTerms(pr, Math.max(0, m.oB), m.dA, m.eB).gammaSquared;
}
