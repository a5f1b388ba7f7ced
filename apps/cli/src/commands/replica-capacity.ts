import { defineCommand } from "../framework/command.js";
import { RuntimeFailure } from "../framework/errors.js";
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
    "with a jump, at K → ∞) is reported as alphaC: null with divergent: true. α_PSB is computed at K → ∞ and, from the exact RS free entropy, at K = 2 for a non-decreasing g.",
  options: [activationOption, kOption, marginOption, thresholdOption],
  examples: [
    "meanfield replica capacity --activation relu --json",
    'meanfield replica capacity --activation "tanh(2*x)" --K inf --margin 0.5',
    "meanfield replica capacity --activation sign --K 5",
    "meanfield replica capacity --activation relu --K 1 --threshold learned",
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
        "load where the permutation-symmetry-broken solution takes over: K → ∞, and K = 2 for a non-decreasing g with a centred output (the exact RS free entropy's PS instability, docs theory/replica-finite-k.md, “The exact free entropy at K = 2”); null otherwise or if none below α_c",
    },
    {
      field: "alphaPSBError",
      description:
        "K = 2: the discretisation error of alphaPSB, the shift the twofold refined quadrature rules give (one Newton step in α); null otherwise",
    },
    {
      field: "transition, alphaSpinodal, alphaInstability, qAtTransition",
      description: "nature of the PS → PSB transition",
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
    kOf(p.K);
    checkActivation(p.activation as string);
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
    // K = 2 (g monotone, or with quasi-convex pair sums), centred output: the exact RS PS instability (theory/replica-finite-k.md, "The exact
    // free entropy at K = 2"), searched below the capacity
    const psb2 =
      K === 2 && p.threshold !== "learned" && cap.alphaC !== null && cap.alphaC > 0
        ? await ctx.time("alphaPSB", () =>
            exactK2Transition(replica, act, p.margin as number, cap.alphaC as number),
          )
        : null;
    const psb = psbInf ?? psb2;
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
    const converged = cap.converged && (psb === null || psb.converged || psb.transition === "none");
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
      // K = 2: the twofold refined quadrature's shift of the PS instability (one Newton step in α)
      alphaPSBError: psb2 && Number.isFinite(psb2.discretisationError) ? psb2.discretisationError : null,
      transition: psb?.transition ?? null,
      alphaSpinodal: psb?.alphaSpinodal ?? null,
      alphaInstability: psb?.alphaInstability ?? null,
      qAtTransition: psb?.qAtTransition ?? null,
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
      message: psb ? `${cap.message}; PSB: ${psb.message}` : cap.message,
      warnings: act.warnings,
    };
    const Ktext = Number.isFinite(K) ? String(K) : "∞";
    const summary = `replica capacity: activation ${act.name}, K=${Ktext}, margin ${p.margin}\n${formatTable(
      ["quantity", "value"],
      [
        ["alpha_c (per parameter)", cap.divergent ? "divergent (∞)" : sig(cap.alphaC)],
        ["method", `${cap.method}${cap.approximate ? " (approximate)" : ""}`],
        [
          "alpha_PSB",
          psb
            ? `${Number.isFinite(psb.alphaPSB) ? sig(psb.alphaPSB) : "none below alpha_c"}${psb2 && Number.isFinite(psb2.discretisationError) ? ` ± ${sig(psb2.discretisationError, 2)} (exact RS, K = 2; ± the quadrature's error)` : psb2 ? " (exact RS, K = 2)" : ""}`
            : "– (K → ∞ and K = 2 only)",
        ],
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

/** The exact K = 2 PS instability in the shape of alphaPSB's result; null where the K = 2 theory does not apply. */
function exactK2Transition(
  replica: typeof import("@meanfield/replica"),
  act: import("@meanfield/replica").Activation,
  kappa: number,
  alphaC: number,
) {
  try {
    const r = replica.exactPSInstabilityK2(act, kappa, { alphaMax: alphaC });
    const found = Number.isFinite(r.alphaInstability);
    // continuity is established (the PSB branch followed down to the instability) for ReLU, softplus and GELU at
    // κ = 0; elsewhere the instability is an upper bound on α_PSB, and no transition type is claimed
    const checked =
      kappa === 0 && act.source === "builtin" && ["relu", "softplus", "gelu"].includes(act.name);
    return {
      alphaPSB: r.alphaInstability,
      transition: found ? (checked ? "continuous" : "PS instability (an upper bound)") : "none",
      alphaSpinodal: null,
      alphaInstability: found ? r.alphaInstability : null,
      discretisationError: r.discretisationError,
      qAtTransition: found ? r.ps.q : null,
      converged: r.converged || !found,
      message: found
        ? checked
          ? "exact RS at K = 2: the PS solution turns unstable towards PSB (continuous)"
          : "exact RS at K = 2: the PS solution turns unstable towards PSB there; an upper bound on alpha_PSB (continuity not checked)"
        : "exact RS at K = 2: PS stable up to alpha_c",
    };
  } catch {
    // a g whose pair sums are not quasi-convex in the uniform direction (its sets are not intervals there)
    return null;
  }
}
