import {
  assertPositive,
  assertPositiveInteger,
  cholesky,
  choleskySolve,
  type DenseMatrix,
  invalidArgument,
  matTVec,
  matVec,
  rowGram,
  selectColumns,
  solveNormalEquations,
  solveWithCholeskyFactor,
  transpose,
} from "@meanfield/linalg";
import { validateProblem } from "./validate-problem.js";

const RELAX = 1.6;

export interface BasisPursuitOptions {
  /** ADMM penalty rho (default 1; adapted by residual balancing). */
  penalty?: number;
  maxIterations?: number;
  /** Certification tolerance on the relative duality gap and the primal residual (default 1e-9). */
  tol?: number;
  /** Try to polish (support + sign least squares) every this many iterations (default 25). */
  polishEvery?: number;
}

export interface BasisPursuitResult {
  /** Primal solution w (Xw = y up to `primalResidual`). */
  w: Float64Array;
  /** Dual solution μ, scaled to be feasible: ‖Xᵀμ‖∞ ≤ 1. */
  dual: Float64Array;
  /** ‖w‖₁. */
  primalObjective: number;
  /** yᵀμ (a lower bound on the optimal ‖w‖₁ by weak duality, given μ feasible). */
  dualObjective: number;
  /** primalObjective − dualObjective. */
  gap: number;
  /** ‖Xw − y‖₂. */
  primalResidual: number;
  /** max(0, ‖Xᵀμ‖∞ − 1) before the feasibility scaling. */
  dualInfeasibility: number;
  /** True when the gap is ≤ tol·max(1, ‖w‖₁) and the primal residual ≤ tol·max(1, ‖y‖). */
  certified: boolean;
  converged: boolean;
  polished: boolean;
  iterations: number;
  message: string;
}

/**
 * Basis pursuit min ‖w‖₁ s.t. Xw = y (theory/dln.md, "Implicit bias": the alpha → 0 limit) by ADMM (Boyd et al. 2011, §6.2):
 * x ← projection of z − u onto {Xx = y} (Cholesky of XXᵀ, once), z ← soft-threshold(x + u, 1/rho),
 * u ← u + x − z. At a fixed point rho·u ∈ ∂‖z‖₁ ∩ range(Xᵀ), so μ = (XXᵀ)⁻¹X(rho·u) is a dual estimate.
 * Periodically the support S and signs of z are polished: w_S by least squares on X_S (exact
 * feasibility), μ corrected by the minimal change giving X_Sᵀμ = sign(w_S). The result is certified by
 * weak duality: for Xw = y and ‖Xᵀμ‖∞ ≤ 1, yᵀμ ≤ ‖w*‖₁ ≤ ‖w‖₁, so gap = ‖w‖₁ − yᵀμ bounds the suboptimality.
 */
export function basisPursuit(
  X: DenseMatrix,
  y: Float64Array | number[],
  options: BasisPursuitOptions = {},
): BasisPursuitResult {
  const yy = validateProblem(X, y);
  const { rows: n, cols: d } = X;
  if (n > d)
    throw invalidArgument(
      "X",
      "a design with n ≤ d (basis pursuit needs an under-determined system)",
      `${n}×${d}`,
    );
  let rho = options.penalty === undefined ? 1 : assertPositive(options.penalty, "penalty");
  const maxIt =
    options.maxIterations === undefined
      ? 20000
      : assertPositiveInteger(options.maxIterations, "maxIterations");
  const tol = options.tol === undefined ? 1e-9 : assertPositive(options.tol, "tol");
  const polishEvery =
    options.polishEvery === undefined ? 25 : assertPositiveInteger(options.polishEvery, "polishEvery");
  let ynorm = 0;
  for (let i = 0; i < n; i++) ynorm += yy[i] * yy[i];
  ynorm = Math.sqrt(ynorm);

  const K = rowGram(X);
  const L = cholesky(K);
  const solveK = (b: Float64Array): Float64Array => solveWithCholeskyFactor(L, b);

  const x = new Float64Array(d);
  const z = new Float64Array(d);
  const zOld = new Float64Array(d);
  const u = new Float64Array(d);
  const v = new Float64Array(d);
  const Xv = new Float64Array(n);
  const corr = new Float64Array(d);

  const dualEstimate = (): Float64Array => {
    const ru = new Float64Array(d);
    for (let i = 0; i < d; i++) ru[i] = rho * u[i];
    return solveK(matVec(X, ru));
  };

  const evaluate = (
    w: Float64Array,
    mu: Float64Array,
    polished: boolean,
    iterations: number,
    converged: boolean,
  ) => {
    const r = matVec(X, w);
    let rr = 0;
    for (let i = 0; i < n; i++) rr += (r[i] - yy[i]) ** 2;
    const xtmu = matTVec(X, mu);
    let c = 0;
    for (let i = 0; i < d; i++) c = Math.max(c, Math.abs(xtmu[i]));
    const feasible = Float64Array.from(mu);
    if (c > 1) for (let i = 0; i < n; i++) feasible[i] /= c;
    let l1 = 0;
    for (let i = 0; i < d; i++) l1 += Math.abs(w[i]);
    let ymu = 0;
    for (let i = 0; i < n; i++) ymu += yy[i] * feasible[i];
    const gap = l1 - ymu;
    const primalResidual = Math.sqrt(rr);
    const certified = gap <= tol * Math.max(1, l1) && primalResidual <= tol * Math.max(1, ynorm);
    return {
      w,
      dual: feasible,
      primalObjective: l1,
      dualObjective: ymu,
      gap,
      primalResidual,
      dualInfeasibility: Math.max(0, c - 1),
      certified,
      converged: converged || certified,
      polished,
      iterations,
      message: "",
    };
  };

  // Support/sign polish from the current z and dual estimate.
  const polish = (iterations: number): BasisPursuitResult | undefined => {
    let zmax = 0;
    for (let i = 0; i < d; i++) zmax = Math.max(zmax, Math.abs(z[i]));
    if (zmax === 0) return undefined;
    const S: number[] = [];
    for (let i = 0; i < d; i++) if (Math.abs(z[i]) > 1e-9 * zmax) S.push(i);
    if (S.length > n) return undefined;
    let wS: Float64Array;
    try {
      wS = solveNormalEquations(selectColumns(X, S), yy);
    } catch {
      return undefined;
    }
    const sigma = new Float64Array(S.length);
    for (let k = 0; k < S.length; k++) {
      if (Math.sign(wS[k]) !== Math.sign(z[S[k]])) return undefined;
      sigma[k] = Math.sign(wS[k]);
    }
    const w = new Float64Array(d);
    for (let k = 0; k < S.length; k++) w[S[k]] = wS[k];
    // μ = μ0 + X_S (X_SᵀX_S)⁻¹ (σ − X_Sᵀ μ0): the smallest change making X_Sᵀμ = σ.
    const mu = dualEstimate();
    const XS = selectColumns(X, S);
    const XSt = transpose(XS);
    const defect = matVec(XSt, mu);
    for (let k = 0; k < S.length; k++) defect[k] = sigma[k] - defect[k];
    let coef: Float64Array;
    try {
      coef = choleskySolve(rowGram(XSt), defect);
    } catch {
      return undefined;
    }
    const dmu = matVec(XS, coef);
    for (let i = 0; i < n; i++) mu[i] += dmu[i];
    const out = evaluate(w, mu, true, iterations, false);
    if (!out.certified) return undefined;
    out.message = `certified after ${iterations} ADMM iterations and polishing on |S| = ${S.length}`;
    return out;
  };

  const supportSignature = (): string => {
    let out = "";
    for (let i = 0; i < d; i++) if (z[i] !== 0) out += `${z[i] > 0 ? "+" : "-"}${i},`;
    return out;
  };
  let lastSignature = "";
  let it = 0;
  for (; it < maxIt; it++) {
    for (let i = 0; i < d; i++) v[i] = z[i] - u[i];
    matVec(X, v, Xv);
    for (let i = 0; i < n; i++) Xv[i] -= yy[i];
    matTVec(X, solveK(Xv), corr);
    for (let i = 0; i < d; i++) x[i] = v[i] - corr[i];
    zOld.set(z);
    const kappa = 1 / rho;
    let rPrim = 0;
    let rDual = 0;
    let xn = 0;
    let zn = 0;
    let un = 0;
    for (let i = 0; i < d; i++) {
      // Over-relaxation x̂ = 1.6x + (1 − 1.6)z_old (Boyd et al. 2011, §3.4.3) speeds convergence.
      const xh = RELAX * x[i] + (1 - RELAX) * zOld[i];
      const a = xh + u[i];
      z[i] = a > kappa ? a - kappa : a < -kappa ? a + kappa : 0;
      u[i] += xh - z[i];
      rPrim += (x[i] - z[i]) ** 2;
      rDual += (rho * (z[i] - zOld[i])) ** 2;
      xn += x[i] * x[i];
      zn += z[i] * z[i];
      un += (rho * u[i]) ** 2;
    }
    rPrim = Math.sqrt(rPrim);
    rDual = Math.sqrt(rDual);
    if ((it + 1) % polishEvery === 0) {
      // Polishing costs O(|S|²n); try it only once the support and signs have stopped changing.
      const signature = supportSignature();
      if (signature === lastSignature) {
        const p = polish(it + 1);
        if (p) return p;
      }
      lastSignature = signature;
    }
    const epsPrim = Math.sqrt(d) * 1e-12 + tol * Math.max(Math.sqrt(xn), Math.sqrt(zn));
    const epsDual = Math.sqrt(d) * 1e-12 + tol * Math.sqrt(un);
    if (rPrim <= epsPrim && rDual <= epsDual) {
      it++;
      break;
    }
    // Residual balancing (Boyd et al. 2011, §3.4.1); u is the scaled dual, so rescale it with rho.
    if ((it + 1) % 10 === 0) {
      if (rPrim > 10 * rDual) {
        rho *= 2;
        for (let i = 0; i < d; i++) u[i] /= 2;
      } else if (rDual > 10 * rPrim) {
        rho /= 2;
        for (let i = 0; i < d; i++) u[i] *= 2;
      }
    }
  }
  const p = polish(it);
  if (p) return p;
  const out = evaluate(Float64Array.from(z), dualEstimate(), false, it, false);
  out.message = out.certified
    ? `certified after ${it} ADMM iterations`
    : `not certified after ${it} ADMM iterations: gap ${out.gap.toExponential(3)}, residual ${out.primalResidual.toExponential(3)}`;
  return out;
}
