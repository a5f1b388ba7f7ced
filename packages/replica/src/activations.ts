import { erf, gaussianExpectation, invalidArgument, normalCdf, normalPdf } from "@meanfield/linalg";
import { isJumpAt, normalizeBreakpoints, numericalBreakpoints, zerosOf } from "./breakpoints.js";
import { parseFormula } from "./formula.js";
import {
  type HermiteCoefficients,
  hermiteCoefficients,
  hermiteCoefficientsAdaptive,
  kappaFromSeries,
} from "./hermite.js";
import { piecewiseMoments } from "./piecewise-gaussian.js";

/** Names of the built-in activations. */
export const BUILTIN_ACTIVATIONS = [
  "linear",
  "relu",
  "erf",
  "tanh",
  "sign",
  "quadratic",
  "softplus",
  "gelu",
  "sigmoid",
] as const;
export type BuiltinActivationName = (typeof BUILTIN_ACTIVATIONS)[number];

/** How to name an activation: a built-in name, a formula in x, or a JS function. */
export type ActivationSpec =
  | BuiltinActivationName
  | { formula: string; name?: string }
  | { fn: (z: number) => number; derivative?: (z: number) => number; name?: string }
  | Activation;

/**
 * An activation with its Gaussian structure
 * (theory/replica.md, "The activation through its Hermite expansion"): m₀ = E g, Var g, b₁ = E g′, E g′²,
 * the Hermite coefficients b_n and the kernel κ(ρ) = Σ b_n² ρⁿ with its first two derivatives.
 */
export interface Activation {
  readonly name: string;
  readonly source: "builtin" | "formula" | "function";
  /** The formula, for `source: "formula"`. */
  readonly formula?: string;
  readonly g: (z: number) => number;
  /** g′ where it exists as a function (undefined for sign). */
  readonly gPrime?: (z: number) => number;
  /** g″ in closed form (the smooth built-ins); undefined otherwise (users of g″ difference g′). */
  readonly gSecond?: (z: number) => number;
  readonly m0: number;
  readonly variance: number;
  readonly b1: number;
  /** E[g′(z)²] = κ′(1); Infinity for activations with a jump (sign). */
  readonly gPrime2: number;
  /** True when g has a jump (then E g′² = ∞ and the K → ∞ capacity diverges). */
  readonly hasJump: boolean;
  /** True when g has neither kinks nor jumps (found from the formula's tree or numerically for a function). */
  readonly smooth: boolean;
  /** b[n] = b_n for n = 1 … b.length − 1 (b[0] = 0). */
  readonly b: Float64Array;
  readonly kappa: (rho: number) => number;
  readonly kappaPrime: (rho: number) => number;
  readonly kappaSecond: (rho: number) => number;
  /** Which of m₀, Var, b₁, E g′², κ are closed forms (the rest come from quadrature). */
  readonly closedForm: readonly ("m0" | "variance" | "b1" | "gPrime2" | "kappa")[];
  /** Warnings, e.g. a user function too rough for the quadrature order. */
  readonly warnings: readonly string[];
}

/** Options of the quadrature of user and non-closed-form activations. */
export interface ActivationOptions {
  /** Number of Hermite coefficients b_1 … b_nMax (default 120). */
  nMax?: number;
  /** Gauss–Hermite order (default 300; the roughness check repeats at twice this, capped at 600). */
  order?: number;
  /** Relative tolerance of the order-doubling roughness check (default 1e-8). */
  roughnessTol?: number;
}

const SQRT2PI = Math.sqrt(2 * Math.PI);
const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}
function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

interface BuiltinDef {
  g?: (z: number) => number;
  gPrime?: (z: number) => number;
  gSecond?: (z: number) => number;
  hasJump?: boolean;
  kink?: boolean;
  m0?: number;
  variance?: number;
  b1?: number;
  gPrime2?: number;
  kappa?: { k: (r: number) => number; k1: (r: number) => number; k2: (r: number) => number };
}

// Closed forms: theory/replica.md, "Closed forms of the built-in activations" (each is tested against
// adaptive quadrature).
const BUILTINS: Record<BuiltinActivationName, BuiltinDef> = {
  linear: {
    g: (z) => z,
    gPrime: () => 1,
    gSecond: () => 0,
    m0: 0,
    variance: 1,
    b1: 1,
    gPrime2: 1,
    kappa: { k: (r) => r, k1: () => 1, k2: () => 0 },
  },
  relu: {
    g: (z) => Math.max(z, 0),
    gPrime: (z) => (z > 0 ? 1 : 0),
    kink: true,
    m0: 1 / SQRT2PI,
    variance: 0.5 - 1 / (2 * Math.PI),
    b1: 0.5,
    gPrime2: 0.5,
    kappa: {
      // degree-1 arc-cosine kernel minus m₀²
      k: (r) => (Math.sqrt(Math.max(0, 1 - r * r)) + r * (Math.PI - Math.acos(r)) - 1) / (2 * Math.PI),
      k1: (r) => (Math.PI - Math.acos(r)) / (2 * Math.PI),
      k2: (r) => 1 / (2 * Math.PI * Math.sqrt(Math.max(0, 1 - r * r))),
    },
  },
  erf: {
    g: (z) => erf(z),
    gPrime: (z) => 2 * INV_SQRT_PI * Math.exp(-z * z),
    gSecond: (z) => -4 * z * INV_SQRT_PI * Math.exp(-z * z),
    m0: 0,
    variance: (2 / Math.PI) * Math.asin(2 / 3),
    b1: 2 / Math.sqrt(3 * Math.PI),
    gPrime2: 4 / (Math.PI * Math.sqrt(5)),
    kappa: {
      k: (r) => (2 / Math.PI) * Math.asin((2 * r) / 3),
      k1: (r) => 4 / (3 * Math.PI) / Math.sqrt(1 - (4 * r * r) / 9),
      k2: (r) => ((4 / (3 * Math.PI)) * ((4 * r) / 9)) / (1 - (4 * r * r) / 9) ** 1.5,
    },
  },
  tanh: {
    g: Math.tanh,
    gPrime: (z) => 1 / Math.cosh(z) ** 2,
    gSecond: (z) => {
      const th = Math.tanh(z);
      return -2 * th * (1 - th * th);
    },
    m0: 0,
  },
  sign: {
    g: (z) => (z > 0 ? 1 : z < 0 ? -1 : 0),
    hasJump: true,
    m0: 0,
    variance: 1,
    b1: Math.sqrt(2 / Math.PI),
    gPrime2: Number.POSITIVE_INFINITY,
    kappa: {
      // Sheppard's formula
      k: (r) => (2 / Math.PI) * Math.asin(r),
      k1: (r) => 2 / Math.PI / Math.sqrt(Math.max(0, 1 - r * r)),
      k2: (r) => ((2 / Math.PI) * r) / Math.max(0, 1 - r * r) ** 1.5,
    },
  },
  quadratic: {
    g: (z) => z * z,
    gPrime: (z) => 2 * z,
    gSecond: () => 2,
    m0: 1,
    variance: 2,
    b1: 0,
    gPrime2: 4,
    kappa: { k: (r) => 2 * r * r, k1: (r) => 4 * r, k2: () => 4 },
  },
  softplus: { g: softplus, gPrime: sigmoid, gSecond: (z) => sigmoid(z) * (1 - sigmoid(z)), b1: 0.5 },
  gelu: {
    g: (z) => z * normalCdf(z),
    gPrime: (z) => normalCdf(z) + z * normalPdf(z),
    gSecond: (z) => normalPdf(z) * (2 - z * z),
    m0: 1 / (2 * Math.sqrt(Math.PI)),
    variance: 1 / 3 + 1 / (2 * Math.PI * Math.sqrt(3)) - 1 / (4 * Math.PI),
    b1: 0.5,
    gPrime2: 1 / 3 + 2 / (3 * Math.PI * Math.sqrt(3)),
  },
  sigmoid: {
    g: sigmoid,
    gPrime: (z) => sigmoid(z) * (1 - sigmoid(z)),
    gSecond: (z) => {
      const s = sigmoid(z);
      return s * (1 - s) * (1 - 2 * s);
    },
    m0: 0.5,
  },
};

const cache = new Map<string, Activation>();

/**
 * Looks for a jump of g on [−12, 12]: the grid interval with the largest increment is halved 40 times
 * towards the larger half; a continuous g has an increment → 0, a jump keeps it. Returns its location
 * or null.
 */
function detectJump(g: (z: number) => number): number | null {
  const n = 24001;
  const h = 24 / (n - 1);
  let best = -1;
  let bestD = 0;
  let scale = 0;
  let prev = g(-12);
  for (let i = 1; i < n; i++) {
    const cur = g(-12 + i * h);
    const d = Math.abs(cur - prev);
    scale = Math.max(scale, Math.abs(cur));
    if (d > bestD) {
      bestD = d;
      best = i - 1;
    }
    prev = cur;
  }
  if (best < 0) return null;
  let a = -12 + best * h;
  let b = -12 + (best + 1) * h; // the very grid points compared above (a + h may round past the jump)
  let d = bestD;
  for (let it = 0; it < 40; it++) {
    const m = 0.5 * (a + b);
    const gm = g(m);
    const dl = Math.abs(gm - g(a));
    const dr = Math.abs(g(b) - gm);
    if (dl >= dr) b = m;
    else a = m;
    d = Math.max(dl, dr);
  }
  return d > 1e-6 * Math.max(1, scale) ? 0.5 * (a + b) : null;
}

/** Break points of a user activation: from the formula's tree, or numerically for a JS function. */
function findBreakpoints(
  g: (z: number) => number,
  nonSmooth: ((x: number) => number)[] | undefined,
): { points: number[]; jumps: number[] } {
  let points: number[];
  let jumps: number[];
  if (nonSmooth !== undefined) {
    points = normalizeBreakpoints(nonSmooth.flatMap((f) => zerosOf(f)));
    jumps = points.filter((x) => isJumpAt(g, x));
  } else {
    const r = numericalBreakpoints(g);
    points = r.points;
    jumps = r.jumps;
  }
  const extra = detectJump(g);
  if (extra !== null && !jumps.some((x) => Math.abs(x - extra) < 1e-6)) {
    jumps.push(extra);
    points = normalizeBreakpoints([...points, extra]);
  }
  return { points, jumps };
}

function buildFromFunction(
  name: string,
  source: "builtin" | "formula" | "function",
  g: (z: number) => number,
  gPrimeIn: ((z: number) => number) | undefined,
  def: BuiltinDef,
  options: ActivationOptions,
  formula?: string,
  nonSmooth?: ((x: number) => number)[],
): Activation {
  const nMax = options.nMax ?? 120;
  const order = options.order ?? 300;
  const roughnessTol = options.roughnessTol ?? 1e-8;
  const warnings: string[] = [];
  const closedForm: ("m0" | "variance" | "b1" | "gPrime2" | "kappa")[] = [];
  // The Gaussian support as seen by the quadrature: g must be finite at every node used.
  if (source !== "builtin") {
    for (const z of [-30, -10, -3, -1, -0.5, 0, 0.5, 1, 3, 10, 30]) {
      const v = g(z);
      if (!Number.isFinite(v))
        throw invalidArgument(
          "activation",
          `a function finite on the real line (Gaussian support); it returns ${v} at x = ${z}`,
          formula ?? name,
        );
    }
  }
  // User activations with kinks or jumps: piecewise Gauss–Legendre split at the break points
  // (piecewise-gaussian.ts); smooth ones: Gauss–Hermite with an order-doubling roughness check.
  const breaks = source === "builtin" ? { points: [], jumps: [] } : findBreakpoints(g, nonSmooth);
  const hasJump = def.hasJump ?? breaks.jumps.length > 0;
  const rough = hasJump || def.kink === true;
  let coeffs: HermiteCoefficients;
  let piecewiseGPrime2: number | undefined;
  if (source === "builtin") {
    coeffs = rough ? hermiteCoefficientsAdaptive(g, 12) : hermiteCoefficients(g, nMax, order);
  } else if (breaks.points.length > 0) {
    const pm = piecewiseMoments(g, gPrimeIn, breaks.points, nMax, { jump: hasJump });
    coeffs = { c: pm.c, secondMoment: pm.secondMoment, order: 0 };
    piecewiseGPrime2 = pm.gPrime2;
    if (!pm.converged)
      warnings.push(
        `activation '${name}': the piecewise quadrature split at ${breaks.points.length} break point(s) did not converge (relative change ${pm.error.toExponential(2)} under refinement); results are approximate`,
      );
  } else {
    coeffs = hermiteCoefficients(g, nMax, order);
  }
  for (const v of coeffs.c)
    if (!Number.isFinite(v))
      throw invalidArgument(
        "activation",
        "a function finite on the Gaussian support (got NaN/∞ at a quadrature node)",
        formula ?? name,
      );
  if (source !== "builtin" && breaks.points.length === 0) {
    const check = hermiteCoefficients(g, nMax, Math.min(2 * order, 600));
    let diff = Math.abs(check.secondMoment - coeffs.secondMoment);
    for (let n = 0; n <= Math.min(nMax, 20); n++) diff = Math.max(diff, Math.abs(check.c[n] - coeffs.c[n]));
    const scale = Math.max(1e-300, coeffs.secondMoment);
    if (diff > roughnessTol * Math.sqrt(scale)) {
      warnings.push(
        `activation '${name}' is too rough for Gauss–Hermite order ${order}: doubling the order changes its moments by ${diff.toExponential(2)}` +
          "; results that use its Hermite series are approximate",
      );
    }
  }
  const m0 = def.m0 ?? coeffs.c[0];
  if (def.m0 !== undefined) closedForm.push("m0");
  const variance = def.variance ?? coeffs.secondMoment - coeffs.c[0] * coeffs.c[0];
  if (def.variance !== undefined) closedForm.push("variance");
  // A constant (or almost surely constant) g has a centred output ≡ 0: nothing can be stored, and every
  // ratio of the theory is 0/0. Refuse it here, naming the activation, rather than fail later on alpha.
  if (!(variance > 1e-12 * Math.max(coeffs.secondMoment, Number.MIN_VALUE)))
    throw invalidArgument(
      "activation",
      `a non-constant function of x: it has zero variance under the standard Gaussian (Var g = ${variance.toExponential(2)}, E g = ${m0.toPrecision(6)}), so the centred output g − E g vanishes and no pattern can be stored`,
      formula ?? name,
    );
  const b1 = def.b1 ?? coeffs.c[1];
  if (def.b1 !== undefined) closedForm.push("b1");
  let gPrime = gPrimeIn;
  let gPrime2: number;
  if (def.gPrime2 !== undefined) {
    gPrime2 = def.gPrime2;
    closedForm.push("gPrime2");
  } else if (hasJump) {
    gPrime2 = Number.POSITIVE_INFINITY;
  } else if (piecewiseGPrime2 !== undefined) {
    gPrime2 = piecewiseGPrime2;
    if (gPrime === undefined) {
      const h = 6e-6;
      gPrime = (z: number) => (g(z + h) - g(z - h)) / (2 * h);
    }
  } else {
    if (gPrime === undefined) {
      // Central difference (h ~ ε^{1/3}); for user JavaScript functions (formulas have symbolic derivatives).
      const h = 6e-6;
      gPrime = (z: number) => (g(z + h) - g(z - h)) / (2 * h);
    }
    const gp = gPrime;
    gPrime2 = rough
      ? gaussianExpectation((z) => gp(z) ** 2, { method: "adaptive", absTol: 1e-12 })
      : gaussianExpectation((z) => gp(z) ** 2, { order: Math.min(order, 400) });
    if (!Number.isFinite(gPrime2))
      throw invalidArgument(
        "activation",
        "a function with finite E[g′(z)²] or a detectable jump",
        formula ?? name,
      );
  }
  const b = new Float64Array(coeffs.c.length);
  for (let n = 1; n < b.length; n++) b[n] = coeffs.c[n];
  b[1] = b1;
  let kernel: {
    kappa: (r: number) => number;
    kappaPrime: (r: number) => number;
    kappaSecond: (r: number) => number;
  };
  if (def.kappa) {
    kernel = { kappa: def.kappa.k, kappaPrime: def.kappa.k1, kappaSecond: def.kappa.k2 };
    closedForm.push("kappa");
  } else {
    kernel = kappaFromSeries(b, variance);
  }
  return Object.freeze({
    name,
    source,
    formula,
    g,
    gPrime,
    gSecond: def.gSecond,
    m0,
    variance,
    b1,
    gPrime2,
    hasJump,
    smooth: !rough && breaks.points.length === 0,
    b,
    ...kernel,
    closedForm,
    warnings,
  });
}

function isActivation(x: unknown): x is Activation {
  return typeof x === "object" && x !== null && "kappa" in x && "m0" in x && "g" in x;
}

/**
 * Builds (and caches, for built-ins and formulas) an activation from a built-in name, a formula string
 * in x (parsed safely by the project's own parser, see formula.ts) or a JS function. Unknown names throw a MeanfieldError
 * listing the known ones.
 */
export function createActivation(spec: ActivationSpec, options: ActivationOptions = {}): Activation {
  if (isActivation(spec)) return spec;
  const key =
    typeof spec === "string" ? `builtin:${spec}` : "formula" in spec ? `formula:${spec.formula}` : undefined;
  const optKey = `${options.nMax ?? ""}/${options.order ?? ""}/${options.roughnessTol ?? ""}`;
  if (key !== undefined) {
    const hit = cache.get(`${key}|${optKey}`);
    if (hit) return hit;
  }
  let act: Activation;
  if (typeof spec === "string") {
    if (!(BUILTIN_ACTIVATIONS as readonly string[]).includes(spec))
      throw invalidArgument(
        "activation",
        `one of ${BUILTIN_ACTIVATIONS.join(", ")}, or { formula } / { fn }`,
        spec,
      );
    const def = BUILTINS[spec];
    act = buildFromFunction(spec, "builtin", def.g as (z: number) => number, def.gPrime, def, options);
  } else if (typeof spec === "object" && spec !== null && "formula" in spec) {
    const parsed = parseFormula(spec.formula);
    act = buildFromFunction(
      spec.name ?? spec.formula,
      "formula",
      parsed.g,
      parsed.gPrime,
      {},
      options,
      spec.formula,
      parsed.nonSmoothArguments,
    );
  } else if (typeof spec === "object" && spec !== null && "fn" in spec && typeof spec.fn === "function") {
    act = buildFromFunction(spec.name ?? "custom", "function", spec.fn, spec.derivative, {}, options);
  } else {
    throw invalidArgument(
      "activation",
      `one of ${BUILTIN_ACTIVATIONS.join(", ")}, or { formula } / { fn }`,
      spec,
    );
  }
  if (key !== undefined) cache.set(`${key}|${optKey}`, act);
  return act;
}
