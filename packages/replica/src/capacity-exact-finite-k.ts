import { createRng, invalidArgument, minimizeScalar } from "@meanfield/linalg";
import type { Activation } from "./activations.js";
import { outputRange } from "./output-range.js";
import {
  linearDistanceAbove,
  reluDistanceAbove,
  reluDistanceBelow,
  signDistanceAbove,
} from "./ps-projection.js";
import { SmoothProjection, type SmoothUnit, smoothUnits } from "./smooth-projection.js";

/**
 * The exact replica-symmetric capacity of the committee at finite K in the permutation-symmetric ansatz
 * (theory/replica-finite-k.md, "Exact replica symmetry at finite K"). Near q → 1 the free entropy per
 * parameter is (1/ε)[tr(PΣ)/(2K) − (α/2)E_{y,t} D_y(t)] + O(log ε), Σ = (1 − c)I + c11ᵀ the within-solution
 * overlap, t ~ N(0, Σ), P the inverse freezing shape and D_y the P-distance to the acceptance set; so
 *
 *   α_c(K) = max_c min_ρ  [λ_U/ρ + (K − 1)λ_⊥] / (K · E_{y,t} D_y(t)),   λ_U = 1 + (K − 1)c, λ_⊥ = 1 − c,
 *
 * with ρ = r_U/r_⊥ (the uniform mode's 1 − q over the others'). The max over c is the volume's (c is a
 * within-replica parameter), the min over ρ the n → 0 extremum (the bracket is convex and 1-homogeneous
 * in P). E D is a seeded Monte Carlo over t with both labels per sample; the optimum is searched on
 * common random numbers and the value re-estimated on fresh samples, where the envelope theorem makes
 * the sample mean's standard error the error of α_c.
 */
export type ExactCommitteeKind = "relu" | "sign" | "linear" | "smooth";

export interface ExactFiniteKOptions {
  /** Fresh samples of the final estimate (default 100 000). */
  samples?: number;
  /** Common-random-number samples of the search over (c, ρ) (default 10 000). */
  searchSamples?: number;
  seed?: number | string;
  /**
   * Output threshold: "centred" (default; the output Σ(g − m₀)/√K is compared with 0) or "learned" (ReLU and smooth
   * units: compared with a threshold θ that is optimised with the weights, α_c = max_θ α_c(θ); smooth units search
   * θ with about 20 capacity searches, minutes at K = 2).
   */
  threshold?: "centred" | "learned";
  /**
   * A fixed output threshold θ instead (ReLU and smooth units; with threshold "centred" only): for profiles of
   * α_c(θ), whose maximum the learned threshold finds.
   */
  theta?: number;
  /**
   * Called as the computation advances (fraction in [0, 1]; the search takes ≈ 90 %, the fresh estimate the rest):
   * for progress displays of the slow cases (smooth units at K = 4 take minutes).
   */
  onProgress?: (fraction: number, stage: string) => void;
  /** The activation of kind "smooth" (a g without kinks or jumps; theory/replica-finite-k.md, "Smooth activations"). */
  activation?: Activation;
}

export interface ExactFiniteKResult {
  alphaC: number;
  /** Monte Carlo standard error of alphaC (fresh samples at the optimum). */
  standardError: number;
  /** Within-solution overlap Q_{k≠l} = c at the optimum (the cross-unit correlation). */
  c: number;
  /** ρ = r_U/r_⊥ at the optimum: how fast the uniform mode freezes relative to the others (0: only it). */
  freezingRatio: number;
  /** The optimum's value on the search samples (a consistency check on the fresh estimate). */
  searchAlphaC: number;
  samples: number;
  searchSamples: number;
  seed: string;
  /** Evaluations of E D in the search. */
  evaluations: number;
  /** The output threshold θ used (0 when centred; the optimum when learned). */
  theta: number;
  /** Smooth units: projections that found no point of a reachable set (0 unless something failed). */
  projectionFailures: number;
}

/** The sorted fields of one set of samples at correlation c, for both labels (y = −1 uses −t). */
interface Fields {
  N: number;
  /** sorted decreasingly, per sample K values; [sample][label] */
  sorted: Float64Array;
  prefix: Float64Array;
  sumSq: Float64Array;
}

function buildFields(z: Float64Array, N: number, K: number, c: number): Fields {
  const lamU = Math.max(0, 1 + (K - 1) * c);
  const lamP = Math.max(0, 1 - c);
  const sU = Math.sqrt(lamU);
  const sP = Math.sqrt(lamP);
  const sorted = new Float64Array(2 * N * K);
  const prefix = new Float64Array(2 * N * (K + 1));
  const sumSq = new Float64Array(2 * N * (K + 1));
  const t = new Float64Array(K);
  for (let i = 0; i < N; i++) {
    let mean = 0;
    for (let k = 0; k < K; k++) mean += z[i * K + k];
    mean /= K;
    for (let k = 0; k < K; k++) t[k] = sP * (z[i * K + k] - mean) + sU * mean;
    t.sort();
    for (let y = 0; y < 2; y++) {
      const row = (2 * i + y) * K;
      const prow = (2 * i + y) * (K + 1);
      for (let k = 0; k < K; k++) sorted[row + k] = y === 0 ? t[K - 1 - k] : -t[k];
      prefix[prow] = 0;
      sumSq[prow] = 0;
      for (let k = 0; k < K; k++) {
        prefix[prow + k + 1] = prefix[prow + k] + sorted[row + k];
        sumSq[prow + k + 1] = sumSq[prow + k] + sorted[row + k] * sorted[row + k];
      }
    }
  }
  return { N, sorted, prefix, sumSq };
}

/** The acceptance set of one kind: D for label +1 (slot 0) and −1 (slot 1), each on sorted y·t. */
interface Problem {
  kind: ExactCommitteeKind;
  K: number;
  /** ReLU: C₊ = Km₀ + κ√K, C₋ = Km₀ − κ√K; linear: C = κ√K; sign: p = the positives needed. */
  cPlus: number;
  cMinus: number;
  p: number;
  /** Smooth units for the labels +1 and −1, their thresholds C_y = (κ + yθ)√K, scratch. */
  smooth?: { units: [SmoothUnit, SmoothUnit]; C: [number, number]; proj: SmoothProjection; t: Float64Array };
}

function distance(pr: Problem, f: Fields, row: number, rho: number): number {
  const K = pr.K;
  const sorted = f.sorted.subarray(row * K, row * K + K);
  const prefix = f.prefix.subarray(row * (K + 1), row * (K + 1) + K + 1);
  const label = row % 2;
  switch (pr.kind) {
    case "relu":
      if (label === 0) return reluDistanceAbove(prefix, K, pr.cPlus, rho);
      return reluDistanceBelow(
        sorted,
        prefix,
        f.sumSq.subarray(row * (K + 1), row * (K + 1) + K + 1),
        K,
        pr.cMinus,
        rho,
      );
    case "sign":
      return signDistanceAbove(sorted, prefix, K, pr.p, rho);
    case "linear":
      return linearDistanceAbove(prefix, K, pr.cPlus, rho);
    case "smooth": {
      // rows hold y·t sorted decreasingly; the set and the metric are permutation invariant
      const sm = pr.smooth as NonNullable<Problem["smooth"]>;
      const sgn = label === 0 ? 1 : -1;
      for (let k = 0; k < K; k++) sm.t[k] = sgn * sorted[k];
      return sm.proj.distance(sm.t, sm.units[label], sm.C[label], rho);
    }
  }
}

/**
 * Per-sample E_y D (mean over the two labels) into `out`; returns their mean. For smooth units `sumSquare`
 * receives E_{y,t}[(Σ_k v_k)²] at the minimisers (the ρ-derivative of E D).
 */
function meanDistance(
  pr: Problem,
  f: Fields,
  rho: number,
  out?: Float64Array,
  sumSquare?: { value: number },
): number {
  let s = 0;
  let s2 = 0;
  const sm = pr.smooth;
  for (let i = 0; i < f.N; i++) {
    let d = distance(pr, f, 2 * i, rho);
    if (sm) s2 += sm.proj.sumV * sm.proj.sumV;
    d = 0.5 * (d + distance(pr, f, 2 * i + 1, rho));
    if (sm) s2 += sm.proj.sumV * sm.proj.sumV;
    if (out) out[i] = d;
    s += d;
  }
  if (sumSquare) sumSquare.value = (0.5 * s2) / f.N;
  return s / f.N;
}

function alphaAt(K: number, c: number, rho: number, meanD: number): number {
  const lamU = Math.max(0, 1 + (K - 1) * c);
  const lamP = Math.max(0, 1 - c);
  if (!(meanD > 0)) return meanD === 0 ? Number.POSITIVE_INFINITY : 0;
  return (lamU / rho + (K - 1) * lamP) / (K * meanD);
}

/** The two labels' units of a smooth activation (kind "smooth"), else undefined. */
function unitsFor(
  kind: ExactCommitteeKind,
  act: Activation | undefined,
): [SmoothUnit, SmoothUnit] | undefined {
  if (kind !== "smooth") return undefined;
  if (act === undefined)
    throw invalidArgument("activation", "an activation for the smooth exact finite-K theory", act);
  return smoothUnits(act, outputRange(act));
}

/** log ρ range of the inner minimisation: ρ from e^{−20} (only the uniform mode frozen) to e^{20}. */
const LOG_RHO = 20;

function problemFor(
  kind: ExactCommitteeKind,
  K: number,
  kappa: number,
  m0: number,
  theta = 0,
  units?: [SmoothUnit, SmoothUnit],
): Problem | null {
  const s = Math.sqrt(K);
  if (kind === "smooth") {
    // y(Σ(g − m₀)/√K − θ) ≥ κ: Σ y(g − m₀) ≥ (κ + yθ)√K; a label whose threshold no output reaches: capacity 0
    const u = units as [SmoothUnit, SmoothUnit];
    const C: [number, number] = [(kappa + theta) * s, (kappa - theta) * s];
    if (!(K * u[0].sup > C[0]) || !(K * u[1].sup > C[1])) return null;
    return {
      kind,
      K,
      cPlus: 0,
      cMinus: 0,
      p: 0,
      smooth: { units: u, C, proj: new SmoothProjection(K), t: new Float64Array(K) },
    };
  }
  if (kind === "sign") {
    // smallest Σ sign ≥ max(1, κ√K) with the parity of K
    let m = Math.max(1, Math.ceil(kappa * s - 1e-12));
    if ((m - K) % 2 !== 0) m += 1;
    if (m > K) return null;
    return { kind, K, cPlus: 0, cMinus: 0, p: (K + m) / 2 };
  }
  if (kind === "relu") {
    // y(Σ(relu − m₀)/√K − θ) ≥ κ: Σ relu ≥ Km₀ + (θ + κ)√K for y = +1, ≤ Km₀ + (θ − κ)√K for y = −1
    const cMinus = K * m0 + (theta - kappa) * s;
    if (cMinus < 0) return null;
    return { kind, K, cPlus: K * m0 + (theta + kappa) * s, cMinus, p: 0 };
  }
  return { kind, K, cPlus: kappa * s, cMinus: kappa * s, p: 0 };
}

/**
 * min over ρ of α(c, ρ) at each given c (the profile whose maximum is α_c), on `samples` common random
 * samples: for figures and for checking that the maximum over c is interior and single. With
 * `freezingRatio` the ratio is held fixed instead (ρ = 1 and c = 0: uncorrelated units freezing alike).
 */
export function exactFiniteKProfile(
  kind: ExactCommitteeKind,
  K: number,
  kappa: number,
  m0: number,
  cs: readonly number[],
  options: { samples?: number; seed?: number | string; freezingRatio?: number; activation?: Activation } = {},
): Array<{ c: number; alpha: number; freezingRatio: number }> {
  const samples = options.samples ?? 20_000;
  const pr = problemFor(kind, K, kappa, m0, 0, unitsFor(kind, options.activation));
  if (pr === null) return cs.map((c) => ({ c, alpha: 0, freezingRatio: Number.NaN }));
  const zs = createRng(options.seed ?? 1)
    .fork("search")
    .fillNormal(new Float64Array(samples * K));
  const fixed = options.freezingRatio;
  return cs.map((c) => {
    const f = buildFields(zs, samples, K, c);
    if (fixed !== undefined)
      return { c, alpha: alphaAt(K, c, fixed, meanDistance(pr, f, fixed)), freezingRatio: fixed };
    const r = minRho(pr, f, K, c);
    return { c, alpha: r.value, freezingRatio: Math.exp(r.x) };
  });
}

function minRho(pr: Problem, f: Fields, K: number, c: number, count?: () => void) {
  if (pr.kind === "smooth") return minRhoBySlope(pr, f, K, c, count);
  return minimizeScalar(
    (x) => {
      count?.();
      return alphaAt(K, c, Math.exp(x), meanDistance(pr, f, Math.exp(x)));
    },
    -LOG_RHO,
    LOG_RHO,
    { scan: 10, xtol: 1e-3 },
  );
}

/**
 * The inner minimum over x = log ρ for smooth units, whose projections are costly: the root of
 * d log α/dx = −(λ_U/ρ)/N + E(Σv)²/(KρE D) (N the numerator of α; ∂D/∂ρ = −(Σv)²/(Kρ²) at the minimiser,
 * envelope theorem), bracketed by steps of 3 from x = −2 and closed by the Illinois method to |Δx| < 0.01.
 */
function minRhoBySlope(pr: Problem, f: Fields, K: number, c: number, count?: () => void) {
  const lamU = Math.max(0, 1 + (K - 1) * c);
  const lamP = Math.max(0, 1 - c);
  const sumSquare = { value: 0 };
  const at = (x: number) => {
    count?.();
    const rho = Math.exp(x);
    const ed = meanDistance(pr, f, rho, undefined, sumSquare);
    const n = lamU / rho + (K - 1) * lamP;
    return { x, value: alphaAt(K, c, rho, ed), slope: -lamU / rho / n + sumSquare.value / (K * rho * ed) };
  };
  let a = at(-2);
  let b = a;
  const step = a.slope < 0 ? 3 : -3;
  for (;;) {
    const x = b.x + step;
    if (x < -LOG_RHO || x > LOG_RHO) return b; // the minimum lies at the end of the range
    const next = at(x);
    if (next.slope < 0 !== b.slope < 0) {
      a = b;
      b = next;
      break;
    }
    b = next;
  }
  let best = a.value < b.value ? a : b;
  // Illinois: the stored slope of an end kept twice in a row is halved
  let fa = a.slope;
  let fb = b.slope;
  let last = 0;
  for (let it = 0; it < 30 && Math.abs(b.x - a.x) > 0.01; it++) {
    const x = fa === fb ? 0.5 * (a.x + b.x) : b.x - (fb * (b.x - a.x)) / (fb - fa);
    const m = at(Math.min(Math.max(x, Math.min(a.x, b.x)), Math.max(a.x, b.x)));
    if (m.value < best.value) best = m;
    if (m.slope < 0 === a.slope < 0) {
      a = m;
      fa = m.slope;
      if (last === -1) fb *= 0.5;
      last = -1;
    } else {
      b = m;
      fb = m.slope;
      if (last === 1) fa *= 0.5;
      last = 1;
    }
  }
  return best;
}

/**
 * α_c(K) exactly within RS and the permutation-symmetric ansatz, for a committee of ReLU, sign or linear
 * units (K ≥ 2; `m0` the activation's mean, ReLU 1/√(2π)). A margin no output can meet gives 0.
 */
export function exactFiniteKCapacity(
  kind: ExactCommitteeKind,
  K: number,
  kappa: number,
  m0: number,
  options: ExactFiniteKOptions = {},
): ExactFiniteKResult {
  const learned = options.threshold === "learned";
  const units = unitsFor(kind, options.activation);
  if (
    options.theta !== undefined &&
    (learned || !Number.isFinite(options.theta) || (kind !== "relu" && kind !== "smooth"))
  )
    throw invalidArgument(
      "theta",
      'a finite output threshold for ReLU or smooth units, with threshold "centred"',
      options.theta,
    );
  if (learned && kind !== "relu" && kind !== "smooth")
    throw invalidArgument(
      "threshold",
      '"centred" for sign and linear units ("learned" is implemented for ReLU and smooth units)',
      "learned",
    );
  const samples = options.samples ?? 100_000;
  const searchSamples = options.searchSamples ?? 10_000;
  const rng = createRng(options.seed ?? 1);
  const base = { samples, searchSamples, seed: rng.seed };
  const zs = rng.fork("search").fillNormal(new Float64Array(searchSamples * K));
  let evaluations = 0;
  const count = () => {
    evaluations++;
  };
  // every θ is searched on the same common random numbers (theory/replica-finite-k.md, "Exact replica symmetry at
  // finite K"); the range keeps both labels reachable
  const [lo, hi] = thetaRange(kind, K, kappa, m0, units);
  let thetaSearches = 0;
  const theta = learned
    ? minimizeScalar(
        (t) => {
          const pr = problemFor(kind, K, kappa, m0, t, units);
          options.onProgress?.(Math.min(0.5, 0.02 * thetaSearches++), "search over the output threshold");
          return pr === null ? 0 : -searchOptimum(pr, zs, searchSamples, count).alpha;
        },
        lo,
        hi,
        { scan: 8, xtol: 2e-3 },
      ).x
    : (options.theta ?? 0);
  const pr = problemFor(kind, K, kappa, m0, theta, units);
  if (pr === null)
    return {
      alphaC: 0,
      standardError: 0,
      c: Number.NaN,
      freezingRatio: Number.NaN,
      searchAlphaC: 0,
      evaluations,
      theta,
      projectionFailures: 0,
      ...base,
    };
  const progress = options.onProgress;
  const { c, rho, alpha: searchAlphaC } = searchOptimum(pr, zs, searchSamples, count, progress);
  progress?.(0.9, "estimate on fresh samples");
  // the value at the optimum on fresh samples: its standard error is the error of α_c (envelope theorem)
  const zf = rng.fork("final").fillNormal(new Float64Array(samples * K));
  const per = new Float64Array(samples);
  const mean = meanDistance(pr, buildFields(zf, samples, K, c), rho, per);
  let v = 0;
  for (let i = 0; i < samples; i++) v += (per[i] - mean) ** 2;
  const sdMean = Math.sqrt(v / (samples - 1) / samples);
  const alpha = alphaAt(K, c, rho, mean);
  progress?.(1, "done");
  return {
    alphaC: alpha,
    standardError: (alpha * sdMean) / mean,
    c,
    freezingRatio: rho,
    searchAlphaC,
    evaluations,
    theta,
    projectionFailures: pr.smooth?.proj.failures ?? 0,
    ...base,
  };
}

/**
 * The output thresholds θ searched for a learned threshold: ReLU θ ≥ κ − √K·m₀ (label −1 reachable), up to 4 above;
 * smooth units (κ − √K·sup(m₀ − g), √K·sup(g − m₀) − κ), both labels reachable, at most 8 wide (centred on 0 where
 * the output is unbounded on both sides).
 */
function thetaRange(
  kind: ExactCommitteeKind,
  K: number,
  kappa: number,
  m0: number,
  units?: [SmoothUnit, SmoothUnit],
): [number, number] {
  const eps = 1e-9;
  if (kind !== "smooth" || units === undefined) {
    const lo = kappa - Math.sqrt(K) * m0 + eps;
    return [lo, lo + 4];
  }
  const s = Math.sqrt(K);
  let lo = Number.isFinite(units[1].sup) ? kappa - s * units[1].sup + eps : Number.NEGATIVE_INFINITY;
  let hi = Number.isFinite(units[0].sup) ? s * units[0].sup - kappa - eps : Number.POSITIVE_INFINITY;
  if (!Number.isFinite(lo) && !Number.isFinite(hi)) [lo, hi] = [-4, 4];
  else if (!Number.isFinite(lo)) lo = hi - 8;
  else if (!Number.isFinite(hi)) hi = lo + 8;
  else if (hi - lo > 8) [lo, hi] = [Math.max(lo, -4), Math.min(hi, 4)];
  return [lo, hi];
}

/** max over c of min over ρ of α(c, ρ) on the common random numbers `zs`, with the optimum's (c, ρ). */
function searchOptimum(
  pr: Problem,
  zs: Float64Array,
  searchSamples: number,
  count: () => void,
  progress?: (fraction: number, stage: string) => void,
) {
  const K = pr.K;
  const lo = -1 / (K - 1);
  const cOf = (s: number) => lo + (1 - lo) * s;
  // about 24 (smooth) or 30 outer evaluations: the scan and the golden section (progress only)
  const expected = pr.kind === "smooth" ? 24 : 30;
  let outerCount = 0;
  const inner = (c: number) => {
    const r = minRho(pr, buildFields(zs, searchSamples, K, c), K, c, count);
    outerCount++;
    progress?.(Math.min(0.9, (0.9 * outerCount) / expected), "search over the order parameters");
    return r;
  };
  // c = lo exactly (λ_U = 0) is excluded: for odd g at K = 2 and for linear g the output vanishes there and
  // every t lies on the boundary, where the q → 1 expansion does not hold (the limit c → lo⁺ is taken)
  if (pr.kind === "smooth") {
    // smooth units: fewer, costlier evaluations, on a log scale of the distance to the end (odd g at K ≥ 3 has
    // its optimum within λ_U ≈ 1e-4 of it); s ≥ 10⁻⁶ keeps ρ ≥ e^{−20} small against λ_U (a half-plane, whose
    // minimum over ρ is at ρ → 0, is then within 0.2 % of its value)
    const outer = minimizeScalar((x) => -inner(cOf(10 ** x)).value, -6, 0, { scan: 12, xtol: 0.05 });
    const c = cOf(10 ** outer.x);
    return { c, rho: Math.exp(inner(c).x), alpha: -outer.value };
  }
  const outer = minimizeScalar((s) => -inner(cOf(s)).value, 1e-6, 1, { scan: 12, xtol: 1e-4 });
  const c = cOf(outer.x);
  return { c, rho: Math.exp(inner(c).x), alpha: -outer.value };
}

/**
 * D_y(t), the P-distance from a field vector t to the acceptance set of label y, as a function of a single point,
 * for the stability analysis that differentiates it (theory/replica-finite-k.md, "Stability at the capacity");
 * null when a label's set is out of reach (capacity 0).
 */
export function acceptanceDistance(
  kind: ExactCommitteeKind,
  K: number,
  kappa: number,
  m0: number,
  options: { theta?: number; activation?: Activation } = {},
): ((t: Float64Array, y: 1 | -1, rho: number) => number) | null {
  const pr = problemFor(kind, K, kappa, m0, options.theta ?? 0, unitsFor(kind, options.activation));
  if (pr === null) return null;
  // c = 0: buildFields leaves the point as it is (Σ = I) and sorts it for both labels
  return (t, y, rho) => distance(pr, buildFields(t, 1, K, 0), y === 1 ? 0 : 1, rho);
}
