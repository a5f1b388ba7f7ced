import { assertInRange, assertPositive, invalidArgument } from "@meanfield/linalg";

/**
 * A coordinate-wise mobility in its mirror ("φ") form: the flow dw/dt = F(w) g is written as
 * dφ/dt = g with w = w(φ) increasing, w(0) = 0 and F = dw/dφ (theory/dmft.md, "Parameter process"). For the DLN
 * φ = ¼ asinh(w / (2 alpha²)), i.e. w = 2 alpha² sinh(4φ) and dw/dφ = 8 alpha² cosh(4φ) =
 * 4 √(w² + 4 alpha⁴) = F(w); for plain gradient flow (F ≡ 1) w = φ.
 */
export interface Mobility {
  readonly name: string;
  /** w(φ); must be odd-or-not but increasing with w(0) = 0. */
  w(phi: number): number;
  /** dw/dφ = F(w(φ)) > 0. */
  dwdphi(phi: number): number;
  /**
   * The root φ of φ + c·w(φ) = b (c ≥ 0): one implicit BDF2 step of the parameter process, and
   * also the proximal operator of the mirror potential (long-time.ts). `prev`, when given, is a
   * nearby root (the previous time step's) to start from. Optional: a safeguarded Newton
   * iteration is used when absent.
   */
  solveImplicit?(b: number, c: number, prev?: number): number;
  /**
   * The implicit step with its results, in place: on input io = [φ₀, w(φ₀), dw/dφ(φ₀)] at a nearby
   * point (the previous time step's root; φ₀ = NaN for none), on output [φ, w(φ), dw/dφ(φ)] at the
   * root. The parameter process's hot loop (one call per sample and step): the DLN's takes its
   * first Newton step from the input values and evaluates one exponential per further step.
   * Optional: implicitStepper falls back to solveImplicit, w and dwdphi.
   */
  implicitStep?(b: number, c: number, io: Float64Array): void;
}

/** The mobility's implicitStep, or the same from solveImplicit (or safeguarded Newton), w and dwdphi. */
export function implicitStepper(m: Mobility): (b: number, c: number, io: Float64Array) => void {
  if (m.implicitStep) return m.implicitStep;
  const solve = m.solveImplicit;
  return (b, c, io) => {
    const phi = solve ? solve(b, c, io[0]) : solveImplicitStep(m, b, c, io[0]);
    io[0] = phi;
    io[1] = m.w(phi);
    io[2] = m.dwdphi(phi);
  };
}

/** A user mobility: w(φ) increasing with w(0) = 0, and its derivative. */
export interface CustomMobility {
  name?: string;
  w(phi: number): number;
  dwdphi(phi: number): number;
}

export type MobilitySpec = "dln" | "linear" | CustomMobility;

/**
 * Safeguarded Newton for φ + c w(φ) = b. Since w is increasing with w(0) = 0, the root has the
 * sign of b and |φ| ≤ |b|, which brackets it; Newton steps leaving the bracket are replaced by
 * bisection.
 */
export function solveImplicitStep(m: Mobility, b: number, c: number, phi0 = Number.NaN): number {
  if (b === 0) return 0;
  let lo = Math.min(b, 0);
  let hi = Math.max(b, 0);
  let p = Number.isFinite(phi0) && phi0 > lo && phi0 < hi ? phi0 : b / (1 + c * m.dwdphi(0));
  for (let it = 0; it < 100; it++) {
    const f = p + c * m.w(p) - b;
    if (f < 0) lo = p;
    else if (f > 0) hi = p;
    else return p;
    let pn = p - f / (1 + c * m.dwdphi(p));
    if (!(pn > lo && pn < hi)) pn = 0.5 * (lo + hi);
    if (Math.abs(pn - p) <= 1e-15 * (1 + Math.abs(p)) || hi - lo <= 1e-15 * (1 + Math.abs(p))) return pn;
    p = pn;
  }
  return p;
}

/** The DLN mobility F(w) = 4 √(w² + 4 alpha⁴) (theory/dln.md, "Gradient flow"), in φ = ¼ asinh(w / (2 alpha²)). */
export function dlnMobility(alpha: number): Mobility {
  assertPositive(alpha, "alpha");
  const a2 = 2 * alpha * alpha;
  const res = new Float64Array(3);
  const m: Mobility = {
    name: "dln",
    w: (phi) => a2 * Math.sinh(4 * phi),
    dwdphi: (phi) => 4 * a2 * Math.cosh(4 * phi),
    solveImplicit(b: number, c: number, prev?: number): number {
      const p = prev ?? Number.NaN;
      res[0] = p;
      res[1] = a2 * Math.sinh(4 * p);
      res[2] = 4 * a2 * Math.cosh(4 * p);
      dlnImplicitStep(a2, b, c, res);
      return res[0];
    },
    implicitStep: (b, c, io) => dlnImplicitStep(a2, b, c, io),
  };
  return m;
}

/**
 * The DLN's implicit step: the root φ of φ + c·a2·sinh(4φ) = b (a2 = 2 alpha²), with w and dw/dφ
 * there, in place in io (on input a nearby point φ₀ with its w and dw/dφ). Start from φ₀ when it
 * lies in the bracket (the first Newton step then needs no evaluation), else from the better of the two asymptotes: φ ≈ b/(1 + 4c a2)
 * (small φ) and φ ≈ ¼ asinh(b / (c a2)) (w-dominated); Newton with the sign/|b| bracket, bisecting
 * where Newton is slow (as in Numerical Recipes' rtsafe). Each step
 * evaluates sinh and cosh from one exponential (expm1 at small φ, where sinh would cancel); the
 * last Newton step gets its second-order correction instead of a confirming evaluation, and w and
 * dw/dφ at the root come from the last evaluation by Taylor to second order in the last step d
 * (|d| ≤ 1e-6 φ, so the neglected terms are O(d³), at round-off).
 */
function dlnImplicitStep(a2: number, b: number, c: number, io: Float64Array): void {
  if (b === 0) {
    io[0] = 0;
    io[1] = 0;
    io[2] = 4 * a2;
    return;
  }
  const s = b < 0 ? -1 : 1;
  const ab = Math.abs(b);
  const q = c * a2;
  let lo = 0;
  let hi = ab;
  let p: number;
  let pEval = Number.NaN;
  let sh = 0;
  let ch = 1;
  const ap = s * io[0];
  if (ap > 0 && ap < ab) {
    p = ap;
    pEval = ap;
    sh = (s * io[1]) / a2;
    ch = io[2] / (4 * a2);
  } else {
    const guess = Math.min(ab / (1 + 4 * q), 0.25 * Math.asinh(ab / Math.max(q, 1e-300)));
    p = guess > 0 && guess < ab ? guess : 0.5 * ab;
  }
  let stepBefore = 2 * ab;
  for (let it = 0; it < 200; it++) {
    const x = 4 * p;
    if (p === pEval) {
      // the input point's values
    } else if (x > 0.5) {
      const e = Math.exp(x);
      const inv = 1 / e;
      sh = 0.5 * (e - inv);
      ch = sh + inv;
    } else {
      const em = Math.expm1(x);
      const inv = 1 / (em + 1);
      sh = 0.5 * em * (1 + inv);
      ch = sh + inv;
    }
    pEval = p;
    const f = p + q * sh - ab;
    if (f < 0) lo = p;
    else if (f > 0) hi = p;
    else break;
    const fp = 1 + 4 * q * ch;
    const pn = p - f / fp;
    // bisect when Newton leaves the bracket or does not halve the previous step (far above the
    // root, where sinh dominates, Newton only walks down by ≈ ¼ per step)
    if (!(pn > lo && pn < hi) || Math.abs(f / fp) > 0.5 * stepBefore) {
      stepBefore = 0.5 * (hi - lo);
      p = 0.5 * (lo + hi);
      if (hi - lo <= 1e-15 * hi) break;
      continue;
    }
    stepBefore = Math.abs(f / fp);
    // A Newton step h leaves the error (f''/2f')·h² + O(h³) (f convex, f'' = 16 q sinh,
    // f''/2f' ≤ 2): once |h| ≤ 1e-6 φ, subtracting that term leaves O(h³) ≤ 1e-17 φ, round-off
    // without a confirming step (checked against bisection in test/mobility.test.ts).
    const h = pn - p;
    if (Math.abs(h) <= 1e-6 * p) {
      p = pn - ((8 * q * sh) / fp) * h * h;
      break;
    }
    p = pn;
  }
  const d = 4 * (p - pEval);
  const d2 = 0.5 * d * d;
  io[0] = s * p;
  io[1] = s * a2 * (sh + ch * d + sh * d2);
  io[2] = 4 * a2 * (ch + sh * d + ch * d2);
}

/**
 * The truncated DLN mobility F_τ(w) = 4 √(min(w², τ²) + 4 alpha⁴) (theory/dln.md, "Truncated DLN"), the
 * bounded, Lipschitz mobility of the rigorous DMFT. In φ: w_τ = 2 alpha² sinh(4φ) up to the knee
 * φ_τ = ¼ asinh(τ / (2 alpha²)), then linear with slope F(τ) = 4 √(τ² + 4 alpha⁴), so dw_τ/dφ ≤ F(τ).
 * τ = Infinity returns dlnMobility(alpha) itself (bit-identical results). The implicit step is
 * exact: below the knee the DLN's root, beyond it the root of a linear equation.
 */
export function truncatedDlnMobility(alpha: number, tau: number): Mobility {
  const dln = dlnMobility(alpha);
  assertInRange(tau, "truncation", 0, Number.POSITIVE_INFINITY, { lowerOpen: true });
  if (tau === Number.POSITIVE_INFINITY) return dln;
  const a2 = 2 * alpha * alpha;
  const knee = 0.25 * Math.asinh(tau / a2);
  const slope = 4 * Math.sqrt(tau * tau + a2 * a2);
  const dlnStep = dln.implicitStep as NonNullable<Mobility["implicitStep"]>;
  // φ + c·w_τ(φ) is increasing and equals φ_τ + cτ at the knee: a |b| up to that has its root on the
  // sinh branch, where w_τ = w (the DLN's root); beyond, φ + c(τ + F(τ)(φ − φ_τ)) = |b|
  const implicitStep = (b: number, c: number, io: Float64Array): void => {
    const ab = Math.abs(b);
    if (!(ab > knee + c * tau)) {
      // the DLN's step starts from the DLN's values at φ₀ (not the truncated ones beyond the knee)
      if (Math.abs(io[0]) > knee) {
        io[1] = dln.w(io[0]);
        io[2] = dln.dwdphi(io[0]);
      }
      dlnStep(b, c, io);
      return;
    }
    const p = (ab - c * tau + c * slope * knee) / (1 + c * slope);
    const w = tau + slope * (p - knee);
    io[0] = b < 0 ? -p : p;
    io[1] = b < 0 ? -w : w;
    io[2] = slope;
  };
  const res = new Float64Array(3);
  return {
    name: "truncated-dln",
    w(phi: number): number {
      const a = Math.abs(phi);
      if (!(a > knee)) return dln.w(phi);
      const w = tau + slope * (a - knee);
      return phi < 0 ? -w : w;
    },
    dwdphi: (phi) => (Math.abs(phi) > knee ? slope : dln.dwdphi(phi)),
    solveImplicit(b: number, c: number, prev?: number): number {
      // the in-place step from the DLN's values at prev (NaN: a cold start)
      res[0] = prev ?? Number.NaN;
      res[1] = dln.w(res[0]);
      res[2] = dln.dwdphi(res[0]);
      implicitStep(b, c, res);
      return res[0];
    },
    implicitStep,
  };
}

/** Plain gradient flow, F ≡ 1 (w = φ): the linear case with the Marchenko–Pastur answer. */
export function linearMobility(): Mobility {
  return {
    name: "linear",
    w: (phi) => phi,
    dwdphi: () => 1,
    solveImplicit: (b, c) => b / (1 + c),
    implicitStep(b, c, io) {
      const p = b / (1 + c);
      io[0] = p;
      io[1] = p;
      io[2] = 1;
    },
  };
}

/**
 * Validates the `truncation` parameter: a number in (0, Infinity] (default Infinity, no truncation),
 * and finite only with the mobility "dln" (theory/dln.md, "Truncated DLN").
 */
export function validateTruncation(truncation: unknown, spec: MobilitySpec | undefined): number {
  if (truncation === undefined) return Number.POSITIVE_INFINITY;
  const tau = assertInRange(truncation, "truncation", 0, Number.POSITIVE_INFINITY, { lowerOpen: true });
  if (Number.isFinite(tau) && spec !== undefined && spec !== "dln")
    throw invalidArgument("truncation", 'Infinity (no truncation) unless mobility is "dln"', tau);
  return tau;
}

/**
 * Resolves the `mobility` parameter ("dln" needs alpha; a finite `truncation` τ makes it the
 * truncated DLN, truncatedDlnMobility).
 */
export function resolveMobility(
  spec: MobilitySpec | undefined,
  alpha: number,
  truncation?: number,
): Mobility {
  const tau = validateTruncation(truncation, spec);
  if (spec === undefined || spec === "dln")
    return tau === Number.POSITIVE_INFINITY ? dlnMobility(alpha) : truncatedDlnMobility(alpha, tau);
  if (spec === "linear") return linearMobility();
  if (
    typeof spec === "object" &&
    spec !== null &&
    typeof spec.w === "function" &&
    typeof spec.dwdphi === "function"
  ) {
    const custom: Mobility = {
      name: spec.name ?? "custom",
      w: (p) => spec.w(p),
      dwdphi: (p) => spec.dwdphi(p),
    };
    return custom;
  }
  throw invalidArgument("mobility", '"dln", "linear" or an object { w(phi), dwdphi(phi) }', spec);
}
