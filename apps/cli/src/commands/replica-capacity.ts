import { defineCommand } from "../framework/command.js";
import { RuntimeFailure, UsageError } from "../framework/errors.js";
import { booleanOption, integerOption } from "../framework/options.js";
import {
  activationOption,
  activationSpec,
  checkActivation,
  kJson,
  kOf,
  kOption,
  marginOption,
  resolveActivation,
  thresholdOption,
} from "../framework/replica-options.js";
import { formatTable, sig } from "../framework/text.js";

const psInstabilityOption = booleanOption("ps-instability", {
  description:
    "at 3 ≤ K ≤ 12 with a centred output and a g whose acceptance sets are half-lines in the uniform direction (any non-decreasing g; GELU at zero margin up to K = 8): also scan the exact RS PS solution up to α_c for the load where it turns unstable towards specialisation, an upper bound on α_PSB(K) and equal to it where the transition there is continuous (field transition) (docs theory/replica-finite-k.md, “The PS instability for any K”): quadrature at K = 3 (about 2 min) and K = 4 (about 10 min), a Monte Carlo over --directions random directions at 5 ≤ K ≤ 12 (about 10 min for ReLU at 1008; longer where PS stays stable up to a large α_c). K = 2, a quadratic g and linear g need no flag (seconds, or a closed form)",
  default: false,
});

const directionsOption = integerOption("directions", {
  description:
    "random directions of the Monte Carlo PS instability at 5 ≤ K ≤ 12 (--ps-instability): a multiple of 16 (8 jackknife groups of antithetic pairs); its standard error falls like 1/√directions",
  default: 1008,
  min: 16,
  max: 100_000,
  check: ((v: number) => (v % 16 === 0 ? undefined : "must be a multiple of 16")) as (
    v: never,
  ) => string | undefined,
});

export const replicaCapacity = defineCommand({
  id: "replica capacity",
  short: "capacity α_c, transition α_PSB and cross-unit correlation of an activation",
  summary:
    "Storage capacity per parameter α_c and the permutation-symmetry-breaking point α_PSB for an activation.",
  description:
    "Replica theory of a fully connected two-layer committee with activation g (docs: theory/replica.md, “Capacity”): α_c from " +
    "the q → 1 limit of the PSB saddle point at K → ∞, exactly at K = 1 (Gardner), exactly within replica symmetry " +
    "for ReLU and sign at 2 ≤ K ≤ 32 and for smooth activations (no kinks or jumps: erf, tanh, sigmoid, softplus, " +
    "gelu, quadratic, smooth formulas) at 2 ≤ K ≤ 6 (seeded Monte Carlo with a standard error; --seed; smooth units " +
    "take 10 s to a few minutes), exactly 1 for odd increasing g at K = 2 and zero margin (linear g's value), and by the " +
    "Gaussian-equivalent approximation otherwise (kinked activations, larger K). A divergent capacity (sign, or any g " +
    "with a jump, at K → ∞) is reported as alphaC: null with divergent: true. α_PSB is computed at K → ∞ and, from the exact RS " +
    "free entropy's PS instability (an upper bound on α_PSB(K)), at K = 2 for a non-decreasing g (or one with quasi-convex pair sums), " +
    "in closed form for a quadratic or linear g at any K, and with --ps-instability at 3 ≤ K ≤ 12 for a non-decreasing g (or GELU-like g whose sets are half-lines).",
  options: [activationOption, kOption, marginOption, thresholdOption, psInstabilityOption, directionsOption],
  examples: [
    "meanfield replica capacity --activation relu --json",
    'meanfield replica capacity --activation "tanh(2*x)" --K inf --margin 0.5',
    "meanfield replica capacity --activation sign --K 5",
    "meanfield replica capacity --activation relu --K 1 --threshold learned",
    "meanfield replica capacity --activation relu --K 3 --ps-instability",
  ],
  output: [
    { field: "activation", description: "the activation's name (or formula)" },
    { field: "K", description: 'number of hidden units: an integer, or "infinity"' },
    { field: "margin", description: "the margin κ" },
    { field: "threshold", description: "centred or learned; details.theta is the learned threshold θ" },
    { field: "alphaC", description: "capacity per parameter α_c, or null when divergent" },
    { field: "divergent", description: "true when the RS capacity per parameter diverges" },
    {
      field: "method, approximate, standardError",
      description:
        "how α_c was obtained (large-K, gardner-sets, exact-rs-finite-k, gaussian-equivalent), whether it is an approximation, and its Monte Carlo standard error",
    },
    {
      field: "alphaPSB",
      description:
        "load where the permutation-symmetry-broken solution takes over: K → ∞; at finite K (centred output) the load where the exact RS free entropy's PS solution turns unstable towards specialisation, an upper bound on α_PSB(K) and equal to it where the transition there is continuous (field transition) (docs theory/replica-finite-k.md, “The exact free entropy at K = 2” and “The PS instability for any K”): K = 2, a quadratic g at any K, and 3 ≤ K ≤ 12 with --ps-instability; null where not computed or if none below α_c (psInstability says which)",
    },
    {
      field: "alphaPSBError",
      description:
        "finite K by quadrature (K = 2, 3, 4): the discretisation error of alphaPSB, the shift the twofold refined rules give (one Newton step in α); 0 for a closed form; at 5 ≤ K ≤ 12 the Monte Carlo's jackknife standard error (psInstability.interval95 is its Student-t 95 % interval); null otherwise",
    },
    {
      field: "psInstability",
      description:
        "finite K: method (closed-form, quadrature, monte-carlo), alphaInstability, found, stableUpTo (the largest load at which PS was solved and found stable; below a failed solve it is less than alphaMax), alphaMax (the scan's end, α_c), discretisationError, standardError, degreesOfFreedom, interval95, q and c of the PS solution there, directions and seed (Monte Carlo), evaluations, transition (the order from the free entropy's cubic term at the instability: cubic, its discretisationError or standardError, order continuous, discontinuous or undecided; docs theory/replica-finite-k.md, “The order of the PS → PSB transition”; null for closed forms), converged, message; null where not computed",
    },
    {
      field: "transition, alphaSpinodal, alphaInstability, qAtTransition",
      description:
        "nature of the PS → PSB transition; at finite K: continuous (PSB branch followed, K = 2), continuous (cubic term), discontinuous (alpha_PSB below the PS instability), PS instability (an upper bound), or none",
    },
    {
      field: "correlation, correlationSign",
      description:
        "K-scaled intra-solution cross-unit correlation c = K·Q_{k≠l} and its sign (negative: division of labour)",
    },
    {
      field: "hermite",
      description:
        "m0, variance, b1, gPrime2 = E[g′²], nonlinearWeight = Σ_{n≥2} b_n², first Hermite coefficients",
    },
    {
      field: "rsStability",
      description:
        "repliconAtCapacity (the replicon eigenvalue Λ of the RS solution at α_c; null when it diverges), stable (Λ ≤ 0), standardError where Λ is a Monte Carlo value, and a note; Λ > 0 means α_c is the replica-symmetric value, an upper bound lowered by replica-symmetry breaking. K → ∞: docs theory/replica.md, “Stability of the replica-symmetric solutions”. Finite K (docs theory/replica-finite-k.md, “Stability at the capacity”): Gardner–Derrida's value where the acceptance sets are intervals (K = 1) or half-spaces (linear g), ∞ where one is not convex (every nonlinear built-in at K ≥ 3; the note names a witness); absent where not decided",
    },
    { field: "converged, message", description: "true when every solver converged" },
    { field: "timings, versions", description: "wall-clock seconds; package versions" },
  ],
  files: ["result.json — the JSON above"],
  check(p) {
    const K = kOf(p.K);
    checkActivation(p.activation as string);
    if (p.psInstability === true) {
      if (!(K >= 2 && K <= 12))
        throw new UsageError(
          `--ps-instability applies at 2 ≤ K ≤ 12 (the exact PS instability; K → ∞ computes alpha_PSB without it); got --K ${p.K}`,
        );
      if (p.threshold === "learned")
        throw new UsageError(
          "--ps-instability needs --threshold centred (the PS theory is that of the centred output)",
        );
    }
  },
  async run(p, ctx) {
    const replica = await import("@meanfield/replica");
    const K = kOf(p.K);
    const spec = activationSpec(p.activation as string) as never;
    const params = {
      activation: spec,
      K: Number.isFinite(K) ? K : ("infinity" as const),
      kappa: p.margin as number,
      threshold: p.threshold as "centred" | "learned",
    };
    const act = resolveActivation(replica, p.activation as string);
    ctx.progress.update("capacity", 0, 3000, "alpha_c");
    // the exact finite-K Monte Carlo of smooth units takes minutes at K = 4: its progress in per mille
    const onProgress = (f: number, stage: string) =>
      ctx.progress.update("capacity", Math.round(1000 * f), 3000, `alpha_c: ${stage}`);
    const cap = await ctx.time("alphaC", () => replica.alphaC(params, { seed: p.seed, onProgress }));
    ctx.progress.update("capacity", 1000, 3000, "alpha_PSB");
    const psbInf = Number.isFinite(K) ? null : await ctx.time("alphaPSB", () => replica.alphaPSB(params));
    // finite K, centred output: the exact RS PS instability, searched below the capacity; at K ≥ 3 only with
    // --ps-instability unless a closed form gives it at once (theory/replica-finite-k.md, "The PS instability for any K")
    const psb2 =
      Number.isFinite(K) && K >= 2 && p.threshold !== "learned" && cap.alphaC !== null && cap.alphaC > 0
        ? await ctx.time("alphaPSB", () =>
            finiteKTransition(replica, act, K, p.margin as number, cap.alphaC as number, {
              scan: K === 2 || p.psInstability === true,
              directions: p.directions as number,
              seed: p.seed as number,
              onProgress: (alpha, measure) =>
                ctx.progress.update(
                  "capacity",
                  1000 + Math.round(1000 * Math.min(1, alpha / (cap.alphaC as number))),
                  3000,
                  `PS instability: alpha ${sig(alpha, 4)}, measure ${sig(measure, 3)}`,
                ),
            }),
          )
        : null;
    const psbFinite = psb2 !== null && !("skipped" in psb2) ? psb2 : null;
    const psb = psbInf ?? psbFinite;
    ctx.progress.update("capacity", 2000, 3000, "saddle point");
    // The cross-unit correlation: at finite K from the optimal γ of the capacity; at K → ∞ from the saddle
    // point (c = K·Q_{k≠l} does not depend on the load there), evaluated at half the capacity.
    let correlation: number | null = null;
    let correlationSign: number | null = null;
    let correlationAlpha: number | null = null;
    if (Number.isFinite(K)) {
      const c = cap.details.crossUnitCorrelation;
      correlation = Number.isFinite(c) ? c : null;
      correlationSign = correlation === null ? null : Math.sign(correlation);
    } else if (cap.alphaC !== 0) {
      correlationAlpha = cap.alphaC !== null ? 0.5 * cap.alphaC : (psb?.alphaPSB ?? 1) * 0.5;
      const sp = await ctx.time("saddlePoint", () =>
        replica.solveSaddlePoint({
          activation: spec,
          K: "infinity",
          kappa: p.margin as number,
          alpha: correlationAlpha as number,
        }),
      );
      correlation = sp.solution?.crossUnitCorrelation ?? null;
      correlationSign = sp.solution?.crossUnitCorrelationSign ?? null;
    }
    ctx.progress.update("capacity", 3000, 3000);
    // K → ∞: "none" is the saddle-point answer; finite K: "none" counts only where PS was followed to α_c
    const converged =
      cap.converged &&
      (psbInf === null || psbInf.converged || psbInf.transition === "none") &&
      (psbFinite === null || psbFinite.converged);
    if (!cap.converged) throw new RuntimeFailure(`capacity solver did not converge: ${cap.message}`);
    let nonlinearWeight = 0;
    for (let n = 2; n < act.b.length; n++) nonlinearWeight += act.b[n] ** 2;
    const result = {
      activation: act.name,
      K: kJson(K),
      margin: p.margin,
      threshold: p.threshold,
      alphaC: cap.alphaC,
      divergent: cap.divergent,
      method: cap.method,
      approximate: cap.approximate,
      ...(cap.standardError !== undefined ? { standardError: cap.standardError } : {}),
      alphaPSB: psb && Number.isFinite(psb.alphaPSB) ? psb.alphaPSB : null,
      // finite K: the refined rules' shift of the PS instability (quadrature), 0 (closed form) or the jackknife error
      alphaPSBError: psbFinite && Number.isFinite(psbFinite.error) ? psbFinite.error : null,
      transition: psb?.transition ?? null,
      alphaSpinodal: psb?.alphaSpinodal ?? null,
      alphaInstability: psb?.alphaInstability ?? null,
      qAtTransition: psb?.qAtTransition ?? null,
      psInstability: psbFinite?.detail ?? null,
      correlation,
      correlationSign,
      correlationAlpha,
      hermite: {
        m0: act.m0,
        variance: act.variance,
        b1: act.b1,
        gPrime2: act.gPrime2,
        nonlinearWeight,
        b: Array.from(act.b.subarray(1, Math.min(act.b.length, 9))),
      },
      details: cap.details,
      ...(cap.rsStability ? { rsStability: cap.rsStability } : {}),
      converged,
      message: psb
        ? `${cap.message}; PSB: ${psb.message}`
        : psb2 !== null && "skipped" in psb2
          ? `${cap.message}; PS instability not computed: ${psb2.skipped}`
          : cap.message,
      warnings: act.warnings,
    };
    const Ktext = Number.isFinite(K) ? String(K) : "∞";
    const summary = `replica capacity: activation ${act.name}, K=${Ktext}, margin ${p.margin}\n${formatTable(
      ["quantity", "value"],
      [
        ["alpha_c (per parameter)", cap.divergent ? "divergent (∞)" : sig(cap.alphaC)],
        ["method", `${cap.method}${cap.approximate ? " (approximate)" : ""}`],
        ["alpha_PSB", psbText(K, psb, psb2)],
        ["transition", psb?.transition ?? "–"],
        ["cross-unit correlation K·Q_kl", sig(correlation)],
        ["Σ_{n≥2} b_n² (nonlinear weight)", sig(nonlinearWeight)],
        ...(cap.rsStability
          ? [
              [
                "RS at alpha_c (replicon)",
                `${cap.rsStability.stable ? "stable" : "unstable (RS value is an upper bound)"}, Λ = ${
                  cap.rsStability.repliconAtCapacity === null ? "∞" : sig(cap.rsStability.repliconAtCapacity)
                }${cap.rsStability.standardError !== undefined ? ` ± ${sig(cap.rsStability.standardError)}` : ""}`,
              ],
            ]
          : []),
      ],
    )}`;
    return { result, summary };
  },
});

type Replica = typeof import("@meanfield/replica");
type FiniteKTransition = NonNullable<ReturnType<typeof finiteKTransition>>;

/**
 * The exact finite-K PS instability (`psInstabilityFiniteK`) in the shape of alphaPSB's result; null where it is not
 * computed (K ≥ 3 without `scan` and no closed form, K > 12, or an activation the exact rules do not take, e.g. a
 * non-monotone g at K ≥ 3), with the reason in `skipped`.
 */
function finiteKTransition(
  replica: Replica,
  act: import("@meanfield/replica").Activation,
  K: number,
  kappa: number,
  alphaC: number,
  o: {
    scan: boolean;
    directions: number;
    seed: number;
    onProgress: (alpha: number, measure: number) => void;
  },
) {
  if (K > 12 || !(o.scan || replica.psInstabilityClosedForm(act, K, kappa))) return null;
  let r: import("@meanfield/replica").FiniteKPSInstability;
  try {
    r = replica.psInstabilityFiniteK(act, K, kappa, {
      alphaMax: alphaC,
      directions: o.directions,
      seed: o.seed,
      onProgress: (e) => o.onProgress(e.alpha, e.stability),
    });
  } catch (e) {
    // a g the exact rules do not take (sets that are not half-lines at K ≥ 3; at K = 2 pair sums that are not quasi-convex)
    const why =
      K >= 3
        ? "the acceptance sets of g are not half-lines in the uniform direction, which the exact rules at K ≥ 3 need (a quadratic g has a closed form)"
        : "g's pair sums are not quasi-convex: the exact K = 2 rules do not take it";
    return { skipped: e instanceof Error && /activation/.test(e.message) ? why : String(e) } as const;
  }
  // continuity is established (the PSB branch followed down to the instability) for ReLU, softplus and GELU at
  // K = 2, κ = 0; elsewhere the cubic term at the instability decides the order locally (r.transition), and where it
  // does not the instability is an upper bound on α_PSB
  const checked =
    K === 2 && kappa === 0 && act.source === "builtin" && ["relu", "softplus", "gelu"].includes(act.name);
  const order = r.transition?.order;
  const error = r.method === "monte-carlo" ? r.standardError : r.found ? r.discretisationError : Number.NaN;
  return {
    alphaPSB: r.alphaInstability,
    transition: r.found
      ? checked
        ? "continuous"
        : order === "continuous"
          ? "continuous (cubic term)"
          : order === "discontinuous"
            ? "discontinuous (alpha_PSB below the PS instability)"
            : "PS instability (an upper bound)"
      : "none",
    alphaSpinodal: null,
    alphaInstability: r.found ? r.alphaInstability : null,
    error,
    qAtTransition: r.found ? r.q : null,
    // "none" is an answer only where PS was followed to alphaMax = α_c (or a closed form says so): r.converged
    converged: r.converged,
    message: r.found
      ? checked
        ? `exact RS at K = ${K}: the PS solution turns unstable towards PSB (continuous)`
        : r.message
      : r.converged
        ? `${r.message} (alpha_c)`
        : r.message,
    detail: r,
  };
}

/** The summary's alpha_PSB cell. */
function psbText(
  K: number,
  psb: { alphaPSB: number | null } | null,
  finite: FiniteKTransition | null,
): string {
  if (!Number.isFinite(K)) {
    return psb && psb.alphaPSB !== null && Number.isFinite(psb.alphaPSB)
      ? sig(psb.alphaPSB)
      : "none below alpha_c";
  }
  if (finite === null)
    return K >= 3 && K <= 12 ? "– (add --ps-instability: minutes)" : "– (exact PS instability at 2 ≤ K ≤ 12)";
  if ("skipped" in finite) return `– (${finite.skipped})`;
  const r = finite.detail;
  const how = `exact RS, K = ${K}, ${r.method}`;
  if (!r.found) {
    return r.stableUpTo >= r.alphaMax
      ? `none below alpha_c (${how})`
      : `none found: PS stable up to ${sig(r.stableUpTo, 4)}, solve failed above (${how})`;
  }
  // the label says "continuous" alone where the PSB branch was followed; otherwise the cubic term's verdict decides
  const t = r.transition;
  const bound =
    finite.transition === "continuous"
      ? ""
      : t?.order === "continuous"
        ? `; continuous by its cubic term ${sig(t.cubic, 3)} > 0`
        : t?.order === "discontinuous"
          ? `; an upper bound: discontinuous by its cubic term ${sig(t.cubic, 3)} < 0`
          : "; an upper bound";
  if (r.method === "monte-carlo")
    return `${sig(r.alphaInstability)} ± ${sig(r.standardError, 2)} (${how}, ${r.directions} directions; 95 %: ${sig(r.interval95[0], 4)}–${sig(r.interval95[1], 4)}${bound})`;
  if (r.method === "closed-form") return `${sig(r.alphaInstability)} (${how}${bound})`;
  return `${sig(r.alphaInstability)}${Number.isFinite(r.discretisationError) ? ` ± ${sig(r.discretisationError, 2)}` : ""} (${how}; ± the rules' error${bound})`;
}
