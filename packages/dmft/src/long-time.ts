import {
  assertInRange,
  assertInteger,
  assertNonNegative,
  assertPositive,
  brent,
  gaussKronrod,
  invalidArgument,
} from "@meanfield/linalg";
import { type Mobility, type MobilitySpec, resolveMobility, solveImplicitStep } from "./mobility.js";
import type { TeacherPriorSpec } from "./prior.js";

/** Parameters of the long-time analyses (no final time: t → ∞). */
export interface LongTimeParams {
  alpha: number;
  delta: number;
  rho: number;
  sigma: number;
  prior?: Exclude<TeacherPriorSpec, object>;
  mobility?: MobilitySpec;
  /** Truncation threshold τ of the DLN mobility (DmftParams.truncation; default Infinity). */
  truncation?: number;
}

export interface LongTimeResult {
  /** "interpolation" (delta < 1: w_∞ = argmin Q_alpha s.t. Xw = y) or "least-squares" (delta > 1). */
  regime: "interpolation" | "least-squares";
  /** ε_gen,∞ = E[(w_∞ − w*)²]. */
  genError: number;
  /** ‖w_∞‖₁/d (dln's metric of the same name). */
  l1Norm: number;
  /** ‖w_∞‖₂²/d (dln's metric of the same name). */
  l2NormSq: number;
  /** @deprecated l1Norm. */
  meanAbsW: number;
  /** @deprecated l2NormSq. */
  meanSquareW: number;
  /** Effective Gaussian noise level τ of the scalar problem w_∞ = prox_{θQ}(w* + τ z). */
  tau: number;
  /** Proximal parameter θ (0 in the least-squares regime). */
  theta: number;
  converged: boolean;
  iterations: number;
  residual: number;
  message: string;
}

/**
 * The prior as a mixture of components for the 1-D reduction of E over (w*, z): in component c
 * (weight pi) w* is either a point mass at `x0` or Gaussian N(0, s0²); with v = w* + τz the
 * conditional moments E[w* | v], E[w*² | v] are explicit, so every expectation of the long-time
 * problem is a 1-D Gaussian integral over v (done adaptively by Gauss–Kronrod, which resolves the
 * near-threshold kinks of the proximal map at small alpha).
 */
interface PriorComponent {
  pi: number;
  /** point mass location, or NaN for the Gaussian component */
  x0: number;
  /** std of the Gaussian component */
  s0: number;
}

export function priorComponents(prior: Exclude<TeacherPriorSpec, object>, rho: number): PriorComponent[] {
  if (prior === "gaussian") return [{ pi: 1, x0: Number.NaN, s0: 1 }];
  const a = 1 / Math.sqrt(rho);
  const out: PriorComponent[] = [];
  if (rho < 1) out.push({ pi: 1 - rho, x0: 0, s0: 0 });
  if (prior === "rademacherSparse") {
    out.push({ pi: rho / 2, x0: a, s0: 0 }, { pi: rho / 2, x0: -a, s0: 0 });
  } else if (prior === "bernoulliGaussian") {
    out.push({ pi: rho, x0: Number.NaN, s0: a });
  } else {
    throw invalidArgument("prior", '"bernoulliGaussian", "rademacherSparse" or "gaussian"', prior);
  }
  return out;
}

/**
 * E over w* ~ prior, z ~ N(0,1) of g(x0-moments, v) with v = w* + τz: g receives v and the
 * conditional moments m1 = E[w*|v], m2 = E[w*²|v].
 */
export function priorNoiseExpectation(
  comps: PriorComponent[],
  tau: number,
  g: (v: number, m1: number, m2: number) => number,
): number {
  let total = 0;
  for (const c of comps) {
    let mu: number;
    let sd: number;
    let m1: (v: number) => number;
    let m2: (v: number) => number;
    if (Number.isNaN(c.x0)) {
      const s2 = c.s0 * c.s0;
      const t2 = tau * tau;
      const beta = s2 / (s2 + t2);
      const cv = (s2 * t2) / (s2 + t2);
      mu = 0;
      sd = Math.sqrt(s2 + t2);
      m1 = (v) => beta * v;
      m2 = (v) => beta * beta * v * v + cv;
    } else {
      const x0 = c.x0;
      mu = x0;
      sd = tau;
      m1 = () => x0;
      m2 = () => x0 * x0;
    }
    if (sd === 0) {
      total += c.pi * g(mu, m1(mu), m2(mu));
      continue;
    }
    const f = (u: number) => {
      const v = mu + sd * u;
      return Math.exp(-0.5 * u * u) * g(v, m1(v), m2(v));
    };
    const r = gaussKronrod(f, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, {
      absTol: 1e-12,
      relTol: 1e-10,
      maxEvaluations: 20000,
    });
    total += (c.pi * r.value) / Math.sqrt(2 * Math.PI);
  }
  return total;
}

/**
 * prox_{θQ}(v) = argmin_x ½(x − v)² + θ Q(x), where Q is the mirror potential of the mobility,
 * Q'(w) = 4φ(w) (for the DLN Q = Q_alpha of theory/dln.md, "Implicit bias", Q'(w) = asinh(w/(2alpha²))). In φ it is the
 * same monotone scalar equation as one implicit step of the flow: φ + w(φ)/(4θ) = v/(4θ).
 * Returns x and prox'(v) = F/(F + 4θ), F = dw/dφ.
 */
export function proxMirror(m: Mobility, v: number, theta: number): { x: number; dx: number } {
  const c = 1 / (4 * theta);
  const phi = m.solveImplicit ? m.solveImplicit(v * c, c) : solveImplicitStep(m, v * c, c);
  const F = m.dwdphi(phi);
  return { x: m.w(phi), dx: F / (F + 4 * theta) };
}

/**
 * The long-time fixed point of the effective process (theory/dmft.md, "Long time"): for delta < 1 the flow
 * converges to w_∞ = argmin Q_alpha(w) s.t. Xw = y, whose high-dimensional limit is the scalar
 * problem (AMP state evolution / CGMT for an equality-constrained separable M-estimator, in the
 * project's scaling X_ai ~ N(0, 1/d)):
 *   w_∞ = prox_{θQ}(w* + τ z),   E[prox'] = delta,   delta τ² = sigma² + E[(w_∞ − w*)²].
 * For delta > 1 the flow converges to least squares: w_∞ = w* + τ z with τ² = sigma²/(delta − 1).
 * Quadrature: exact mixture over the prior and adaptive Gauss–Kronrod over v = w* + τz; θ by Brent in log θ (E[prox'] decreases from 1 to 0), log τ² by Brent.
 */
export function longTimeFixedPoint(
  params: LongTimeParams,
  options: { tol?: number; maxIterations?: number } = {},
): LongTimeResult {
  const alpha = assertPositive(params.alpha, "alpha");
  const delta = assertPositive(params.delta, "delta");
  const rho = assertInRange(params.rho, "rho", 0, 1, { lowerOpen: true });
  const sigma = assertNonNegative(params.sigma, "sigma");
  const tol = assertPositive(options.tol ?? 1e-9, "tol");
  const maxIterations = assertInteger(options.maxIterations ?? 200, "maxIterations", 1);
  const m = resolveMobility(params.mobility, alpha, params.truncation);
  const comps = priorComponents(params.prior ?? "bernoulliGaussian", rho);
  const moments = (tau: number, theta: number, all = false) => {
    const prox = (v: number) => (theta === 0 ? { x: v, dx: 1 } : proxMirror(m, v, theta));
    const genError = priorNoiseExpectation(comps, tau, (v, m1, m2) => {
      const x = prox(v).x;
      return x * x - 2 * x * m1 + m2;
    });
    const dprox = theta === 0 ? 1 : priorNoiseExpectation(comps, tau, (v) => prox(v).dx);
    const meanAbsW = all ? priorNoiseExpectation(comps, tau, (v) => Math.abs(prox(v).x)) : Number.NaN;
    const meanSquareW = all ? priorNoiseExpectation(comps, tau, (v) => prox(v).x ** 2) : Number.NaN;
    return { genError, dprox, meanAbsW, meanSquareW };
  };
  if (delta >= 1) {
    if (delta === 1 && sigma > 0) {
      throw invalidArgument("delta", "≠ 1 when sigma > 0 (least squares then has infinite error)", delta);
    }
    const tau = delta === 1 ? 0 : Math.sqrt((sigma * sigma) / (delta - 1));
    const mm = moments(tau, 0, true);
    return {
      regime: "least-squares",
      ...pick(mm),
      tau,
      theta: 0,
      converged: true,
      iterations: 0,
      residual: 0,
      message: "closed form (least squares)",
    };
  }
  const solveTheta = (tau: number) => {
    const f = (lt: number) => {
      const th = Math.exp(lt);
      return priorNoiseExpectation(comps, tau, (v) => proxMirror(m, v, th).dx) - delta;
    };
    return Math.exp(brent(f, -40, 40, { xtol: 1e-12 }).root);
  };
  // Outer equation in u = log τ²: h(u) = log((sigma² + ε(τ))/delta) − u, solved by Brent after
  // bracketing (plain iteration of τ² converges slowly near the recovery transition).
  let evals = 0;
  let theta = 1;
  let mm = moments(1, theta);
  const h = (u: number) => {
    evals++;
    const tau = Math.exp(0.5 * u);
    theta = solveTheta(tau);
    mm = moments(tau, theta);
    return Math.log(Math.max(sigma * sigma + mm.genError, 1e-300) / delta) - u;
  };
  let lo = Math.log((sigma * sigma + 1) / delta);
  let hLo = h(lo);
  let hi = lo;
  let hHi = hLo;
  let step = 1;
  while (hLo * hHi > 0 && evals < maxIterations) {
    if (hLo > 0) {
      lo = hi;
      hi = lo + step;
      hLo = hHi;
      hHi = h(hi);
    } else {
      hi = lo;
      lo = hi - step;
      hHi = hLo;
      hLo = h(lo);
    }
    step *= 2;
  }
  const root = brent(h, Math.min(lo, hi), Math.max(lo, hi), { xtol: tol, maxIterations });
  const u = root.root;
  const residual = Math.abs(h(u));
  const tau2 = Math.exp(u);
  const it = evals;
  theta = solveTheta(Math.sqrt(tau2));
  mm = moments(Math.sqrt(tau2), theta, true);
  const converged = root.converged && residual < 1e-6;
  return {
    regime: "interpolation",
    ...pick(mm),
    tau: Math.sqrt(tau2),
    theta,
    converged,
    iterations: Math.min(it, maxIterations),
    residual,
    message: converged ? "converged" : `τ² equation not solved (|h| = ${residual}; ${root.message})`,
  };
}

function pick(mm: { genError: number; meanAbsW: number; meanSquareW: number }) {
  return {
    genError: mm.genError,
    l1Norm: mm.meanAbsW,
    l2NormSq: mm.meanSquareW,
    meanAbsW: mm.meanAbsW,
    meanSquareW: mm.meanSquareW,
  };
}
