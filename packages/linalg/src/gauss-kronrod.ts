import { assertPositive, assertPositiveInteger, invalidArgument } from "./validate.js";

/*
 * Globally adaptive Gauss–Kronrod (7, 15) quadrature in the manner of QUADPACK's QAG/QAGI (Piessens
 * et al. 1983), without epsilon extrapolation: the interval with the largest error estimate is
 * bisected until Σ errors ≤ max(absTol, relTol·|value|). Infinite ranges are mapped to finite ones
 * (x = a + t/(1−t) on [a, ∞), x = b − t/(1−t) on (−∞, b], x = t/(1−t²) on ℝ); the 15 Kronrod nodes
 * are interior, so the singular end-points of the maps are never evaluated.
 * Known limitation (shared with QUADPACK): a jump of f lying between a panel's end and its outermost
 * node (a strip of 0.4 % of the panel) can go unseen; pass such locations in `points`.
 */

// 15-point Kronrod abscissae (positive half, descending, last = 0), their weights, and the weights of
// the embedded 7-point Gauss rule (abscissae XGK[1], XGK[3], XGK[5], XGK[7]).
const XGK = [
  0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945, 0.5860872354676911,
  0.4058451513773972, 0.20778495500789848, 0,
];
const WGK = [
  0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592, 0.1690047266392679,
  0.19035057806478542, 0.20443294007529889, 0.20948214108472782,
];
const WG = [0.1294849661688697, 0.27970539148927664, 0.3818300505051189, 0.4179591836734694];

export interface GaussKronrodOptions {
  /** Absolute error tolerance (default 1e-12). */
  absTol?: number;
  /** Relative error tolerance (default 1e-10). */
  relTol?: number;
  /** Budget of f evaluations (default 15 000). */
  maxEvaluations?: number;
  /**
   * Break points inside (a, b) where f has kinks or jumps (scipy's `points`): the first subdivision
   * starts from them, so the adaptive refinement cannot overlook them.
   */
  points?: readonly number[];
}

export interface GaussKronrodResult {
  value: number;
  /** Estimated absolute error (sum over the final intervals). */
  error: number;
  evaluations: number;
  converged: boolean;
  message: string;
}

interface Segment {
  a: number;
  b: number;
  value: number;
  error: number;
}

const EPS = 2.220446049250313e-16;

function kronrod15(g: (t: number) => number, a: number, b: number): Segment {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = g(c);
  let resK = fc * WGK[7];
  let resG = fc * WG[3];
  let resAbs = Math.abs(resK);
  const fv1 = new Array<number>(7);
  const fv2 = new Array<number>(7);
  for (let j = 0; j < 7; j++) {
    const dx = h * XGK[j];
    const f1 = g(c - dx);
    const f2 = g(c + dx);
    fv1[j] = f1;
    fv2[j] = f2;
    resK += WGK[j] * (f1 + f2);
    resAbs += WGK[j] * (Math.abs(f1) + Math.abs(f2));
    if (j % 2 === 1) resG += WG[(j - 1) / 2] * (f1 + f2);
  }
  const mean = resK * 0.5;
  let resAsc = WGK[7] * Math.abs(fc - mean);
  for (let j = 0; j < 7; j++) resAsc += WGK[j] * (Math.abs(fv1[j] - mean) + Math.abs(fv2[j] - mean));
  const ah = Math.abs(h);
  const value = resK * h;
  resAbs *= ah;
  resAsc *= ah;
  // QUADPACK's error estimate: the Gauss–Kronrod difference, sharpened by resasc, floored at rounding level.
  let error = Math.abs((resK - resG) * h);
  if (resAsc !== 0 && error !== 0) error = resAsc * Math.min(1, ((200 * error) / resAsc) ** 1.5);
  if (resAbs > Number.MIN_VALUE / (50 * EPS)) error = Math.max(50 * EPS * resAbs, error);
  return { a, b, value, error };
}

/**
 * ∫_a^b f(x) dx for finite or infinite a, b (a > b gives minus the reverse integral), adaptively to
 * |error| ≤ max(absTol, relTol·|value|) (defaults 1e-12 and 1e-10) within `maxEvaluations` (default
 * 15 000) calls of f. Returns `converged: false` with a message, instead of throwing, when the
 * tolerance was not met or f returned a non-finite value.
 */
export function gaussKronrod(
  f: (x: number) => number,
  a: number,
  b: number,
  options: GaussKronrodOptions = {},
): GaussKronrodResult {
  if (typeof f !== "function") throw invalidArgument("f", "a function", f);
  if (typeof a !== "number" || Number.isNaN(a)) throw invalidArgument("a", "a number (±Infinity allowed)", a);
  if (typeof b !== "number" || Number.isNaN(b)) throw invalidArgument("b", "a number (±Infinity allowed)", b);
  const absTol = options.absTol === undefined ? 1e-12 : assertNonNegativeTol(options.absTol, "absTol");
  const relTol = options.relTol === undefined ? 1e-10 : assertNonNegativeTol(options.relTol, "relTol");
  if (absTol === 0 && relTol === 0) throw invalidArgument("relTol", "> 0 when absTol is 0", relTol);
  const maxEvaluations =
    options.maxEvaluations === undefined
      ? 15000
      : assertPositiveInteger(options.maxEvaluations, "maxEvaluations");
  if (maxEvaluations < 15) throw invalidArgument("maxEvaluations", "an integer ≥ 15", maxEvaluations);

  if (a === b) return { value: 0, error: 0, evaluations: 0, converged: true, message: "empty interval" };
  if (a > b) {
    const r = gaussKronrod(f, b, a, options);
    return { ...r, value: -r.value };
  }

  let g: (t: number) => number;
  let lo: number;
  let hi: number;
  const aInf = a === Number.NEGATIVE_INFINITY;
  const bInf = b === Number.POSITIVE_INFINITY;
  if (aInf && bInf) {
    g = (t) => {
      const d = 1 - t * t;
      return f(t / d) * ((1 + t * t) / (d * d));
    };
    lo = -1;
    hi = 1;
  } else if (bInf) {
    g = (t) => {
      const d = 1 - t;
      return f(a + t / d) / (d * d);
    };
    lo = 0;
    hi = 1;
  } else if (aInf) {
    g = (t) => {
      const d = 1 - t;
      return f(b - t / d) / (d * d);
    };
    lo = 0;
    hi = 1;
  } else {
    g = f;
    lo = a;
    hi = b;
  }

  let evaluations = 0;
  let bad: number | undefined;
  const gc = (t: number): number => {
    evaluations++;
    const v = g(t);
    if (!Number.isFinite(v) && bad === undefined) bad = t;
    return v;
  };

  // Map the break points to the integration variable t (inverse of the maps above).
  const cuts: number[] = [];
  for (const [i, x] of (options.points ?? []).entries()) {
    if (typeof x !== "number" || !Number.isFinite(x))
      throw invalidArgument(`points[${i}]`, "a finite number", x);
    if (!(x > a && x < b)) continue;
    let t: number;
    if (aInf && bInf) t = x === 0 ? 0 : (-1 + Math.sqrt(1 + 4 * x * x)) / (2 * x);
    else if (bInf) t = (x - a) / (1 + x - a);
    else if (aInf) t = (b - x) / (1 + b - x);
    else t = x;
    cuts.push(t);
  }
  cuts.sort((p, q) => p - q);
  const edges = [lo, ...cuts.filter((t, i) => t > lo && t < hi && (i === 0 || t !== cuts[i - 1])), hi];
  if (budgetTooSmall(maxEvaluations, edges.length - 1)) {
    throw invalidArgument(
      "maxEvaluations",
      `an integer ≥ 15 × (number of initial panels = ${edges.length - 1})`,
      maxEvaluations,
    );
  }
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < edges.length; i++) segments.push(kronrod15(gc, edges[i], edges[i + 1]));
  let value = 0;
  let error = 0;
  for (const seg of segments) {
    value += seg.value;
    error += seg.error;
  }
  const tolerance = () => Math.max(absTol, relTol * Math.abs(value));
  let message = "";
  while (error > tolerance()) {
    if (bad !== undefined) break;
    if (evaluations + 30 > maxEvaluations) {
      message = `maximum number of evaluations (${maxEvaluations}) reached`;
      break;
    }
    // Bisect the segment with the largest error (linear scan: segment counts stay in the hundreds).
    let k = 0;
    for (let i = 1; i < segments.length; i++) if (segments[i].error > segments[k].error) k = i;
    const s = segments[k];
    const mid = 0.5 * (s.a + s.b);
    if (!(mid > s.a && mid < s.b) || Math.abs(s.b - s.a) < 100 * EPS * Math.max(1, Math.abs(mid))) {
      message = "interval too small to subdivide (possible singularity)";
      break;
    }
    const left = kronrod15(gc, s.a, mid);
    const right = kronrod15(gc, mid, s.b);
    segments[k] = left;
    segments.push(right);
    value = 0;
    error = 0;
    for (const seg of segments) {
      value += seg.value;
      error += seg.error;
    }
  }
  if (bad !== undefined) {
    return {
      value: Number.NaN,
      error: Number.POSITIVE_INFINITY,
      evaluations,
      converged: false,
      message: "integrand returned a non-finite value",
    };
  }
  const converged = error <= tolerance();
  return {
    value,
    error,
    evaluations,
    converged,
    message: converged ? "converged" : message || "tolerance not reached",
  };
}

function budgetTooSmall(maxEvaluations: number, panels: number): boolean {
  return maxEvaluations < 15 * panels;
}

function assertNonNegativeTol(v: unknown, name: string): number {
  if (v === 0) return 0;
  return assertPositive(v, name);
}
