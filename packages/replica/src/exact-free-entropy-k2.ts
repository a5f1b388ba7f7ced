import { gaussLegendre, logH, normalLogCdf } from "@meanfield/linalg";
import type { Activation } from "./activations.js";
import { type PairSumSets, pairSumEnds, pairSumSets } from "./pair-sum-sets.js";
import { overlapModes } from "./rs-overlap-modes.js";

/**
 * The exact replica-symmetric free entropy of the committee at K = 2 for q < 1
 * (theory/replica-finite-k.md, "The exact free entropy at K = 2"). With the RS overlaps of `finiteKFreeEntropy` (Q^{aa}_{12} = c/2,
 * Q^{ab}_{kk} = q, Q^{ab}_{12} = p/2) the frozen field is t = a·U + b·⊥ (U = (1, 1)/√2, ⊥ = (1, −1)/√2) with
 * a ~ N(0, o_B), b ~ N(0, o_A), and the thermal part z = ξ_U U + ξ_⊥ ⊥ with variances e_B, e_A (the eigenvalues of
 * Q^{ab} and Q^{aa} − Q^{ab}). Writing s = a + ξ_U, d = b + ξ_⊥, the units' fields are (s ± d)/√2, and for a
 * non-decreasing g the label-y acceptance set is a half-line in s at every d: s ≥ s₊(d) for y = +1,
 * s ≤ s₋(d) for y = −1 (Σ_k y(g(u_k) − m₀) ≥ κ√2). So
 *
 *   Z₊(a, b) = E_{ξ_⊥} H((s₊(b + √e_A ξ_⊥) − a)/√e_B),   Z₋(a, b) = E_{ξ_⊥} Φ((s₋(b + √e_A ξ_⊥) − a)/√e_B),
 *
 * and G_E = ½ Σ_y E_{a,b} log Z_y: composite Gauss–Legendre rules over a and b (with the Gaussian weight), and
 * over ξ_⊥ panels split at the kinks of s_y (ReLU's units switching on, sign's ties), with the inner sum in log
 * space; s_y(d) is tabulated once per activation (bisection on a grid of d in steps of 0.01, linear between nodes).
 */
export interface ExactK2Problem {
  activation: string;
  kappa: number;
  /** Panels (6-point Gauss–Legendre each, on |x| ≤ 7) of the rules in a and b, the modes of the frozen field. */
  panels: number;
  /** Width of the inner panels in ξ_⊥ (6-point Gauss–Legendre each, split at kinks, on |ξ| ≤ 9). */
  innerPanel: number;
  /** s₊(d), s₋(d) on the grid d = −D … D; ±Infinity where every or no s is accepted. */
  sPlus: Float64Array;
  sMinus: Float64Array;
  /** Values of d where s₊ or s₋ has a kink or a jump (the inner rule splits there). */
  kinks: number[];
  /**
   * Set for a g that is not non-decreasing (theory/replica-finite-k.md, "Non-monotone activations at K = 2"): the
   * sets are intervals or their complements in s, their ends computed where needed (sPlus, sMinus are then empty)
   * and `kinks` holds the folds, where an interval closes (the inner rule is graded towards them).
   */
  pairSums?: PairSumSets;
  /** g is even (g(−x) = g(x)): the PS solution may sit at q = p = 0 (`solveExactPSK2`). */
  even: boolean;
}

const D = 40;
const GRID = 8001;
const S = 60;

/**
 * The boundary of the half-line {s : F(s) ≥ 0} on [−60, 60] by bisection: F increasing (y = +1, accepted above the
 * root) or decreasing (y = −1, accepted below); ±Infinity where every or no s is accepted.
 */
export function halfLineBoundary(F: (s: number) => number, y: 1 | -1): number {
  const lo = -S;
  const hi = S;
  const inLo = F(lo) >= 0;
  const inHi = F(hi) >= 0;
  if (inLo && inHi) return y === 1 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (!inLo && !inHi) return y === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  let out = y === 1 ? lo : hi;
  let inside = y === 1 ? hi : lo;
  for (let i = 0; i < 200 && Math.abs(inside - out) > 1e-13 * (1 + Math.abs(inside)); i++) {
    const m = 0.5 * (out + inside);
    if (F(m) >= 0) inside = m;
    else out = m;
  }
  return 0.5 * (out + inside);
}

/** Boundary in s of {y·(g((s+d)/√2) + g((s−d)/√2) − 2m₀) ≥ κ√2}, non-decreasing g. */
function boundary(g: (u: number) => number, m0: number, kappa: number, y: 1 | -1, d: number): number {
  return halfLineBoundary(
    (s) => y * (g((s + d) / Math.SQRT2) + g((s - d) / Math.SQRT2) - 2 * m0) - kappa * Math.SQRT2,
    y,
  );
}

/** Whether g(−x) = g(x) on a grid of [0, 20] (steps of 0.02, relative tolerance 1e-12). */
function isEven(act: Activation): boolean {
  for (let i = 1; i <= 1000; i++) {
    const x = i * 0.02;
    const a = act.g(x);
    if (Math.abs(a - act.g(-x)) > 1e-12 * (1 + Math.abs(a))) return false;
  }
  return true;
}

/** Whether g is non-decreasing on a grid of [−20, 20] (steps of 0.02, relative tolerance 1e-12). */
export function isNonDecreasing(act: Activation): boolean {
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i <= 2000; i++) {
    const v = act.g(-20 + i * 0.02);
    if (v < prev - 1e-12 * (1 + Math.abs(prev))) return false;
    prev = v;
  }
  return true;
}

/**
 * The tables of one activation and margin. `refine` doubles every rule (12 → 24 panels in a and b, inner panels
 * 1 → 0.5): the difference of a result between the two is its discretisation-error estimate.
 */
export function exactK2Problem(
  act: Activation,
  kappa: number,
  options: { refine?: boolean } = {},
): ExactK2Problem {
  const refine = options.refine === true;
  if (!isNonDecreasing(act)) {
    const pairSums = pairSumSets(act, kappa);
    return {
      activation: act.name,
      kappa,
      panels: refine ? 24 : 12,
      innerPanel: refine ? 0.5 : 1,
      sPlus: new Float64Array(0),
      sMinus: new Float64Array(0),
      kinks: pairSums.folds,
      pairSums,
      even: isEven(act),
    };
  }
  const sPlus = new Float64Array(GRID);
  const sMinus = new Float64Array(GRID);
  for (let i = 0; i < GRID; i++) {
    const d = -D + (2 * D * i) / (GRID - 1);
    sPlus[i] = boundary(act.g, act.m0, kappa, 1, d);
    sMinus[i] = boundary(act.g, act.m0, kappa, -1, d);
  }
  return {
    activation: act.name,
    kappa,
    panels: refine ? 24 : 12,
    innerPanel: refine ? 0.5 : 1,
    sPlus,
    sMinus,
    kinks: kinksOf(sPlus).concat(kinksOf(sMinus)),
    even: false,
  };
}

/** Grid points where the second difference of the table stands out (a kink) or a value is infinite next to a finite one. */
function kinksOf(t: Float64Array): number[] {
  const out: number[] = [];
  const h = (2 * D) / (GRID - 1);
  const d2 = (i: number) => Math.abs(t[i + 1] - 2 * t[i] + t[i - 1]);
  for (let i = 2; i < GRID - 2; i++) {
    const fin = Number.isFinite(t[i - 1]) && Number.isFinite(t[i]) && Number.isFinite(t[i + 1]);
    if (!fin) {
      if (Number.isFinite(t[i]) !== Number.isFinite(t[i + 1])) out.push(-D + (i + 0.5) * h);
      continue;
    }
    const v = d2(i);
    const near = Math.max(
      Number.isFinite(t[i - 2]) ? d2(i - 1) : 0,
      Number.isFinite(t[i + 2]) ? d2(i + 1) : 0,
    );
    // a kink spreads over two cells of the linear interpolation
    if (v > 1e-6 && v >= near && v > 20 * Math.min(d2(Math.max(2, i - 3)), d2(Math.min(GRID - 3, i + 3))))
      out.push(-D + i * h);
  }
  return out;
}

/** Gauss–Legendre order of the inner panels; the inner range is |ξ| ≤ XI. */
const PANEL_ORDER = 6;
const XI = 9;

/**
 * The inner rule in ξ for one b: fixed panels of width 1 on |ξ| ≤ 9, a panel holding a kink of s_y split there
 * (so that the rule moves continuously with b and e_A: a kink on a panel edge splits nothing), nodes and
 * log(weight × φ(ξ)).
 */
export function innerRule(
  kinks: readonly number[],
  b: number,
  seA: number,
  width: number,
  graded = false,
): { nodes: number[]; logw: number[] } {
  const gl = gaussLegendre(PANEL_ORDER);
  const nodes: number[] = [];
  const logw: number[] = [];
  const push = (x: number, w: number) => {
    nodes.push(x);
    logw.push(Math.log(w) - 0.5 * x * x - 0.5 * Math.log(2 * Math.PI));
  };
  const plain = (lo: number, hi: number) => {
    const hw = (hi - lo) / 2;
    if (!(hw > 0)) return;
    for (let i = 0; i < gl.nodes.length; i++) push(lo + hw * (1 + gl.nodes[i]), hw * gl.weights[i]);
  };
  // towards a fold the integrand moves like the square root of the distance: x = end ∓ (hi − lo)u² makes it smooth
  const towards = (end: number, other: number) => {
    const L = other - end;
    if (!(Math.abs(L) > 0)) return;
    for (let i = 0; i < gl.nodes.length; i++) {
      const u = 0.5 * (1 + gl.nodes[i]);
      push(end + L * u * u, Math.abs(L) * u * gl.weights[i]);
    }
  };
  const add = (lo: number, hi: number, foldLo: boolean, foldHi: boolean) => {
    if (!(hi > lo)) return;
    if (!graded || (!foldLo && !foldHi)) plain(lo, hi);
    else if (foldLo && foldHi) {
      const mid = 0.5 * (lo + hi);
      towards(lo, mid);
      towards(hi, mid);
    } else if (foldLo) towards(lo, hi);
    else towards(hi, lo);
  };
  const xs = kinks.map((k) => (k - b) / seA).sort((u, v) => u - v);
  for (let lo = -XI; lo < XI; lo += width) {
    const hi = lo + width;
    let from = lo;
    let fromKink = false;
    for (const x of xs)
      if (x > from && x < hi) {
        add(from, x, fromKink, true);
        from = x;
        fromKink = true;
      }
    add(from, hi, fromKink, false);
  }
  return { nodes, logw };
}

/**
 * The ends of both labels' sets at the inner nodes d_k = b + √e_A ξ_k: hi[y][k] (the tabulated boundary s_y for a
 * non-decreasing g) and, for a non-monotone g, lo[y][k] (null otherwise).
 */
export function setEnds(
  pr: ExactK2Problem,
  b: number,
  seA: number,
  nodes: readonly number[],
): { hi: [Float64Array, Float64Array]; lo: [Float64Array, Float64Array] | null } {
  const m = nodes.length;
  const hi: [Float64Array, Float64Array] = [new Float64Array(m), new Float64Array(m)];
  if (pr.pairSums === undefined) {
    for (let k = 0; k < m; k++) {
      hi[0][k] = interp(pr.sPlus, b + seA * nodes[k]);
      hi[1][k] = interp(pr.sMinus, b + seA * nodes[k]);
    }
    return { hi, lo: null };
  }
  const lo: [Float64Array, Float64Array] = [new Float64Array(m), new Float64Array(m)];
  const ends = new Float64Array(4);
  for (let k = 0; k < m; k++) {
    pairSumEnds(pr.pairSums, b + seA * nodes[k], ends);
    lo[0][k] = ends[0];
    hi[0][k] = ends[1];
    lo[1][k] = ends[2];
    hi[1][k] = ends[3];
  }
  return { hi, lo };
}

/** s(d) by linear interpolation on the table (the end cells extended; infinite entries kept). */
export function interp(table: Float64Array, d: number): number {
  const x = ((d + D) * (GRID - 1)) / (2 * D);
  let i = Math.floor(x);
  if (i < 0) i = 0;
  if (i > GRID - 2) i = GRID - 2;
  const a = table[i];
  const b = table[i + 1];
  if (!Number.isFinite(a) || !Number.isFinite(b)) return x - i < 0.5 ? a : b;
  return a + (b - a) * (x - i);
}

/**
 * For one frozen field a and the inner nodes' boundaries sv[k] = s_y(b + √e_A ξ_k): out[k] = log(w_k P_k) with
 * P_k the probability that u = ξ_U/√e_B lies in the accepted set ([x_k, ∞) for y = +1, (−∞, x_k] for y = −1,
 * x_k = (sv[k] − a)/√e_B); returns their maximum (−∞ when nothing is accepted). With `lo` (non-monotone g,
 * `pairSumSets`) the sets are (−∞, l_k] ∪ [x_k, ∞) for y = +1 and [l_k, x_k] for y = −1, l_k = (lo[k] − a)/√e_B.
 * With `ratio` and `second`, also E[u | accepted, ξ_k] and E[u² | accepted, ξ_k] (truncated-normal closed forms).
 */
export function acceptedLogWeights(
  sv: ArrayLike<number>,
  m: number,
  a: number,
  seB: number,
  above: boolean,
  logw: ArrayLike<number>,
  out: Float64Array,
  ratio?: Float64Array,
  second?: Float64Array,
  lo?: ArrayLike<number>,
): number {
  let mx = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < m; k++) {
    const xk = (sv[k] - a) / seB;
    if (lo !== undefined && lo[k] !== Number.NEGATIVE_INFINITY) {
      const lk = (lo[k] - a) / seB;
      const lp = twoEndedLogProbability(xk, lk, above);
      out[k] = logw[k] + lp;
      if (ratio && second) {
        // φ(x)/P and x φ(x)/P at each end (0 at an infinite end)
        const fx =
          Number.isFinite(xk) && lp > Number.NEGATIVE_INFINITY
            ? Math.exp(-0.5 * xk * xk - LOG_SQRT_2PI - lp)
            : 0;
        const fl =
          Number.isFinite(lk) && lp > Number.NEGATIVE_INFINITY
            ? Math.exp(-0.5 * lk * lk - LOG_SQRT_2PI - lp)
            : 0;
        const xfx = fx === 0 ? 0 : xk * fx;
        const lfl = fl === 0 ? 0 : lk * fl;
        // above: ∫ over u ≥ x and u ≤ l; below: over l ≤ u ≤ x (∫ u φ and ∫ u² φ = P ± the ends' x φ(x))
        ratio[k] = above ? fx - fl : fl - fx;
        second[k] = above ? 1 + xfx - lfl : 1 + lfl - xfx;
      }
    } else {
      const lp = above ? logH(xk) : normalLogCdf(xk);
      out[k] = logw[k] + lp;
      if (ratio && second) {
        ratio[k] = Number.isFinite(xk) ? (above ? 1 : -1) * Math.exp(-0.5 * xk * xk - LOG_SQRT_2PI - lp) : 0;
        // E[u² | accepted] = 1 + x·E[u | accepted] for either half-line
        second[k] = 1 + (Number.isFinite(xk) ? xk * ratio[k] : 0);
      }
    }
    if (out[k] > mx) mx = out[k];
  }
  return mx;
}

/**
 * log P(u ≥ x or u ≤ l) (above, l ≤ x) or log P(l ≤ u ≤ x) (below) for a standard normal u, without cancellation:
 * the interval's probability as a difference of the smaller tail's logarithms.
 */
export function twoEndedLogProbability(x: number, l: number, above: boolean): number {
  if (above) {
    const p = logH(x);
    const q = normalLogCdf(l);
    const mx = Math.max(p, q);
    return mx === Number.NEGATIVE_INFINITY ? mx : mx + Math.log(Math.exp(p - mx) + Math.exp(q - mx));
  }
  if (!(x > l)) return Number.NEGATIVE_INFINITY;
  if (l > 0) {
    const p = logH(l);
    return p + Math.log1p(-Math.exp(logH(x) - p));
  }
  const p = normalLogCdf(x);
  return p + Math.log1p(-Math.exp(normalLogCdf(l) - p));
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * G_E = ½ Σ_y E_{a,b} log Z_y(a, b) at the eigenvalues (o_A, o_B) of Q^{ab} and (e_A, e_B) of Q^{aa} − Q^{ab}
 * (⊥ and uniform modes). −Infinity when a label's set is empty.
 */
export function exactEnergeticK2(pr: ExactK2Problem, oA: number, oB: number, eA: number, eB: number): number {
  if (!(eA > 0 && eB > 0 && oA >= 0 && oB >= 0)) return Number.NaN;
  const ra = panelRuleOf(pr.panels);
  const rb = oA > 0 ? panelRuleOf(pr.panels) : { nodes: [0], weights: [1] };
  const sa = Math.sqrt(oB);
  const sb = Math.sqrt(oA);
  const seA = Math.sqrt(eA);
  const seB = Math.sqrt(eB);
  let total = 0;
  for (let j = 0; j < rb.nodes.length; j++) {
    const b = sb * rb.nodes[j];
    const wb = rb.weights[j];
    const rule = innerRule(pr.kinks, b, seA, pr.innerPanel, pr.pairSums !== undefined);
    const m = rule.nodes.length;
    const ends = setEnds(pr, b, seA, rule.nodes);
    const terms = new Float64Array(m);
    for (let y = 0; y < 2; y++) {
      const sv = ends.hi[y];
      const lo = ends.lo?.[y];
      for (let i = 0; i < ra.nodes.length; i++) {
        const a = sa * ra.nodes[i];
        // log Σ_k w_k H((s − a)/√e_B) (y = +1) or Φ((s − a)/√e_B) (y = −1)
        const mx = acceptedLogWeights(sv, m, a, seB, y === 0, rule.logw, terms, undefined, undefined, lo);
        if (mx === Number.NEGATIVE_INFINITY) return Number.NEGATIVE_INFINITY;
        let s = 0;
        for (let k = 0; k < m; k++) s += Math.exp(terms[k] - mx);
        total += 0.5 * ra.weights[i] * wb * (mx + Math.log(s));
      }
    }
  }
  return total;
}

/**
 * The rules in a and b: log Z varies like |b| beyond √e_A (one unit far on each side) and turns from flat to
 * quadratic in a over √e_B, which may be far below √o_B; Gauss–Hermite resolves both slowly, 12 panels of
 * 6-point Gauss–Legendre on |x| ≤ 7 agree with finer rules to ≈ 1e-6 (cached per panel count).
 */
const panelRules = new Map<number, OuterRule>();
export function panelRuleOf(panels: number): OuterRule {
  let r = panelRules.get(panels);
  if (r === undefined) {
    r = panelRule(panels, 6);
    panelRules.set(panels, r);
  }
  return r;
}

export interface OuterRule {
  nodes: ArrayLike<number>;
  weights: ArrayLike<number>;
}

/** Composite Gauss–Legendre over |x| ≤ 7 with `panels` equal panels of `order` nodes, weights × φ(x). */
function panelRule(panels: number, order = 4): OuterRule {
  const gl = gaussLegendre(order);
  const nodes: number[] = [];
  const weights: number[] = [];
  const L = 7;
  const w = (2 * L) / panels;
  for (let p = 0; p < panels; p++) {
    const lo = -L + p * w;
    for (let i = 0; i < gl.nodes.length; i++) {
      const x = lo + (w / 2) * (1 + gl.nodes[i]);
      nodes.push(x);
      weights.push(((w / 2) * gl.weights[i] * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI));
    }
  }
  return { nodes, weights };
}

/**
 * The PS stability measure at o_A = 0 (theory/replica-finite-k.md, "The exact free entropy at K = 2"):
 * ∂²f/∂o_A² = (1 − α Σ_y E_a[G_y(a)²])/(4d_A²) with G_y = Var(ξ_⊥ | accepted) − 1 = E_ξ[H(…)(ξ² − 1)]/E_ξ[H(…)] (the
 * mean of ξ_⊥ vanishes there by the u₁ ↔ u₂ symmetry; Stein's lemma turns ∂_b² into ξ² − 1, so no derivative of
 * the kinked s_y is taken). Returns 1 − α Σ_y E_a[G_y²]: positive where PS is stable against o_A > 0.
 */
export function psStabilityK2(pr: ExactK2Problem, alpha: number, oB: number, dA: number, eB: number): number {
  return 1 - alpha * psMomentsK2(pr, oB, dA, eB).gammaSquared;
}

/**
 * Σ_y E_a[G_y²] and Σ_y E_a[G_y³] on the PS line at K = 2 (G_y as in `psStabilityK2`; the cube enters the cubic
 * coefficient of `psBifurcation`). NaN outside d_A, e_B > 0, o_B ≥ 0.
 */
export function psMomentsK2(
  pr: ExactK2Problem,
  oB: number,
  dA: number,
  eB: number,
): { gammaSquared: number; gammaCubed: number } {
  if (!(dA > 0 && eB > 0 && oB >= 0)) return { gammaSquared: Number.NaN, gammaCubed: Number.NaN };
  const ra = panelRuleOf(pr.panels);
  const sa = Math.sqrt(oB);
  const seA = Math.sqrt(dA);
  const seB = Math.sqrt(eB);
  const rule = innerRule(pr.kinks, 0, seA, pr.innerPanel, pr.pairSums !== undefined);
  const m = rule.nodes.length;
  const ends = setEnds(pr, 0, seA, rule.nodes);
  const terms = new Float64Array(m);
  let gammaSquared = 0;
  let gammaCubed = 0;
  for (let y = 0; y < 2; y++) {
    const sv = ends.hi[y];
    const lo = ends.lo?.[y];
    for (let i = 0; i < ra.nodes.length; i++) {
      const a = sa * ra.nodes[i];
      const mx = acceptedLogWeights(sv, m, a, seB, y === 0, rule.logw, terms, undefined, undefined, lo);
      let z = 0;
      let z2 = 0;
      for (let k = 0; k < m; k++) {
        const w = Math.exp(terms[k] - mx);
        z += w;
        z2 += w * (rule.nodes[k] * rule.nodes[k] - 1);
      }
      const G = z2 / z;
      gammaSquared += ra.weights[i] * G * G;
      gammaCubed += ra.weights[i] * G * G * G;
    }
  }
  return { gammaSquared, gammaCubed };
}

/**
 * The exact RS free entropy per weight at K = 2 in the parametrisation of `finiteKFreeEntropy`: the entropic term
 * of the overlap matrix plus α times the exact energetic term (its Gaussian-equivalent counterpart is
 * `finiteKFreeEntropy`).
 */
export function exactFreeEntropyK2(
  pr: ExactK2Problem,
  alpha: number,
  q: number,
  p: number,
  c: number,
): number {
  const m = overlapModes(2, q, p, c);
  if (Number.isNaN(m.entropic) || m.oA < -1e-15 || m.oB < -1e-15) return Number.NaN;
  return m.entropic + alpha * exactEnergeticK2(pr, Math.max(0, m.oA), Math.max(0, m.oB), m.eA, m.eB);
}
