import { CAPACITY_ACTIVATIONS } from "../framework/capacity-activations.js";
import { writeFigure } from "../framework/figures.js";
import { type CheckRow, info, type Recipe, type Verdict, verdict } from "../framework/recipe.js";
import { markdownTable, sig } from "../framework/text.js";

/**
 * E_z[f(z)] for z ~ N(0,1) by adaptive Gauss–Kronrod on the two half-lines: robust to a kink or jump
 * at 0 (relu, sign), where Gauss–Hermite converges slowly. The independent quadrature of the checks.
 */
async function expectation(f: (z: number) => number): Promise<number> {
  const { gaussKronrod, normalPdf } = await import("@meanfield/linalg");
  const g = (z: number) => f(z) * normalPdf(z);
  const opts = { absTol: 1e-13, relTol: 1e-11, maxEvaluations: 200_000 };
  return (
    gaussKronrod(g, Number.NEGATIVE_INFINITY, 0, opts).value +
    gaussKronrod(g, 0, Number.POSITIVE_INFINITY, opts).value
  );
}

/**
 * The storage-capacity table (theory/replica.md, "Capacity"): α_c per parameter at K → ∞ and α_PSB for each
 * built-in activation, with the independent checks of theory/replica.md, "Checks" (Gardner's K = 1 values, the linear
 * and sign limits, symmetry under g → −g and g → g + c, and the closed form of the large-K limit
 * evaluated with Gaussian moments from an independent adaptive quadrature of g and g′).
 */
/** The finite-K RS stability verdict at α_c in a few words (theory/replica-finite-k.md, "Stability at the capacity"). */
function stabilityText(
  st: { repliconAtCapacity: number | null; stable: boolean; standardError?: number } | undefined,
): string {
  if (st === undefined) return "RS stability at α_c not decided";
  if (st.repliconAtCapacity === null) return "RS at α_c unstable (replicon ∞: a non-convex acceptance set)";
  const err = st.standardError !== undefined ? ` ± ${sig(st.standardError, 2)}` : "";
  return `RS at α_c ${st.stable ? "stable" : "unstable"} (replicon ${sig(st.repliconAtCapacity, 4)}${err})`;
}

export const capacityTableRecipe: Recipe = {
  id: "capacity-table",
  title:
    "Storage capacity per parameter α_c and α_PSB per activation (K → ∞), with Gardner and closed-form checks",
  source:
    "the paper's capacity table (arXiv:2404.13404); its values are not recorded in the project, so the paper column is empty",
  needs: ["@meanfield/replica", "@meanfield/linalg"],
  async run(ctx) {
    const replica = await import("@meanfield/replica");
    const rows: CheckRow[] = [];
    const table: Record<string, unknown>[] = [];
    const Ks = ctx.full ? [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64] : [1, 2, 4, 8, 16, 32];
    const finiteK: { name: string; K: number[]; alphaC: number[]; limit: number | null }[] = [];
    // the exact finite-K RS theory of smooth units (theory/replica-finite-k.md, "Smooth activations"): two points at
    // reduced sampling by default (≈ 10 s), every smooth built-in at K = 2, 3, 4 with 20 000 samples with --full
    const exactPicks: Record<string, number[]> = ctx.full
      ? {
          erf: [2, 3, 4],
          tanh: [3, 4],
          sigmoid: [3, 4],
          softplus: [2, 3, 4],
          gelu: [2, 3, 4],
          quadratic: [2, 3, 4],
        }
      : { erf: [3], softplus: [2] };
    const exactMc = ctx.full
      ? { samples: 20_000, searchSamples: 3000, seed: ctx.seed }
      : { samples: 8000, searchSamples: 1500, seed: ctx.seed };
    const exact: { name: string; K: number[]; alphaC: number[]; se: number[] }[] = [];
    for (const [i, name] of CAPACITY_ACTIVATIONS.entries()) {
      ctx.progress.update("capacity-table", i, CAPACITY_ACTIVATIONS.length, name);
      const act = replica.createActivation(name);
      const cap = replica.alphaC({ activation: name });
      const psb = replica.alphaPSB({ activation: name });
      let check: number | null = null;
      let checkMethod: string;
      let v: Verdict;
      if (act.hasJump) {
        // The package decides divergence by the same criterion (E g′² = ∞): nothing independent to
        // compare, so the row is shown, not judged.
        checkMethod = 'g has a jump ⇒ E[g′²] = ∞ ⇒ divergent (theory/replica.md, "Capacity")';
        v = info(
          `the package reports ${cap.divergent ? "divergent" : `α_c = ${sig(cap.alphaC)}`} by the same criterion (E g′² = ∞)`,
        );
      } else {
        // Σ_{n≥2} n b_n² = E[g′²] − b₁², Σ_{n≥2} b_n² = Var g − b₁² (theory/replica.md, "The activation through its Hermite expansion").
        const m0 = await expectation(act.g);
        const second = await expectation((z) => act.g(z) ** 2);
        const gp = act.gPrime as (z: number) => number;
        const b1 = await expectation(gp);
        const gp2 = await expectation((z) => gp(z) ** 2);
        const variance = second - m0 * m0;
        const nonlinear = variance - b1 * b1;
        // The package's large-K α_c is this same closed form (S₂/V₂ at κ = 0) with its own moments:
        // the row checks the numerics (a second, independent quadrature), not the theory.
        if (nonlinear < 1e-12) {
          // The package returns 0 exactly when the nonlinear weight vanishes, the criterion used here.
          check = 0;
          checkMethod = "linear g: a perceptron in the sum direction, 2/K → 0";
          v = info(
            `the package returns α_c = ${sig(cap.alphaC)} by the same criterion (no nonlinear weight)`,
          );
        } else {
          check = (2 * (gp2 - b1 * b1)) / nonlinear;
          checkMethod =
            "the same closed form 2(E g′² − b₁²)/(Var g − b₁²), moments by a second adaptive quadrature";
          v = verdict("consistency", cap.alphaC, 0, check, 0, {
            rel: 1e-4,
            floorReason: "quadrature tolerances (≤ 1e-11 relative per moment, so σ = 0 on both sides)",
          });
        }
      }
      rows.push({
        quantity: `alpha_c (${name}, K → ∞)`,
        theory: cap.alphaC,
        theoryMethod: cap.divergent ? "replica: divergent" : "replica PSB, q → 1 (large-K closed form)",
        check,
        checkMethod,
        paper: null,
        ...v,
      });
      const curve = {
        name,
        K: [] as number[],
        alphaC: [] as number[],
        limit: cap.divergent ? null : cap.alphaC,
      };
      if (!act.hasJump && name !== "linear") {
        for (const K of Ks) {
          // the Gaussian-equivalent curve (instant at any K; ReLU's exact finite-K values are on the
          // docs site's capacity-vs-K figure and in theory/replica-finite-k.md)
          const c = replica.alphaC({ activation: name, K }, { finiteKMethod: "gaussian-equivalent" });
          if (c.alphaC !== null) {
            curve.K.push(K);
            curve.alphaC.push(c.alphaC);
          }
        }
        finiteK.push(curve);
        const picks = exactPicks[name] ?? [];
        // the same name as the line: the same colour
        const points = {
          name,
          K: [] as number[],
          alphaC: [] as number[],
          se: [] as number[],
        };
        for (const K of picks) {
          ctx.progress.update(
            "capacity-table",
            i,
            CAPACITY_ACTIVATIONS.length,
            `${name}, exact RS at K = ${K}`,
          );
          const e = replica.storageCapacity({ activation: name, K }, exactMc);
          const ge = replica.storageCapacity(
            { activation: name, K },
            { finiteKMethod: "gaussian-equivalent" },
          );
          if (e.alphaC === null || ge.alphaC === null) continue;
          points.K.push(K);
          points.alphaC.push(e.alphaC);
          points.se.push(e.standardError ?? 0);
          const se = e.standardError ?? 0;
          const z = se > 0 ? (ge.alphaC - e.alphaC) / se : Number.NaN;
          rows.push({
            quantity: `alpha_c (${name}, K = ${K}): the Gaussian-equivalent approximation against the exact RS value`,
            theory: ge.alphaC,
            theoryMethod: "Gaussian-equivalent formula (an approximation at finite K)",
            check: e.alphaC,
            checkError: se,
            checkMethod: `exact RS at finite K (${e.method}; Monte Carlo, ${exactMc.samples} samples, ± s.e.)`,
            ...info(
              `the approximation's error: ${((ge.alphaC / e.alphaC - 1) * 100).toFixed(1)} % (${Number.isFinite(z) ? `${z.toFixed(1)} s.e.` : "exact value"}); ${stabilityText(e.rsStability)}`,
            ),
          });
        }
        if (points.K.length > 0) exact.push(points);
      }
      table.push({
        activation: name,
        alphaC: cap.alphaC,
        divergent: cap.divergent,
        alphaPSB: psb.alphaPSB,
        transition: psb.transition,
        // the replicon of the RS solution at α_c (theory/replica.md, "Stability of the replica-symmetric solutions")
        repliconAtCapacity: cap.rsStability ? (cap.rsStability.repliconAtCapacity ?? "infinity") : null,
        rsStableAtCapacity: cap.rsStability?.stable ?? null,
        closedForm: check,
        b1: act.b1,
        variance: act.variance,
        gPrime2: act.gPrime2,
        finiteK: curve.K.map((K, j) => ({ K, alphaC: curve.alphaC[j] })),
      });
    }
    ctx.progress.update("capacity-table", CAPACITY_ACTIVATIONS.length, CAPACITY_ACTIVATIONS.length);
    // theory/replica-finite-k.md, "The exact free entropy at K = 2": α_PSB(2) of the exact RS free entropy (PS
    // instability) beside the K → ∞ value; its discretisation estimate from twofold refined rules
    const psbPoints: Array<{
      name: string;
      activation: string;
      K: number[];
      alphaC: number[];
      limit: number | null;
    }> = [];
    // GELU and the quadratic are not monotone: their K = 2 sets are intervals or their complements in the uniform
    // direction (theory/replica-finite-k.md, "Non-monotone activations at K = 2"); GELU's K = 3, 4 values (its sets are
    // half-lines there, theory/replica-finite-k.md, "Non-monotone activations at K ≥ 3") are on the theory page, not
    // recomputed here (13 min at K = 4)
    for (const name of ["relu", "softplus", "gelu", "quadratic"] as const) {
      const act = replica.createActivation(name);
      // --full checks it against a whole refined scan, so its one-step error estimate is needed only without --full
      const a = replica.exactPSInstabilityK2(act, 0, { errorEstimate: !ctx.full });
      const inf = replica.alphaPSB({ activation: name });
      const monotone = name === "relu" || name === "softplus";
      // continuity checked by following the PSB branch down (theory/replica-finite-k.md, "Non-monotone activations at K = 2")
      const continuous = name !== "quadratic";
      // the free entropy's cubic term at the instability (theory/replica-finite-k.md, "The order of the PS → PSB transition");
      // the quadratic has none (its o_B direction turns unstable at the same load)
      const cubic =
        name === "quadratic"
          ? null
          : replica.psTransitionOrder(act, 2, 0, { alpha: a.alphaInstability, q: a.ps.q, c: a.ps.c });
      const order =
        cubic === null ? "" : `, and its cubic term ${sig(cubic.cubic, 4)} there says ${cubic.order}`;
      const note = `${continuous ? `continuous transition at K = 2 (the PSB branch meets PS there${order})` : "the PS instability, an upper bound on alpha_PSB(2) (continuity not checked)"}; K → ∞: ${sig(inf.alphaPSB)} (${inf.transition})`;
      if (name === "quadratic")
        // PS sits at q = 0 (each unit's sign is free); there |ξ|² is χ²₂ on both labels' sets
        rows.push({
          quantity: "exact RS alpha_PSB (quadratic, K = 2) against its closed form (e − 1)²/(1 + (e − 1)²)",
          theory: a.alphaInstability,
          theoryMethod: "exact RS at K = 2: the PS instability found on the PS branch (q = 0) by quadrature",
          check: (Math.E - 1) ** 2 / (1 + (Math.E - 1) ** 2),
          checkMethod: "closed form: γ₊ = 1, γ₋ = −1/(e − 1) for |ξ|² ~ χ²₂ on the sets |ξ|² ≥ 2 and ≤ 2",
          ...verdict("independent", a.alphaInstability, 0, (Math.E - 1) ** 2 / (1 + (Math.E - 1) ** 2), 0, {
            rel: 1e-6,
            floorReason:
              "Newton's stopping rule (|∂f/∂c| ≤ 1e-7 leaves c ≈ 6e-8 where it is 0) and the quadrature",
          }),
          note: "the general-K form of the same criterion tends to π/4, the K → ∞ value, like 1/K",
        });
      if (ctx.full) {
        // the refined rules take ≈ 5 s per activation (GELU 15 s): --full only
        const b = replica.exactPSInstabilityK2(act, 0, { refine: true });
        rows.push({
          quantity: `exact RS alpha_PSB (${name}, K = 2) against twofold refined quadrature`,
          theory: a.alphaInstability,
          theoryMethod:
            "exact RS at K = 2: zero of 1 − α Σ_y E[(Var(ξ_⊥ | accepted) − 1)²] along the PS branch",
          check: b.alphaInstability,
          checkMethod: "the same with every quadrature rule refined twofold",
          ...verdict("consistency", a.alphaInstability, 0, b.alphaInstability, 0, {
            rel: 1e-5,
            floorReason: "the quadrature's discretisation (σ = 0 on both sides)",
          }),
          note,
        });
      } else
        rows.push({
          quantity: `exact RS alpha_PSB (${name}, K = 2) beside K → ∞`,
          theory: a.alphaInstability,
          theoryMethod:
            "exact RS at K = 2: zero of 1 − α Σ_y E[(Var(ξ_⊥ | accepted) − 1)²] along the PS branch",
          check: inf.alphaPSB,
          checkMethod: "K → ∞ (large-K theory)",
          ...info(`${note}; --full adds the check against twofold refined quadrature`),
          // the twofold refined rules' shift by one Newton step in α (exactPSInstabilityK2's estimate)
          theoryError: a.discretisationError,
        });
      const Ks = [2];
      const values = [a.alphaInstability];
      if (ctx.full && monotone) {
        // theory/replica-finite-k.md, "The PS instability at K = 3" and "The PS instability at K = 4": ≈ 1 and
        // 5 min per activation, --full only; each beside the value one K below
        // each solve of the scans (minutes at K = 4) shows on the progress line
        const scanProgress = (K: number) => (e: { alpha: number; stability: number; phase: string }) =>
          ctx.progress.update(
            "capacity-table",
            CAPACITY_ACTIVATIONS.length,
            CAPACITY_ACTIVATIONS.length,
            `${name}, PS instability at K = ${K}: α = ${e.alpha.toFixed(4)}, measure ${e.stability.toExponential(2)} (${e.phase})`,
          );
        const higherK = [
          {
            K: 3,
            criterion: "1 − (3α/2) Σ_y E[(E[|ζ_⊥|² | accepted]/2 − 1)²]",
            scan: () => replica.exactPSInstabilityK3(act, 0, { onProgress: scanProgress(3) }),
          },
          {
            K: 4,
            criterion: "1 − 2α Σ_y E[(E[|ζ_⊥|² | accepted]/3 − 1)²]",
            scan: () =>
              replica.exactPSInstabilityK4(act, 0, { alphaStart: 0.4, onProgress: scanProgress(4) }),
          },
        ];
        let below = a.alphaInstability;
        for (const { K, criterion, scan } of higherK) {
          const r = scan();
          const o = Number.isFinite(r.alphaInstability)
            ? replica.psTransitionOrder(act, K, 0, { alpha: r.alphaInstability, q: r.ps.q, c: r.ps.c })
            : null;
          const orderNote =
            o === null
              ? `an upper bound on alpha_PSB(${K})`
              : o.order === "continuous"
                ? `alpha_PSB(${K}): the cubic term there, ${sig(o.cubic, 4)} ± ${sig(o.discretisationError, 2)}, says continuous (locally)`
                : `an upper bound on alpha_PSB(${K}): the cubic term there, ${sig(o.cubic, 4)} ± ${sig(o.discretisationError, 2)}, says ${o.order}`;
          rows.push({
            quantity: `exact RS PS instability (${name}, K = ${K}) beside K = ${K - 1} and K → ∞`,
            theory: r.alphaInstability,
            theoryMethod: `exact RS at K = ${K}: zero of ${criterion} along the PS branch`,
            check: below,
            checkMethod: `the exact K = ${K - 1} value`,
            ...info(`${orderNote}; K → ∞: ${sig(inf.alphaPSB)}`),
            theoryError: r.discretisationError,
          });
          if (Number.isFinite(r.alphaInstability)) {
            Ks.push(K);
            values.push(r.alphaInstability);
          }
          below = r.alphaInstability;
        }
      }
      if (name === "quadratic") {
        // PS sits at q = c = 0 at every K: the closed form (theory/replica-finite-k.md, "The PS instability for any K")
        const closed = [3, 4, 5, 6].map((K) => replica.quadraticPSInstability(K, 0));
        rows.push({
          quantity: "quadratic PS instability at K = 3 (closed form) beside K = 2 and K → ∞",
          theory: closed[0],
          theoryMethod:
            "exact RS at K = 3: the criterion at q = c = 0, |u|² ~ χ²₃ on the sets |u|² ≥ 3 and ≤ 3",
          check: a.alphaInstability,
          checkMethod: "the exact K = 2 value (quadrature scan)",
          ...info(
            `K = 4, 5, 6: ${closed
              .slice(1)
              .map((v) => sig(v))
              .join(", ")}; an upper bound on alpha_PSB(K); K → ∞: ${sig(inf.alphaPSB)} (π/4)`,
          ),
          theoryError: 0,
        });
        Ks.push(3, 4, 5, 6);
        values.push(...closed);
      }
      psbPoints.push({
        activation: name,
        name: !continuous
          ? `${name} PS instability`
          : Ks.length > 1
            ? `${name} α_PSB (K ≥ 3: PS instability)`
            : `${name} α_PSB`,
        K: Ks,
        alphaC: values,
        limit: inf.alphaPSB,
      });
    }
    // Gardner's perceptron (theory/replica.md, "Checks"): at K = 1 an odd monotone g is a perceptron. With g = sign the
    // output is ±1 and a margin κ < 1 is free, so the margin curve α_c(κ) = 1 / ∫_{−κ}^∞ Dt (t + κ)² is
    // checked with g = linear (margin on the field itself), zero margin with sign; the integral by
    // adaptive quadrature.
    const { gaussKronrod, normalPdf } = await import("@meanfield/linalg");
    for (const [activation, kappa] of [
      ["sign", 0],
      ["linear", 0.5],
      ["linear", 1],
    ] as const) {
      const integral = gaussKronrod(
        (t) => (t + kappa) ** 2 * normalPdf(t),
        -kappa,
        Number.POSITIVE_INFINITY,
        {
          relTol: 1e-12,
        },
      ).value;
      const c = replica.alphaC({ activation, K: 1, kappa });
      // Independent: the package builds the acceptance sets of g and integrates the squared distance to
      // them; the check is Gardner's textbook formula, integrated by separate quadrature.
      rows.push({
        quantity: `alpha_c (${activation}, K = 1, κ = ${kappa})`,
        theory: c.alphaC,
        theoryMethod: `replica (${c.method}: 1/E[d(t, S_y)²] over the acceptance sets of g)`,
        check: 1 / integral,
        checkMethod: "Gardner: 1/∫_{−κ}^∞ Dt (t+κ)², by quadrature",
        paper: kappa === 0 ? 2 : null,
        ...verdict("independent", c.alphaC, 0, 1 / integral, 0, {
          rel: 1e-6,
          floorReason: "quadrature tolerances (1e-12 relative, so σ = 0 on both sides)",
        }),
      });
    }
    // theory/replica-finite-k.md, "Stability at the capacity": at K = 1 ReLU's acceptance sets are the half-lines
    // [m₀, ∞) and (−∞, m₀], so G = −1 on every sample outside its label's set (probability ½ per label in total) and
    // Λ = α_c/2 − 1 = 1/(1 + m₀²) − 1 = −1/(1 + 2π), written out here against the package's interval formula.
    {
      const c = replica.storageCapacity({ activation: "relu", K: 1 });
      const lam = c.rsStability?.repliconAtCapacity ?? Number.NaN;
      rows.push({
        quantity: "replicon at alpha_c (relu, K = 1)",
        theory: lam,
        theoryMethod: "replica: α_c E_y P(t ∉ S_y) − 1 over the acceptance intervals",
        check: -1 / (1 + 2 * Math.PI),
        checkMethod: "closed form −m₀²/(1 + m₀²) = −1/(1 + 2π) (stable)",
        ...verdict("independent", lam, 0, -1 / (1 + 2 * Math.PI), 0, {
          rel: 1e-9,
          floorReason: "closed forms on both sides (σ = 0)",
        }),
      });
    }
    // theory/replica-finite-k.md, "Smooth activations": at K = 3 an odd g concave on (0, ∞) has, in the plane Σh = 0,
    // the sign committee's set (the median ≥ 0); where the uniform mode is off (λ_U → 0) and dear (ρ → 0) the smooth
    // projections (Newton from 2^K starts) must give the sign committee's closed-form cone projections.
    {
      const c = (1e-8 - 1) / 2;
      const o = { samples: 20_000, freezingRatio: 1e-6, seed: ctx.seed };
      const [sgn] = replica.exactFiniteKProfile("sign", 3, 0, 0, [c], o);
      const act = replica.createActivation("erf");
      const [e] = replica.exactFiniteKProfile("smooth", 3, 0, 0, [c], { ...o, activation: act });
      rows.push({
        quantity:
          "alpha(c, ρ) of erf at K = 3 in the plane Σh = 0 (λ_U = 1e-8, ρ = 1e-6) = the sign committee's",
        theory: e.alpha,
        theoryMethod: "exact RS, smooth units: Newton KKT projections from 2^K entry points",
        check: sgn.alpha,
        checkMethod: "exact RS, sign committee: closed-form cone projections (the same 20 000 samples)",
        ...verdict("independent", e.alpha, 0, sgn.alpha, 0, {
          rel: 1e-3,
          floorReason:
            "the same Monte Carlo samples on both sides (σ = 0 for the difference); the sets differ off the plane at O(ρ)",
        }),
      });
    }
    // Symmetries (theory/replica.md, "Checks"): g → −g and adding a constant leave α_c unchanged.
    for (const [formula, ref, tol] of [
      ["-tanh(x)", "tanh", 1e-4],
      ["tanh(x) + 2", "tanh", 1e-4],
      ["x^2 + 1", "quadratic", 1e-4],
      ["max(x, 0)", "relu", 1e-2],
    ] as const) {
      const a = replica.alphaC({ activation: { formula } });
      const b = replica.alphaC({ activation: ref });
      const warned = replica.createActivation({ formula }).warnings.length > 0;
      // A built-in against its formula twin: the same theory through a second numerical path.
      rows.push({
        quantity: `alpha_c (${formula}) = alpha_c (${ref})`,
        theory: b.alphaC,
        theoryMethod: `replica, built-in ${ref} (closed forms)`,
        check: a.alphaC,
        checkMethod: `replica, formula "${formula}" (Gauss–Hermite quadrature path)`,
        ...verdict("consistency", b.alphaC, 0, a.alphaC, 0, {
          rel: tol,
          floorReason: `the quadrature order of the formula path${warned ? " (a kinked formula: approximate)" : ""}`,
        }),
        note: warned
          ? "the package warns that this kinked formula is too rough for its Gauss–Hermite order: its result is approximate"
          : undefined,
      });
    }
    if (ctx.out) {
      ctx.out.writeJson("capacity-table.json", { activations: table });
      ctx.out.writeCsv(
        "capacity-table.csv",
        [
          "activation",
          "alphaC",
          "divergent",
          "alphaPSB",
          "transition",
          "repliconAtCapacity",
          "closedForm",
          "b1",
          "variance",
          "gPrime2",
        ],
        table.map((t) => [
          t.activation as string,
          t.alphaC as number,
          t.divergent as boolean,
          t.alphaPSB as number,
          t.transition as string,
          t.repliconAtCapacity as number | string | null,
          t.closedForm as number,
          t.b1 as number,
          t.variance as number,
          t.gPrime2 as number,
        ]),
      );
      ctx.out.writeText(
        "capacity-table.md",
        `# Storage capacity per parameter (K → ∞, κ = 0)\n\n${markdownTable(
          ["activation", "α_c", "α_PSB", "PS→PSB transition", "replicon at α_c", "α_c, closed form"],
          table.map((t) => [
            t.activation as string,
            t.divergent ? "∞ (divergent)" : sig(t.alphaC as number),
            sig(t.alphaPSB as number),
            String(t.transition),
            t.repliconAtCapacity === null
              ? "–"
              : t.repliconAtCapacity === "infinity"
                ? "∞ (unstable)"
                : `${sig(t.repliconAtCapacity as number, 4)} (${t.rsStableAtCapacity ? "stable" : "unstable"})`,
            sig(t.closedForm as number),
          ]),
        )}\n\nA positive replicon: the replica-symmetric solution at α_c is unstable, so α_c is an upper bound that replica-symmetry breaking lowers (theory/replica.md, "Stability of the replica-symmetric solutions").\n`,
      );
      await writeFigure(ctx.out, "capacity-table", {
        title: "Capacity and PSB load per parameter against the number of hidden units K",
        subtitle:
          "lines: Gaussian-equivalent α_c (K = 1 exact); points: exact RS α_c for smooth g (± 1 s.e.) and exact RS α_PSB (enlarged in capacity-psb); K → ∞ limits as rules",
        xLabel: "hidden units K",
        yLabel: "α_c, α_PSB per parameter",
        xScale: "log",
        lineTitle: "Gaussian-equivalent",
        pointTitle: "exact RS (± 1 s.e.)",
        series: [
          ...finiteK.map((c) => ({ name: c.name, x: c.K, y: c.alphaC })),
          ...exact.map((p) => ({ name: p.name, x: p.K, y: p.alphaC, std: p.se, style: "points" as const })),
          ...psbPoints.map((p) => ({ name: p.name, x: p.K, y: p.alphaC, style: "points" as const })),
        ],
        // each curve's K → ∞ value as a horizontal line in its colour (α_PSB's in capacity-psb)
        rules: finiteK
          .filter((c) => c.limit !== null && Number.isFinite(c.limit))
          .map((c) => ({ y: c.limit as number, label: `${c.name}, K → ∞`, series: c.name })),
      });
      // α_PSB again on its own scale (0.6–0.9 against α_c's 2–8, where the points sit at the bottom of the plot)
      await writeFigure(ctx.out, "capacity-psb", {
        title: "Permutation-symmetry-breaking load per parameter against the number of hidden units K",
        subtitle: `points: exact RS at K = 2 (quadratic: the PS instability, an upper bound; K = 3–6 in closed form)${ctx.full ? " and K = 3, 4 (PS instability)" : ""}; rules: K → ∞`,
        xLabel: "hidden units K",
        yLabel: "α_PSB per parameter",
        xDomain: [1, 7],
        xTicks: [1, 2, 3, 4, 5, 6, 7],
        pointTitle: "exact RS",
        series: psbPoints.map((p) => ({ name: p.name, x: p.K, y: p.alphaC, style: "points" as const })),
        rules: psbPoints
          .filter((p) => p.limit !== null && Number.isFinite(p.limit))
          .map((p) => ({ y: p.limit as number, label: `${p.activation} α_PSB, K → ∞`, series: p.name })),
      });
    }
    return {
      rows,
      notes: [
        "capacity-table.md holds the table itself; capacity-table.svg shows α_c(K) approaching the K → ∞ values and the α_PSB points, capacity-psb.svg enlarges α_PSB at K = 2 (exact RS free entropy: ReLU, softplus and GELU, and the PS instability of the quadratic, at K = 3–6 in closed form; --full adds the K = 3 and K = 4 PS instabilities of ReLU and softplus) below their K → ∞ values.",
        'The finite-K lines are the Gaussian-equivalent theory, an approximation for nonlinear g (exact for linear g); the points are the exact replica-symmetric values of smooth activations (theory/replica-finite-k.md, "Smooth activations"; erf at K = 3 and softplus at K = 2 with 8000 samples; --full: every smooth built-in at K = 2, 3, 4 with 20 000).',
      ],
    };
  },
};
