import { assertFiniteArray, invalidArgument, weightedLineFit } from "@meanfield/linalg";
import type { DmftResult } from "./dmft-result.js";

export type SmallAlphaQuantity = "genError" | "trainLoss" | "activeFraction";

export interface SmallAlphaLimit {
  quantity: SmallAlphaQuantity;
  /** Rescaled times τ = t / ln(1/alpha). */
  tau: Float64Array;
  /** The solves' alphas, in the order given. */
  alphas: number[];
  /** Each solve's value at τ (interpolated in (ln t, ln v)) and its standard error (Monte Carlo, discretisation, interpolation). */
  values: Float64Array[];
  errors: Float64Array[];
  /** The alpha → 0 limit at each τ: exp(intercept) of ln v ≈ ln limit + correction/ln(1/alpha). */
  limit: Float64Array;
  /** Its standard error (delta method, from the solves' errors). */
  limitStdErr: Float64Array;
  /** The coefficient of 1/ln(1/alpha), and its standard error. */
  correction: Float64Array;
  correctionStdErr: Float64Array;
  /** χ² of the fit at each τ, with `dof` = solves − 2 degrees of freedom: χ² ≫ dof says the 1/ln(1/alpha) law does not describe the solves within their errors. */
  chi2: Float64Array;
  dof: number;
}

const FIELDS = {
  genError: ["genError", "genErrorStdErr", "genErrorDiscError"],
  trainLoss: ["trainLoss", "trainLossStdErr", "trainLossDiscError"],
  activeFraction: ["activeFraction", "activeFractionStdErr", "activeFractionDiscError"],
} as const;

/** v at time x by linear interpolation in (ln t, ln v), its error, and the interpolation-error estimate. */
function readAt(t: Float64Array, v: Float64Array, e: Float64Array, x: number): [number, number] {
  let k = 1;
  while (k < t.length - 1 && t[k] < x) k++;
  const t0 = t[k - 1];
  const t1 = t[k];
  const w = (x - t0) / (t1 - t0);
  const lin = (1 - w) * v[k - 1] + w * v[k];
  const err = (1 - w) * e[k - 1] + w * e[k];
  if (!(t0 > 0 && v[k - 1] > 0 && v[k] > 0)) return [lin, err];
  const f = Math.log(x / t0) / Math.log(t1 / t0);
  const logLin = Math.exp((1 - f) * Math.log(v[k - 1]) + f * Math.log(v[k]));
  return [logLin, Math.hypot(err, logLin - lin)];
}

/**
 * The alpha → 0 limit of DMFT curves on the rescaled clock τ = t / ln(1/alpha) (theory/dmft.md, "The small-alpha
 * limit"). Finite alpha shifts every activation by O(1) in t, i.e. O(1/ln(1/alpha)) in τ, so at fixed τ
 * ln v(alpha, τ) = ln v₀(τ) + c(τ)/ln(1/alpha) + O(1/ln²(1/alpha)); this fits that law through the solves
 * (weighted by their errors) and returns v₀ with its standard error, c, and the fit's χ² — the check that
 * the solves approach the limit at the predicted rate. The log is used because the curves span decades
 * (the correction is multiplicative there); to first order it is the same law for v. Needs ≥ 3 solves with
 * distinct alpha < 1, each reaching the largest τ (T ≥ τ·ln(1/alpha)).
 */
export function smallAlphaLimit(
  solves: Pick<DmftResult, "t" | "params" | (typeof FIELDS)[SmallAlphaQuantity][number]>[],
  options: { tau: ArrayLike<number>; quantity?: SmallAlphaQuantity },
): SmallAlphaLimit {
  const quantity = options.quantity ?? "genError";
  if (!(quantity in FIELDS))
    throw invalidArgument("quantity", '"genError", "trainLoss" or "activeFraction"', quantity);
  if (!Array.isArray(solves) || solves.length < 3) {
    throw invalidArgument(
      "solves",
      "at least 3 DMFT solves (two parameters and a degree of freedom for χ²)",
      solves?.length,
    );
  }
  const alphas = solves.map((s) => s.params.alpha);
  if (alphas.some((a) => !(a < 1))) throw invalidArgument("solves[].params.alpha", "< 1", alphas);
  if (new Set(alphas).size !== alphas.length)
    throw invalidArgument("solves[].params.alpha", "distinct values", alphas);
  const tau = Float64Array.from(assertFiniteArray(Array.from(options.tau), "tau"));
  for (let k = 0; k < tau.length; k++) {
    if (!(tau[k] > 0) || (k > 0 && tau[k] <= tau[k - 1]))
      throw invalidArgument("tau", "increasing times > 0", options.tau);
  }
  const [vKey, seKey, discKey] = FIELDS[quantity];
  const m = tau.length;
  const values: Float64Array[] = [];
  const errors: Float64Array[] = [];
  for (const [i, s] of solves.entries()) {
    const L = Math.log(1 / alphas[i]);
    const t = s.t;
    if (tau[m - 1] * L > t[t.length - 1] * (1 + 1e-12)) {
      throw invalidArgument(
        "tau",
        `at most T/ln(1/alpha) = ${t[t.length - 1] / L} for the solve at alpha = ${alphas[i]}`,
        tau[m - 1],
      );
    }
    const v = s[vKey] as Float64Array;
    const se = s[seKey] as Float64Array;
    const disc = s[discKey] as Float64Array;
    const e = Float64Array.from(v, (_, k) => Math.hypot(se[k], disc[k]));
    const vals = new Float64Array(m);
    const errs = new Float64Array(m);
    for (let k = 0; k < m; k++) [vals[k], errs[k]] = readAt(t, v, e, tau[k] * L);
    values.push(vals);
    errors.push(errs);
  }
  const x = alphas.map((a) => 1 / Math.log(1 / a));
  const out = {
    limit: new Float64Array(m),
    limitStdErr: new Float64Array(m),
    correction: new Float64Array(m),
    correctionStdErr: new Float64Array(m),
    chi2: new Float64Array(m),
  };
  for (let k = 0; k < m; k++) {
    const y = values.map((v) => v[k]);
    const rel = errors.map((e, i) => e[k] / values[i][k]);
    if (y.some((v) => !(v > 0)) || rel.some((r) => !(r > 0) || !Number.isFinite(r))) {
      out.limit[k] =
        out.limitStdErr[k] =
        out.correction[k] =
        out.correctionStdErr[k] =
        out.chi2[k] =
          Number.NaN;
      continue;
    }
    const fit = weightedLineFit(
      x,
      y.map((v) => Math.log(v)),
      rel,
    );
    out.limit[k] = Math.exp(fit.intercept);
    out.limitStdErr[k] = out.limit[k] * fit.interceptStdErr;
    out.correction[k] = fit.slope;
    out.correctionStdErr[k] = fit.slopeStdErr;
    out.chi2[k] = fit.chi2;
  }
  return { quantity, tau, alphas, values, errors, ...out, dof: solves.length - 2 };
}
