import { createRng, type DenseMatrix, matVec, type Rng } from "@meanfield/linalg";
import { standardizeDesign } from "./design.js";
import { type DesignName, type DesignOptions, randomDesign } from "./designs.js";
import type { ResolvedDlnParams } from "./params.js";
import { sampleTeacher } from "./teacher.js";

/** One data set: design X (n×d), labels y = X w* + sigma ξ, and the teacher w* (absent for user labels). */
export interface DlnData {
  X: DenseMatrix;
  y: Float64Array;
  wStar?: Float64Array;
}

/**
 * Draws (or assembles) the data of an experiment. Each random ingredient has its own sub-stream of the
 * seed (`design`, `teacher`, `noise`), so changing n does not change the teacher and vice versa.
 * - X: the user design standardised (see standardizeDesign), else drawn from the built-in `design` (default
 *   "gaussian": N(0, 1/d) entries, theory/dln.md, "Model"; see randomDesign) with its `designOptions`;
 * - w*: the user vector, else drawn from `prior` (not drawn when user labels are given without w*);
 * - y: the user labels, else X w* + sigma ξ.
 */
export function createDlnData(params: ResolvedDlnParams): DlnData {
  const rng = createRng(params.seed);
  const X = params.X
    ? standardizeDesign(params.X)
    : randomDesign(params.design ?? "gaussian", params.n, params.d, rng.fork("design"), params.designOptions);
  let wStar = params.wStar;
  if (!wStar && !params.y)
    wStar = sampleTeacher(
      params.prior,
      params.d,
      params.rho,
      rng.fork("teacher"),
      params.teacherNormalization,
    );
  let y: Float64Array;
  if (params.y) {
    y = Float64Array.from(params.y);
  } else {
    y = matVec(X, wStar as Float64Array);
    if (params.sigma > 0) {
      const noise = rng.fork("noise");
      for (let i = 0; i < y.length; i++) y[i] += params.sigma * noise.normal();
    }
  }
  return wStar ? { X, y, wStar } : { X, y };
}

/** Fresh test inputs (nTest × d, by default entries N(0, 1/d)) and their noiseless teacher labels. */
export interface TestSet {
  X: DenseMatrix;
  y: Float64Array;
}

/**
 * Draws a fresh test set for the Monte Carlo check of ε_gen (the exact formula is genError below), with inputs
 * from the built-in `design` (default "gaussian", the former behaviour; see randomDesign).
 */
export function sampleTestSet(
  wStar: Float64Array,
  nTest: number,
  rng: Rng,
  design: DesignName = "gaussian",
  designOptions?: DesignOptions,
): TestSet {
  const X = randomDesign(design, nTest, wStar.length, rng, designOptions);
  return { X, y: matVec(X, wStar) };
}

/** Mean squared test error (1/nTest) Σ (x·w − y)² on a fresh test set: a Monte Carlo estimate of ε_gen. */
export function testError(w: Float64Array, test: TestSet): number {
  const p = matVec(test.X, w);
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const e = p[i] - test.y[i];
    s += e * e;
  }
  return s / p.length;
}

/**
 * The exact excess test risk for x ~ N(0, I/d): ε_gen = E_x[(x·(w − w*))²] = ‖w − w*‖² / d (theory/dln.md, "Metrics").
 * The same for any input with uncorrelated entries of variance 1/d (every built-in design but correlatedGaussian,
 * whose excess risk is (w − w*)ᵀΣ(w − w*)/d).
 */
export function genError(w: Float64Array, wStar: Float64Array): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) {
    const e = w[i] - wStar[i];
    s += e * e;
  }
  return s / w.length;
}
