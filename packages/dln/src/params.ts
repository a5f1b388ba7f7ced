import {
  assertFiniteArray,
  assertInRange,
  assertMatrix,
  assertNonNegative,
  assertOneOf,
  assertPositive,
  assertPositiveInteger,
  type DenseMatrix,
  invalidArgument,
  MeanfieldError,
} from "@meanfield/linalg";
import { assertDesignName, type DesignName, type DesignOptions, resolveDesignOptions } from "./designs.js";
import { assertTruncation } from "./truncation.js";

/** Built-in teacher priors (theory/dln.md, "Model"). */
export const PRIORS = ["bernoulliGaussian", "rademacherSparse", "gaussian"] as const;
export type Prior = (typeof PRIORS)[number];

/**
 * How a drawn teacher is normalised (see sampleTeacher): "none" draws i.i.d. coordinates; "exact"
 * (variance reduction) draws exactly round(rho·d) non-zeros with ‖w*‖²/d = 1 exactly.
 */
export const TEACHER_NORMALIZATIONS = ["none", "exact"] as const;
export type TeacherNormalization = (typeof TEACHER_NORMALIZATIONS)[number];

/**
 * Network forms (theory/dln.md, "Model"): `"u2-v2"` is w = u⊙u − v⊙v, `"uv"` is the two-layer w = u⊙v (mapped onto the
 * u²−v² engine with time halved), `"linear"` trains w itself (plain least squares, the alpha → ∞ reference).
 */
export const MODELS = ["u2-v2", "uv", "linear"] as const;
export type DlnModel = (typeof MODELS)[number];

/** Parameters of one diagonal-linear-network experiment (theory/dln.md, "Model"; conventions.md). */
export interface DlnParams {
  /** Number of parameters d (a positive integer). Taken from `X` when a design is supplied. */
  d?: number;
  /** Number of samples n. Give `n` or `delta` (n = round(delta·d)); taken from `X` when a design is supplied. */
  n?: number;
  /** Sample ratio n/d, used when `n` is absent. */
  delta?: number;
  /** Initial scale alpha > 0: u_i(0) = v_i(0) = alpha·shape_i (theory/dln.md, "Model"). Ignored by model "linear". */
  alpha: number;
  /** Teacher density rho ∈ (0, 1] for the sparse priors (default 1). */
  rho?: number;
  /** Label noise level sigma ≥ 0 (default 0). */
  sigma?: number;
  /** Teacher prior (default "bernoulliGaussian"); ignored when `wStar` is given. */
  prior?: Prior;
  /**
   * Normalisation of the drawn teacher (default "none": i.i.d. coordinates). "exact" is a
   * variance-reduction choice: exactly max(1, round(rho·d)) non-zeros and ‖w*‖²/d = 1 exactly, so that
   * ε_gen(0) = 1 on every seed (see sampleTeacher). Ignored when `wStar` is given.
   */
  teacherNormalization?: TeacherNormalization;
  /** Final time T > 0. */
  T: number;
  /** Seed of every random quantity (design, teacher, noise, SGD batches). Default 0. */
  seed?: number | string;
  /** Network form (default "u2-v2"). */
  model?: DlnModel;
  /**
   * Truncation threshold τ ∈ (0, Infinity] of the mobility (default Infinity: the plain DLN): the
   * truncated DLN F_τ(w) = 4√(min(w², τ²) + 4alpha⁴), bounded and Lipschitz (theory/dln.md,
   * "Truncated DLN"). Gradient flow only (mirror integrator); not with model "linear".
   */
  truncation?: number;
  /** Optional positive shape vector s (length d): u_i(0) = v_i(0) = alpha·s_i. */
  shape?: Float64Array | number[];
  /** Optional user design (n×d, any real data); standardised column-wise and scaled by 1/√d (see README). */
  X?: DenseMatrix;
  /**
   * Built-in random design when no `X` is given (default "gaussian"; see DESIGNS in designs.ts). A user `X`
   * together with another design is an error.
   */
  design?: DesignName;
  /** Options of the built-in design: `sparsity` (sparseBernoulli), `dof` (studentT), `correlation` (correlatedGaussian). */
  designOptions?: DesignOptions;
  /** Optional user teacher vector w* (length d). */
  wStar?: Float64Array | number[];
  /** Optional user labels y (length n). Without `wStar` the generalisation error is NaN. */
  y?: Float64Array | number[];
}

/** DlnParams after validation, with every default filled in. */
export interface ResolvedDlnParams {
  d: number;
  n: number;
  delta: number;
  alpha: number;
  rho: number;
  sigma: number;
  prior: Prior;
  teacherNormalization: TeacherNormalization;
  T: number;
  seed: number | string;
  model: DlnModel;
  /** Truncation threshold τ of the mobility (Infinity = none). */
  truncation: number;
  shape?: Float64Array;
  X?: DenseMatrix;
  /** The built-in design ("gaussian" when a user X is given). */
  design: DesignName;
  /** The option the design reads, default filled in ({} for gaussian and rademacher). */
  designOptions: DesignOptions;
  wStar?: Float64Array;
  y?: Float64Array;
}

/** A user design: a well-formed DenseMatrix (linalg's check), at least 1×1, with finite entries. */
function assertUserMatrix(X: unknown): DenseMatrix {
  const M = assertMatrix(X, "X");
  if (M.rows < 1 || M.cols < 1) {
    throw invalidArgument("X", "a DenseMatrix { rows ≥ 1, cols ≥ 1, data: Float64Array }", X);
  }
  assertFiniteArray(M.data, "X.data");
  return M;
}

function shapeMismatch(name: string, expected: number, actual: number, what: string): MeanfieldError {
  return new MeanfieldError("SHAPE_MISMATCH", `${name} must have ${what} ${expected}; got ${actual}`, {
    parameter: name,
    details: { expected, actual },
  });
}

/**
 * Validates a DlnParams object once at the package boundary and fills in the defaults. Throws a
 * MeanfieldError naming the offending parameter (INVALID_ARGUMENT or SHAPE_MISMATCH).
 */
export function validateDlnParams(p: DlnParams): ResolvedDlnParams {
  if (typeof p !== "object" || p === null) throw invalidArgument("params", "an object", p);
  const model = p.model === undefined ? "u2-v2" : assertOneOf(p.model, "model", MODELS);
  const alpha = assertPositive(p.alpha, "alpha");
  const T = assertPositive(p.T, "T");
  const truncation = p.truncation === undefined ? Number.POSITIVE_INFINITY : assertTruncation(p.truncation);
  if (model === "linear" && Number.isFinite(truncation))
    throw invalidArgument("truncation", 'Infinity (no truncation) with model "linear"', truncation);
  const rho = p.rho === undefined ? 1 : assertInRange(p.rho, "rho", 0, 1, { lowerOpen: true });
  const sigma = p.sigma === undefined ? 0 : assertNonNegative(p.sigma, "sigma");
  const prior = p.prior === undefined ? "bernoulliGaussian" : assertOneOf(p.prior, "prior", PRIORS);
  const teacherNormalization =
    p.teacherNormalization === undefined
      ? "none"
      : assertOneOf(p.teacherNormalization, "teacherNormalization", TEACHER_NORMALIZATIONS);
  let seed: number | string = 0;
  if (p.seed !== undefined) {
    if (typeof p.seed === "string") seed = p.seed;
    else if (typeof p.seed === "number" && Number.isFinite(p.seed)) seed = p.seed;
    else throw invalidArgument("seed", "a finite number or a string", p.seed);
  }

  const design = p.design === undefined ? "gaussian" : assertDesignName(p.design, "design");
  const designOptions = resolveDesignOptions(design, p.designOptions, "designOptions.");
  if (p.X !== undefined && design !== "gaussian")
    throw invalidArgument("design", `"gaussian" (or absent) when a user X is given`, design);

  let X: DenseMatrix | undefined;
  let d: number;
  let n: number;
  if (p.X !== undefined) {
    X = assertUserMatrix(p.X);
    if (p.d !== undefined && assertPositiveInteger(p.d, "d") !== X.cols)
      throw shapeMismatch("X", p.d, X.cols, "cols = d =");
    if (p.n !== undefined && assertPositiveInteger(p.n, "n") !== X.rows)
      throw shapeMismatch("X", p.n, X.rows, "rows = n =");
    d = X.cols;
    n = X.rows;
  } else {
    d = assertPositiveInteger(p.d, "d");
    if (p.n !== undefined) {
      n = assertPositiveInteger(p.n, "n");
    } else if (p.delta !== undefined) {
      const delta = assertPositive(p.delta, "delta");
      n = Math.round(delta * d);
      if (n < 1) throw invalidArgument("delta", `a ratio with round(delta·d) ≥ 1 (d = ${d})`, p.delta);
    } else {
      throw invalidArgument("n", "a positive integer (or give delta)", p.n);
    }
  }
  if (p.n !== undefined && p.delta !== undefined) {
    const delta = assertPositive(p.delta, "delta");
    if (Math.abs(delta * d - n) > 0.5) {
      throw invalidArgument("delta", `consistent with n/d = ${n}/${d}`, delta);
    }
  }

  const out: ResolvedDlnParams = {
    d,
    n,
    delta: n / d,
    alpha,
    rho,
    sigma,
    prior,
    teacherNormalization,
    T,
    seed,
    model,
    truncation,
    design,
    designOptions,
  };
  if (X) out.X = X;
  if (p.shape !== undefined) {
    const shape = assertFiniteArray(p.shape, "shape", d);
    for (let i = 0; i < d; i++) {
      if (!(shape[i] > 0)) throw invalidArgument(`shape[${i}]`, "a finite number > 0", shape[i]);
    }
    out.shape = shape;
  }
  if (p.wStar !== undefined) out.wStar = assertFiniteArray(p.wStar, "wStar", d);
  if (p.y !== undefined) out.y = assertFiniteArray(p.y, "y", n);
  return out;
}

/** Per-coordinate squared initial scale alpha_i² = (alpha·shape_i)². */
export function alphaSquared(params: ResolvedDlnParams): Float64Array {
  const a2 = new Float64Array(params.d);
  for (let i = 0; i < params.d; i++) {
    const a = params.alpha * (params.shape ? params.shape[i] : 1);
    a2[i] = a * a;
  }
  return a2;
}
