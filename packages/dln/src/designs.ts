import {
  assertInRange,
  assertOneOf,
  assertPositiveInteger,
  createMatrix,
  type DenseMatrix,
  invalidArgument,
  type Rng,
} from "@meanfield/linalg";
import { gaussianDesign } from "./design.js";

/**
 * Built-in random designs. Every one has rows i.i.d. with E[x_ij] = 0 and E[x_ij²] = 1/d exactly (in
 * distribution), the second moments of the Gaussian design of theory/dln.md, "Model":
 * - gaussian: i.i.d. N(0, 1/d) (the default; the numbers of gaussianDesign);
 * - rademacher: i.i.d. ±1/√d with probability ½ each;
 * - sparseBernoulli: i.i.d. 0 with probability 1 − p, else ±1/√(p d) (p = `sparsity`);
 * - studentT: i.i.d. Student-t with ν = `dof` degrees of freedom scaled to variance 1/d;
 * - correlatedGaussian: rows i.i.d. N(0, Σ/d) with the AR(1) column correlation Σ_jk = r^|j−k| (r = `correlation`).
 *
 * The first four are entry-wise i.i.d. with the Gaussian design's mean and variance, which is the setting
 * in which the DMFT of theory/dln.md is expected to apply unchanged at large n and d (universality: only
 * the second moments enter); comparing against them is a test of that claim, not a consequence of it.
 * correlatedGaussian is NOT covered by the i.i.d. theory: the spectrum of XᵀX is no longer Marchenko–Pastur,
 * and the excess risk of w is (w − w*)ᵀΣ(w − w*)/d rather than the `genError` = ‖w − w*‖²/d the
 * simulators report.
 */
export const DESIGNS = [
  "gaussian",
  "rademacher",
  "sparseBernoulli",
  "studentT",
  "correlatedGaussian",
] as const;
export type DesignName = (typeof DESIGNS)[number];

/** Options of the built-in designs; each applies to one design and is ignored (but range-checked) by the others. */
export interface DesignOptions {
  /** sparseBernoulli: probability p ∈ (0, 1] that an entry is non-zero (default 0.1). */
  sparsity?: number;
  /** studentT: degrees of freedom ν > 4, so that the fourth moment is finite (default 5). */
  dof?: number;
  /** correlatedGaussian: AR(1) correlation r ∈ (−1, 1) between neighbouring columns (default 0.5). */
  correlation?: number;
}

/** The defaults of DesignOptions. */
export const DESIGN_OPTION_DEFAULTS = { sparsity: 0.1, dof: 5, correlation: 0.5 } as const;

const OPTION_KEYS = ["sparsity", "dof", "correlation"] as const;

/** The option each design reads. */
const OPTION_OF: Record<DesignName, (typeof OPTION_KEYS)[number] | undefined> = {
  gaussian: undefined,
  rademacher: undefined,
  sparseBernoulli: "sparsity",
  studentT: "dof",
  correlatedGaussian: "correlation",
};

/** A design name, checked against DESIGNS (the error names `name`, default "design", and lists the allowed names). */
export function assertDesignName(value: unknown, name = "design"): DesignName {
  return assertOneOf(value, name, DESIGNS);
}

/**
 * Checks design options (an object with only the keys sparsity, dof, correlation; undefined values count as
 * absent) and returns the option the design `design` reads, with its default filled in (an empty object for
 * gaussian and rademacher). Errors name `${prefix}sparsity` etc. and the allowed range.
 */
export function resolveDesignOptions(design: DesignName, options: unknown, prefix = ""): DesignOptions {
  const o: Record<string, unknown> = {};
  if (options !== undefined) {
    if (typeof options !== "object" || options === null || Array.isArray(options))
      throw invalidArgument(prefix ? prefix.replace(/\.$/, "") : "options", "an object", options);
    for (const [k, v] of Object.entries(options)) {
      if (v === undefined) continue;
      if (!(OPTION_KEYS as readonly string[]).includes(k))
        throw invalidArgument(
          `${prefix}${k}`,
          `absent (design options are ${OPTION_KEYS.map((x) => JSON.stringify(x)).join(", ")})`,
          v,
        );
      o[k] = v;
    }
  }
  const sparsity =
    o.sparsity === undefined
      ? DESIGN_OPTION_DEFAULTS.sparsity
      : assertInRange(o.sparsity, `${prefix}sparsity`, 0, 1, { lowerOpen: true });
  let dof: number = DESIGN_OPTION_DEFAULTS.dof;
  if (o.dof !== undefined) {
    if (typeof o.dof !== "number" || !Number.isFinite(o.dof) || !(o.dof > 4))
      throw invalidArgument(`${prefix}dof`, "a finite number > 4 (finite fourth moment)", o.dof);
    dof = o.dof;
  }
  const correlation =
    o.correlation === undefined
      ? DESIGN_OPTION_DEFAULTS.correlation
      : assertInRange(o.correlation, `${prefix}correlation`, -1, 1, { lowerOpen: true, upperOpen: true });
  const key = OPTION_OF[design];
  if (key === "sparsity") return { sparsity };
  if (key === "dof") return { dof };
  if (key === "correlation") return { correlation };
  return {};
}

/**
 * An n×d design from the built-in distribution `name` (see DESIGNS), drawn row by row from `rng`, so a seed
 * gives the same matrix on every machine. "gaussian" is exactly gaussianDesign(n, d, rng). Throws a
 * MeanfieldError naming `design`, `n`, `d`, `sparsity`, `dof` or `correlation` for bad input.
 */
export function randomDesign(
  name: DesignName,
  n: number,
  d: number,
  rng: Rng,
  options?: DesignOptions,
): DenseMatrix {
  const design = assertDesignName(name);
  assertPositiveInteger(n, "n");
  assertPositiveInteger(d, "d");
  if (typeof rng !== "object" || rng === null || typeof rng.normal !== "function")
    throw invalidArgument("rng", "an Rng from createRng", rng);
  const opts = resolveDesignOptions(design, options);
  switch (design) {
    case "gaussian":
      return gaussianDesign(n, d, rng);
    case "rademacher":
      return rademacherDesign(n, d, rng);
    case "sparseBernoulli":
      return sparseBernoulliDesign(n, d, opts.sparsity as number, rng);
    case "studentT":
      return studentTDesign(n, d, opts.dof as number, rng);
    case "correlatedGaussian":
      return correlatedGaussianDesign(n, d, opts.correlation as number, rng);
  }
}

/** ±1/√d with probability ½: one uniform per entry (negative when it is < ½). */
function rademacherDesign(n: number, d: number, rng: Rng): DenseMatrix {
  const X = createMatrix(n, d);
  const a = 1 / Math.sqrt(d);
  const x = X.data;
  for (let k = 0; k < x.length; k++) x[k] = rng.uniform() < 0.5 ? -a : a;
  return X;
}

/**
 * 0 with probability 1 − p, else ±1/√(p d) with equal probability: one uniform u per entry, −a when u < p/2,
 * +a when p/2 ≤ u < p, 0 otherwise. E[x²] = p · 1/(p d) = 1/d.
 */
function sparseBernoulliDesign(n: number, d: number, p: number, rng: Rng): DenseMatrix {
  const X = createMatrix(n, d);
  const a = 1 / Math.sqrt(p * d);
  const half = p / 2;
  const x = X.data;
  for (let k = 0; k < x.length; k++) {
    const u = rng.uniform();
    x[k] = u < p ? (u < half ? -a : a) : 0;
  }
  return X;
}

/**
 * Student-t entries t = z / √(χ²_ν/ν), scaled by √((ν−2)/ν)/√d so that E[x²] = 1/d (Var t = ν/(ν−2)). Per entry:
 * z = rng.normal(), then χ²_ν = 2·Gamma(ν/2) from gammaShapeAbove1 (Marsaglia–Tsang, so non-integer ν works).
 * The kurtosis of the entries is 3 + 6/(ν − 4).
 */
function studentTDesign(n: number, d: number, nu: number, rng: Rng): DenseMatrix {
  const X = createMatrix(n, d);
  const scale = Math.sqrt((nu - 2) / nu) / Math.sqrt(d);
  const x = X.data;
  for (let k = 0; k < x.length; k++) {
    const z = rng.normal();
    const chi2 = 2 * gammaShapeAbove1(nu / 2, rng);
    x[k] = (scale * z) / Math.sqrt(chi2 / nu);
  }
  return X;
}

/**
 * A Gamma(a, 1) draw for a ≥ 1 by Marsaglia & Tsang (2000), "A simple method for generating gamma variables":
 * with c = a − 1/3, repeat x = rng.normal(), v = (1 + x/√(9c))³ until v > 0 and a uniform u passes the squeeze
 * u < 1 − 0.0331x⁴ or log u < x²/2 + c(1 − v + log v); return c·v. Acceptance rate > 95%.
 */
export function gammaShapeAbove1(a: number, rng: Rng): number {
  if (!(a >= 1) || !Number.isFinite(a)) throw invalidArgument("a", "a finite number ≥ 1", a);
  const c = a - 1 / 3;
  const s = 1 / Math.sqrt(9 * c);
  for (;;) {
    const x = rng.normal();
    let v = 1 + s * x;
    if (v <= 0) continue;
    v = v * v * v;
    const u = rng.uniform();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return c * v;
    if (Math.log(u) < 0.5 * x2 + c * (1 - v + Math.log(v))) return c * v;
  }
}

/**
 * Rows i.i.d. N(0, Σ/d), Σ_jk = r^|j−k|, by the AR(1) recursion along each row: x_0 = ε_0,
 * x_j = r x_{j−1} + √(1 − r²) ε_j with ε_j = rng.normal(), all divided by √d. Each entry has variance 1/d and
 * neighbouring columns correlation r; with r = 0 the numbers are exactly those of the gaussian design.
 */
function correlatedGaussianDesign(n: number, d: number, r: number, rng: Rng): DenseMatrix {
  const X = createMatrix(n, d);
  const scale = 1 / Math.sqrt(d);
  const innovation = Math.sqrt(1 - r * r);
  const x = X.data;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let prev = rng.normal();
    x[row] = scale * prev;
    for (let j = 1; j < d; j++) {
      prev = r * prev + innovation * rng.normal();
      x[row + j] = scale * prev;
    }
  }
  return X;
}
