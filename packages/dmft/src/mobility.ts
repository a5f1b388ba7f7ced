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
  const m: Mobility = {
    name: "dln",
    w: (phi) => a2 * Math.sinh(4 * phi),
    dwdphi: (phi) => 4 * a2 * Math.cosh(4 * phi),
    solveImplicit(b: number, c: number, prev?: number): number {
      if (b === 0) return 0;
      // Start from the previous step's root when it lies in the bracket (one or two Newton steps
      // then suffice), else from the better of the two asymptotes: φ ≈ b/(1 + 4c a2) (small φ)
      // and φ ≈ ¼ asinh(b / (c a2)) (w-dominated); Newton with the sign/|b| bracket.
      const s = b < 0 ? -1 : 1;
      const ab = Math.abs(b);
      let lo = 0;
      let hi = ab;
      let p: number;
      const ap = prev === undefined ? Number.NaN : s * prev;
      if (ap > 0 && ap < ab) p = ap;
      else {
        const guess = Math.min(ab / (1 + 4 * c * a2), 0.25 * Math.asinh(ab / Math.max(c * a2, 1e-300)));
        p = guess > 0 && guess < ab ? guess : 0.5 * ab;
      }
      for (let it = 0; it < 100; it++) {
        const sh = Math.sinh(4 * p);
        const f = p + c * a2 * sh - ab;
        if (f < 0) lo = p;
        else if (f > 0) hi = p;
        else break;
        let pn = p - f / (1 + 4 * c * a2 * Math.sqrt(1 + sh * sh));
        let newton = true;
        if (!(pn > lo && pn < hi)) {
          pn = 0.5 * (lo + hi);
          newton = false;
        }
        // a Newton step of relative size h leaves an error ≈ (f''/2f')·h²·φ ≤ 8h²φ (f convex,
        // f' ≥ 1), so h ≤ 1e-8 ends at round-off without a confirming step (checked against
        // bisection in test/mobility.test.ts)
        if ((newton && Math.abs(pn - p) <= 1e-8 * p) || hi - lo <= 1e-15 * hi) {
          p = pn;
          break;
        }
        p = pn;
      }
      return s * p;
    },
  };
  return m;
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
  const solveDln = dln.solveImplicit as NonNullable<Mobility["solveImplicit"]>;
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
      // φ + c·w_τ(φ) is increasing and equals φ_τ + cτ at the knee: a |b| up to that has its root
      // on the sinh branch, where w_τ = w (the DLN's root); beyond, φ + c(τ + F(τ)(φ − φ_τ)) = |b|
      const ab = Math.abs(b);
      if (!(ab > knee + c * tau)) return solveDln(b, c, prev);
      const p = (ab - c * tau + c * slope * knee) / (1 + c * slope);
      return b < 0 ? -p : p;
    },
  };
}

/** Plain gradient flow, F ≡ 1 (w = φ): the linear case with the Marchenko–Pastur answer. */
export function linearMobility(): Mobility {
  return {
    name: "linear",
    w: (phi) => phi,
    dwdphi: () => 1,
    solveImplicit: (b, c) => b / (1 + c),
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
