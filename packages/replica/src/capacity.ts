import { invalidArgument } from "@meanfield/linalg";
import type { Activation } from "./activations.js";
import {
  acceptanceDistance,
  type ExactCommitteeKind,
  type ExactFiniteKResult,
  exactFiniteKCapacity,
} from "./capacity-exact-finite-k.js";
import { finiteKCapacity } from "./capacity-finite-k.js";
import {
  isLinearActivation,
  oddMonotoneActivation,
  reluEquivalentScale,
  signEquivalentScale,
} from "./equivalence.js";
import { gardnerCapacity, learnedThresholdCapacity } from "./gardner.js";
import { largeKAlphaC, largeKProblem } from "./large-k.js";
import { maxAttainableMargin, outputRange } from "./output-range.js";
import { type CapacityParams, validateCapacityParams } from "./params.js";
import { repliconAtCapacityLargeK } from "./rs-stability.js";
import {
  type RsStabilityAtCapacity,
  repliconAtCapacityConvex,
  repliconAtCapacityHalfSpace,
  repliconAtCapacityK1,
  rsStabilityAtCapacityFiniteK,
} from "./rs-stability-finite-k.js";
import { versions } from "./version.js";

/** How a capacity was obtained (the theory page and heading in each comment). */
export type CapacityMethod =
  | "large-K" // theory/replica.md, "Capacity": K → ∞
  | "gardner-sets" // theory/replica-finite-k.md, "The perceptron at K = 1": exact
  | "exact-rs-finite-k" // theory/replica-finite-k.md, "Exact replica symmetry at finite K": Monte Carlo
  | "gaussian-equivalent"; // theory/replica-finite-k.md, "Capacity at finite K": exact for linear g

/** The storage capacity per parameter; `alphaC` is null when the RS capacity diverges. */
export interface CapacityResult {
  params: { activation: string; K: number; kappa: number };
  /** The @meanfield package versions it was computed with (`versions()`: linalg, replica). */
  versions: Record<string, string>;
  /** α_c per parameter, or null when divergent. */
  alphaC: number | null;
  divergent: boolean;
  method: CapacityMethod;
  /** True where the method is an approximation of the model (Gaussian equivalence at finite K for nonlinear g). */
  approximate: boolean;
  /** Monte Carlo standard error (exact-rs-finite-k only). */
  standardError?: number;
  seed?: string;
  /** K → ∞: s = Σ_{n≥2} n b_n² / Σ_{n≥2} b_n²; finite K: the optimal γ = Q_{k≠l}. */
  details: Record<string, number>;
  converged: boolean;
  message: string;
  /**
   * True when the value is the degenerate γ → −1 limit of the Gaussian-equivalent formula at K = 2 for
   * an activation odd about its mean (w₂ = −w₁: the output vanishes identically;
   * theory/replica-finite-k.md, "The degenerate end at K = 2").
   */
  degenerate: boolean;
  /** Caveats on the value, e.g. an approximate finite-K value below the exact K = 1 capacity. */
  warnings: string[];
  /**
   * The replicon eigenvalue Λ of the RS solution at the capacity, null when it diverges, and whether replica
   * symmetry is stable there (Λ ≤ 0). K → ∞: the q → 1 end of the PSB branch (theory/replica.md, "Stability of the
   * replica-symmetric solutions"; divergent for ReLU). Finite K (theory/replica-finite-k.md, "Stability at the
   * capacity"): the Gardner–Derrida value where every acceptance set is an interval (K = 1) or a half-space (linear
   * g), +∞ where one is not convex (a witness is named in the note: every built-in nonlinear g at K ≥ 2 except odd g
   * at K = 2), by Monte Carlo with its `standardError` for other convex sets (odd g at K = 2 with a margin); absent
   * where not decided (a convex case whose optimal freezing ratio is far from 1). Unstable means α_c is the RS value, an upper bound that replica-symmetry breaking lowers.
   * For a Gaussian-equivalent value the verdict is that of the exact RS solution the value approximates.
   */
  rsStability?: RsStabilityAtCapacity;
}

export interface CapacityOptions {
  /** Fresh Monte Carlo samples of the exact finite-K estimate (default 100 000). */
  samples?: number;
  /** Progress of the exact finite-K Monte Carlo (fraction in [0, 1], the stage), for displays of slow cases. */
  onProgress?: (fraction: number, stage: string) => void;
  /** Common-random-number samples of its search over the order parameters (default 10 000). */
  searchSamples?: number;
  /** Seed of that Monte Carlo (default 1). */
  seed?: number | string;
  /**
   * At finite K ≥ 2: "exact" (default; the exact RS capacity where it is implemented: ReLU, sign-like
   * steps, K ≤ 32; linear g has its closed form either way) or "gaussian-equivalent" (the leading-order-in-1/K approximation,
   * for every activation).
   */
  finiteKMethod?: "exact" | "gaussian-equivalent";
}

/** E relu(z) = 1/√(2π): m₀ of the ReLU committee the exact theory solves. */
const RELU_MEAN = 1 / Math.sqrt(2 * Math.PI);

/** Largest K of the exact finite-K theory (its cost grows as K² per sample). */
export const EXACT_FINITE_K_MAX = 32;

/**
 * Largest K of the exact finite-K theory for smooth activations: each projection tries 2^K − 1 subsets of
 * units (theory/replica-finite-k.md, "Smooth activations"); above it the Gaussian-equivalent value is returned,
 * flagged approximate.
 */
export const EXACT_SMOOTH_K_MAX = 6;

/**
 * The committee kind of the exact finite-K theory with its scale: g = d + s·relu(h) or d ± s·sign(h) is the
 * ReLU or sign committee with margin κ/|s|. (Linear g keeps its closed form, `gaussian-equivalent`.)
 */
function exactKind(act: Activation): { kind: ExactCommitteeKind; scale: number } | null {
  if (act.source === "builtin" && act.name === "relu") return { kind: "relu", scale: 1 };
  if (act.source !== "builtin" && Number.isFinite(act.gPrime2)) {
    const scale = reluEquivalentScale(act.g);
    if (scale !== null) return { kind: "relu", scale };
  }
  if (!Number.isFinite(act.gPrime2)) {
    const scale = act.source === "builtin" && act.name === "sign" ? 1 : signEquivalentScale(act.g);
    if (scale !== null) return { kind: "sign", scale };
  }
  // smooth and nonlinear (linear g keeps its closed form)
  if (act.smooth && act.gPrime !== undefined && !isLinearActivation(act)) return { kind: "smooth", scale: 1 };
  return null;
}

/**
 * The stability verdict of an exact finite-K RS capacity (theory/replica-finite-k.md, "Stability at the capacity"):
 * +∞ with a witness of non-convexity, else the convex sets' replicon by Monte Carlo at the optimum (c, ρ).
 */
function stabilityAtExactCapacity(
  act: Activation,
  exact: { kind: ExactCommitteeKind; scale: number },
  K: number,
  kappa: number,
  r: ExactFiniteKResult,
  options: CapacityOptions,
): RsStabilityAtCapacity | null {
  if (r.c >= 1 - 1e-9) {
    // every unit on one field (Q_{k≠l} = 1 leaves no room for fluctuations orthogonal to the uniform mode): a single
    // unit with output √K(g − m₀) − θ, the perceptron of margin κ/√K, whatever the shape of the K-unit sets
    const one = gardnerCapacity(act, kappa / Math.sqrt(K), (r.theta * exact.scale) / Math.sqrt(K));
    const v = repliconAtCapacityK1(one.sets, one.alphaC);
    return v && { ...v, note: `all K units on one field (c = 1), ${v.note.replace("K = 1, ", "")}` };
  }
  const ridge = rsStabilityAtCapacityFiniteK(act.g, act.m0, K, kappa, r.theta * exact.scale);
  if (ridge !== null) return ridge;
  const dist = acceptanceDistance(
    exact.kind,
    K,
    kappa / exact.scale,
    exact.kind === "smooth" ? act.m0 : RELU_MEAN,
    { theta: r.theta, ...(exact.kind === "smooth" ? { activation: act } : {}) },
  );
  // the finite-difference Hessian needs a freezing ratio near 1: at ρ ≫ 1 (or ≪ 1) the projection's pieces are
  // wedges of width ~ 1/ρ around the frozen field, narrower than any usable step
  if (dist === null || !(r.freezingRatio >= 1e-3 && r.freezingRatio <= 1e3)) return null;
  return repliconAtCapacityConvex(dist, K, r.alphaC, r.standardError, r.c, r.freezingRatio, {
    samples: Math.max(1000, Math.round((options.samples ?? 100_000) / 5)),
    seed: options.seed ?? 1,
  });
}

type CoreResult = Omit<CapacityResult, "degenerate" | "warnings" | "versions"> &
  Partial<Omit<CapacityResult, "versions">>;

/**
 * Storage capacity per parameter α_c (theory/replica.md, "Capacity"): K → ∞ from the q → 1 limit of the PSB
 * saddle point, K = 1 exactly (theory/replica-finite-k.md, "The perceptron at K = 1"), finite K ≥ 2 exactly within
 * RS for ReLU and sign by seeded Monte Carlo (theory/replica-finite-k.md, "Exact replica symmetry at finite K")
 * and by the Gaussian-equivalent theory otherwise (theory/replica-finite-k.md, "Capacity at finite K"; exact for
 * linear g). Divergent capacities
 * (sign, any g with a jump, at K → ∞) are reported as `{ divergent: true, alphaC: null }`.
 */
export function storageCapacity(params: CapacityParams, options: CapacityOptions = {}): CapacityResult {
  const core = capacity(params, options);
  if (
    params.threshold === "learned" &&
    (core.method === "large-K" || core.method === "gaussian-equivalent")
  ) {
    // the output is Gaussian with mean 0 in these theories: the energetic term is largest at θ = 0
    core.details = { ...core.details, theta: 0 };
    core.message += "; learned threshold θ = 0 (a Gaussian output symmetric about 0: the same as centring)";
  }
  return { degenerate: false, warnings: [], ...core, versions: versions() };
}

/**
 * The former name of `storageCapacity` (the function and the result field shared the name `alphaC`).
 * @deprecated use `storageCapacity`; kept as an alias so that existing callers (apps/cli) keep working.
 */
export const alphaC: (params: CapacityParams, options?: CapacityOptions) => CapacityResult = storageCapacity;

function capacity(params: CapacityParams, options: CapacityOptions): CoreResult {
  const { activation: act, K, kappa, threshold } = validateCapacityParams(params);
  const base = { activation: act.name, K, kappa };
  if (K === 1) {
    const learned = threshold === "learned";
    const r = learned
      ? learnedThresholdCapacity(act, kappa, outputRange(act))
      : { ...gardnerCapacity(act, kappa), theta: 0 };
    const rsStability = repliconAtCapacityK1(r.sets, r.alphaC);
    return {
      ...(rsStability ? { rsStability } : {}),
      params: base,
      alphaC: r.alphaC,
      divergent: false,
      method: "gardner-sets",
      approximate: false,
      details: { meanSquaredDistance: r.meanSquaredDistance, ...(learned ? { theta: r.theta } : {}) },
      converged: true,
      message: learned
        ? `exact RS perceptron capacity with a learned output threshold θ = ${r.theta.toPrecision(6)}`
        : "exact RS perceptron capacity 1/E[d(t,S_y)²]",
    };
  }
  if (!Number.isFinite(K)) {
    const p = largeKProblem(act, kappa);
    const a = largeKAlphaC(p);
    const divergent = a === Number.POSITIVE_INFINITY;
    const lam = repliconAtCapacityLargeK(p);
    const rsStability = Number.isNaN(lam)
      ? undefined
      : {
          repliconAtCapacity: Number.isFinite(lam) ? lam : null,
          stable: lam < 0,
          note:
            lam < 0
              ? "replica symmetry is stable at the capacity (replicon < 0)"
              : `the RS solution at the capacity is unstable (replicon ${Number.isFinite(lam) ? lam.toPrecision(4) : "→ ∞"} > 0): alphaC is the replica-symmetric value, an upper bound that replica-symmetry breaking lowers`,
        };
    return {
      ...(rsStability ? { rsStability } : {}),
      params: base,
      alphaC: divergent ? null : a,
      divergent,
      method: "large-K",
      approximate: false,
      details: { V2: p.V2, S2: p.S2, s: p.V2 > 0 ? p.S2 / p.V2 : 0, kappaTilde: p.kappaTilde },
      converged: true,
      message: divergent
        ? "E g′² = ∞ (jump): the RS capacity per parameter diverges as K → ∞"
        : p.V2 === 0
          ? "no nonlinear Hermite weight (linear g): capacity per parameter → 0"
          : "alphaC = (E g′² − b₁²)/((Var g − b₁²)·A(κ/√V₂))",
    };
  }
  if (
    K === 2 &&
    kappa === 0 &&
    threshold !== "learned" &&
    options.finiteKMethod !== "gaussian-equivalent" &&
    oddMonotoneActivation(act)
  ) {
    // theory/replica-finite-k.md, "The degenerate end at K = 2": the acceptance sets are linear g's half-planes
    const rsStability = repliconAtCapacityHalfSpace(2, 1);
    return {
      ...(rsStability ? { rsStability } : {}),
      params: base,
      alphaC: 1,
      divergent: false,
      method: "exact-rs-finite-k",
      approximate: false,
      details: {},
      converged: true,
      message:
        "exact: at K = 2 and zero margin g − m₀ odd and strictly monotone stores a pattern exactly when ±(h₁ + h₂) ≥ 0, as linear g does, so alpha_c = 2/K = 1",
    };
  }
  const exact = options.finiteKMethod === "gaussian-equivalent" ? null : exactKind(act);
  if (exact !== null && K <= (exact.kind === "smooth" ? EXACT_SMOOTH_K_MAX : EXACT_FINITE_K_MAX)) {
    // a sign-like step d ± s·sign(h) is the sign committee with margin κ/s
    if (threshold === "learned" && exact.kind === "sign")
      throw invalidArgument(
        "threshold",
        '"centred" for sign-like activations at finite K in the exact theory (a learned threshold is implemented for K = 1, ReLU and smooth activations at finite K, K → ∞ and finiteKMethod "gaussian-equivalent")',
        threshold,
      );
    const r = exactFiniteKCapacity(
      exact.kind,
      K,
      kappa / exact.scale,
      exact.kind === "smooth" ? act.m0 : RELU_MEAN,
      {
        samples: options.samples ?? 100_000,
        searchSamples: options.searchSamples ?? 10_000,
        seed: options.seed ?? 1,
        threshold,
        ...(exact.kind === "smooth" ? { activation: act } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      },
    );
    const lambdaU = 1 + (K - 1) * r.c;
    const corner = exact.kind === "smooth" && r.alphaC > 0 && lambdaU < 1e-2;
    const rsStability = r.alphaC > 0 ? stabilityAtExactCapacity(act, exact, K, kappa, r, options) : null;
    return {
      ...(rsStability ? { rsStability } : {}),
      params: base,
      alphaC: r.alphaC,
      divergent: false,
      method: "exact-rs-finite-k",
      approximate: false,
      standardError: r.standardError,
      seed: r.seed,
      details: {
        c: r.c,
        crossUnitCorrelation: r.c * K,
        freezingRatio: r.freezingRatio,
        searchAlphaC: r.searchAlphaC,
        samples: r.samples,
        searchSamples: r.searchSamples,
        ...(threshold === "learned" ? { theta: r.theta * exact.scale } : {}),
        ...(exact.scale !== 1 ? { signScale: exact.scale } : {}),
        ...(exact.kind === "smooth" ? { projectionFailures: r.projectionFailures } : {}),
      },
      converged: r.projectionFailures === 0,
      message:
        r.projectionFailures > 0
          ? `not converged: ${r.projectionFailures} projections found no point of a reachable acceptance set (alphaC is then too small)`
          : r.alphaC === 0
            ? `margin kappa = ${kappa} above what the output can reach for one label: capacity 0 (exact)`
            : `exact replica-symmetric capacity at finite K (permutation-symmetric order parameters, q → 1) by seeded Monte Carlo${corner ? `; the optimum lies at λ_U = 1 + (K − 1)c = ${lambdaU.toExponential(1)}, next to the end c = −1/(K − 1) where Σ_k w_k = 0 (theory/replica-finite-k.md, "Smooth activations")` : ""}`,
    };
  }
  if (exact !== null && exact.kind === "sign")
    throw invalidArgument(
      "K",
      `an integer ≤ ${EXACT_FINITE_K_MAX} for a sign-like activation at finite K (the exact theory's cost grows as K²; its K → ∞ capacity diverges)`,
      K,
    );
  if (!Number.isFinite(act.gPrime2)) {
    return {
      params: base,
      alphaC: null,
      divergent: true,
      method: "gaussian-equivalent",
      approximate: true,
      details: {},
      converged: true,
      message:
        "activation with a jump: the Gaussian-equivalent capacity diverges (finite-K values only for sign-like steps d ± c·sign(h))",
    };
  }
  if (kappa > 0) {
    const bound = maxAttainableMargin(act, K);
    if (kappa > bound * (1 + 1e-12))
      return {
        params: base,
        alphaC: 0,
        divergent: false,
        method: "gaussian-equivalent",
        approximate: false,
        details: { maxAttainableMargin: bound },
        converged: true,
        message: `margin kappa = ${kappa} above the output range √K·sup|g − m₀| = ${bound}: no output meets it, capacity 0 (exact)`,
      };
  }
  const r = finiteKCapacity(act, K, kappa);
  const linear = isLinearActivation(act);
  const warnings: string[] = [];
  if (r.degenerate)
    warnings.push(
      `degenerate: the Gaussian-equivalent formula is maximal at w₂ = −w₁ (γ → −1), where the output of an activation odd about its mean vanishes identically; ${r.alphaC} is the analytic limit (1 + √(E g″²/E g′²))² of the formula there, not the capacity of a working network`,
    );
  if (!linear) {
    const k1 = gardnerCapacity(act, kappa).alphaC;
    if (r.alphaC < k1)
      warnings.push(
        `the approximate value ${r.alphaC} lies below the exact K = 1 capacity ${k1} of the same activation: the Gaussian-equivalent formula is unreliable here`,
      );
  }
  const exactStability = linear
    ? repliconAtCapacityHalfSpace(K, r.alphaC)
    : r.alphaC > 0
      ? rsStabilityAtCapacityFiniteK(act.g, act.m0, K, kappa)
      : null;
  const rsStability =
    exactStability && !linear
      ? {
          ...exactStability,
          note: `${exactStability.note} (the verdict of the exact RS solution; this alphaC is its Gaussian-equivalent approximation)`,
        }
      : exactStability;
  return {
    ...(rsStability ? { rsStability } : {}),
    params: base,
    alphaC: r.alphaC,
    divergent: false,
    method: "gaussian-equivalent",
    approximate: !linear,
    details: {
      gamma: r.gamma,
      crossUnitCorrelation: r.gamma * K,
      ...(r.degenerateLimit !== undefined ? { degenerateLimit: r.degenerateLimit } : {}),
    },
    converged: true,
    message: linear
      ? "exact for linear g"
      : r.degenerate
        ? "Gaussian-equivalent approximation at finite K: degenerate limit γ → −1 (see warnings)"
        : "Gaussian-equivalent approximation at finite K (leading order in 1/K; not the exact finite-K RS value)",
    degenerate: r.degenerate,
    warnings,
  };
}
