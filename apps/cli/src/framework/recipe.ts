import type { OutputStage } from "./output.js";
import type { Progress } from "./progress.js";

/**
 * A `reproduce` recipe re-creates one figure or table: it computes the theory, an independent check
 * (finite-size simulation, implicit-bias solver, empirical SAT transition, closed form), writes its
 * figure (SVG + PNG) and data (JSON + CSV) as `<id>.*`, and returns the rows of the summary table.
 */
export interface RecipeContext {
  /** Paper-like sizes instead of the quick defaults. */
  full: boolean;
  seed: number;
  out: OutputStage | null;
  progress: Progress;
  info(message: string): void;
}

/**
 * What a row's check is: "independent" — a different method (finite-size simulation, another
 * solver, a textbook closed form, an experiment); "consistency" — the same method or formula in a
 * variant of itself (K → ∞ against the finite-K formula at large K, a built-in activation against
 * its formula twin, the theory's own solver at an extreme parameter against that limit), which
 * checks the numerics, not the theory; "info" — shown only, it cannot fail (agree is null).
 */
export type CheckKind = "independent" | "consistency" | "info";

/** One line of the summary: a theory number beside its check (and the paper's value). */
export interface CheckRow {
  /** What is compared, e.g. "ε_gen(t=10), alpha=0.1" or "alpha_c (relu)". */
  quantity: string;
  theory: number | null;
  /** The theory's own estimated error (Monte Carlo, discretisation, solver; 0 when negligible), if any. */
  theoryError?: number | null;
  /** Name of the theory method, e.g. "DMFT", "replica (PSB, q → 1)". */
  theoryMethod: string;
  check: number | null;
  /** Name of the check, e.g. "simulation d=400, 3 seeds (mean)". */
  checkMethod: string;
  /** Standard error (or error bar) of the check, if any; the method name says which. */
  checkError?: number | null;
  /** The value the paper records, if any. */
  paper?: number | null;
  kind: CheckKind;
  /** True/false for a verdict row; null exactly for an "info" row (shown, cannot fail). */
  agree: boolean | null;
  /**
   * The largest |theory − check| that passes (|ln(theory/check)| when scale is "log"), derived from
   * the errors of both sides (and a stated floor for systematic effects); null for an info row.
   */
  allowed: number | null;
  /** The smallest relative discrepancy |theory − check|/|check| the row can detect; null for info. */
  detectable: number | null;
  /** "log" when the comparison is of ln(theory) with ln(check) (relative errors); default linear. */
  scale?: "linear" | "log";
  /** "upper" for a one-sided bound (check ≤ theory + allowed); default two-sided. */
  sided?: "two" | "upper";
  /** The verdict's rule in words, with the numbers used (for an info row: why it is shown only). */
  tolerance: string;
  note?: string;
}

/** How a verdict row's allowed discrepancy is built from the errors of the two sides. */
export interface ToleranceRule {
  /** The allowed discrepancy is `sigmas` combined errors √(σ_theory² + σ_check²) (default 3)… */
  sigmas?: number;
  /** …or at least this fraction of |check| (systematic effects the errors do not cover)… */
  rel?: number;
  /** …or at least this absolute amount… */
  abs?: number;
  /** …with this reason for the floor, for the text ("finite-d spectral-edge fluctuations"). */
  floorReason?: string;
  /** Compare ln(theory) with ln(check): the errors count relative to each value. */
  log?: boolean;
  /**
   * A one-sided bound: the check may lie anywhere below theory + allowed (default two-sided); the
   * floor and the detectable discrepancy are then relative to |theory|, the bound.
   */
  upper?: boolean;
  /**
   * The scale of the detectable discrepancy where the values themselves are ≈ 0 (an absolute
   * comparison), e.g. ε_gen of the zero predictor; default |check| (|theory| for a bound).
   */
  reference?: { value: number; name: string };
}

/** The verdict fields of a row (kind, agree, allowed, detectable, scale, sided, tolerance). */
export type Verdict = Pick<
  CheckRow,
  "kind" | "agree" | "allowed" | "detectable" | "scale" | "sided" | "tolerance" | "theoryError" | "checkError"
>;

function percent(x: number): string {
  if (!Number.isFinite(x)) return "∞";
  const p = 100 * x;
  return `${p >= 10 ? p.toFixed(0) : p >= 1e-3 ? String(Number(p.toPrecision(2))) : p.toExponential(1)} %`;
}

function num(x: number): string {
  return x === 0 ? "0" : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(2) : x.toExponential(1);
}

/**
 * The verdict of a row: theory and check agree when |theory − check| ≤ allowed, with
 * allowed = max(sigmas·√(σ_theory² + σ_check²), rel·|check|, abs) (on ln values with relative errors
 * when `log`), and the smallest relative discrepancy the row can detect, allowed/|check| (e^allowed − 1
 * on the log scale; relative to rule.reference where given). An error that is not finite counts as 0
 * (negligible); a missing value fails.
 */
export function verdict(
  kind: "independent" | "consistency",
  theory: number | null,
  theoryError: number,
  check: number | null,
  checkError: number,
  rule: ToleranceRule = {},
): Verdict {
  const sigmas = rule.sigmas ?? 3;
  const eT = Number.isFinite(theoryError) ? Math.abs(theoryError) : 0;
  const eC = Number.isFinite(checkError) ? Math.abs(checkError) : 0;
  const ok = theory !== null && check !== null && Number.isFinite(theory) && Number.isFinite(check);
  const log = rule.log === true;
  let allowed: number;
  let diff: number;
  let detectable: number;
  if (log) {
    const rT = ok && theory !== 0 ? eT / Math.abs(theory) : 0;
    const rC = ok && check !== 0 ? eC / Math.abs(check) : 0;
    allowed = Math.max(sigmas * Math.hypot(rT, rC), Math.log1p(rule.rel ?? 0), rule.abs ?? 0);
    diff = ok && theory > 0 && check > 0 ? Math.log(theory / check) : Number.NaN;
    detectable = Math.expm1(allowed);
  } else {
    const scale = ok ? Math.abs(rule.upper ? theory : check) : 0;
    allowed = Math.max(sigmas * Math.hypot(eT, eC), (rule.rel ?? 0) * scale, rule.abs ?? 0);
    diff = ok ? theory - check : Number.NaN;
    const unit = rule.reference ? Math.abs(rule.reference.value) : scale;
    detectable = unit > 0 ? allowed / unit : Number.POSITIVE_INFINITY;
  }
  const agree = Number.isFinite(diff) && (rule.upper ? -diff <= allowed : Math.abs(diff) <= allowed);
  const floors = [
    rule.rel ? `${percent(rule.rel)}${log ? " (as a factor)" : rule.upper ? " of theory" : ""}` : "",
    rule.abs ? num(rule.abs) : "",
  ].filter(Boolean);
  const d = log ? "|ln(theory/check)|" : rule.upper ? "check − theory" : "|theory − check|";
  const formula = `${d} ≤ max(${sigmas}·√(σ_theory² + σ_check²)${floors.length ? `, ${floors.join(", ")}` : ""})`;
  const errors = `σ_theory = ${num(eT)}, σ_check = ${num(eC)}${log ? " (relative: each over its value)" : ""}`;
  const why = rule.floorReason ? `; floor: ${rule.floorReason}` : "";
  return {
    kind,
    agree,
    allowed,
    detectable,
    scale: log ? "log" : "linear",
    sided: rule.upper ? "upper" : "two",
    theoryError: eT,
    checkError: eC,
    tolerance: `${rule.upper ? "one-sided (an upper bound)" : "two-sided"}: ${formula} = ${num(allowed)} (${errors}${why}); smallest detectable discrepancy ${percent(detectable)}${rule.reference ? ` of ${rule.reference.name}` : ""}`,
  };
}

/**
 * What is wrong with a row's verdict fields, or undefined: a verdict row (independent or consistency)
 * must say agree true/false and state its allowed discrepancy, the smallest discrepancy it can detect,
 * both sides' errors and its rule; an info row must have agree null. (A verdict row whose theory or
 * check is missing has failed and may leave the detectable discrepancy undefined.)
 */
export function rowProblem(row: CheckRow): string | undefined {
  const number = (x: unknown) => typeof x === "number" && Number.isFinite(x) && x >= 0;
  if (row.kind === "info") return row.agree === null ? undefined : "an info row must not carry a verdict";
  if (row.kind !== "independent" && row.kind !== "consistency") return `unknown kind ${String(row.kind)}`;
  if (typeof row.agree !== "boolean") return "a verdict row needs agree true or false";
  if (!number(row.allowed)) return "no allowed discrepancy";
  if (!number(row.theoryError) || !number(row.checkError)) return "the errors of both sides are not stated";
  if (!/two-sided|one-sided/.test(row.tolerance)) return "no rule (two-sided or one-sided) in the tolerance";
  const missing = row.theory === null || row.check === null;
  if (!(number(row.detectable) && (row.detectable as number) > 0) && !(missing && row.agree === false)) {
    return "no smallest detectable discrepancy";
  }
  return undefined;
}

/** The verdict fields of a row that is shown only and cannot fail. */
export function info(why: string): Verdict {
  return { kind: "info", agree: null, allowed: null, detectable: null, tolerance: `shown only: ${why}` };
}

export interface RecipeOutcome {
  rows: CheckRow[];
  /** Extra notes for summary.md (modelling choices, sizes used). */
  notes?: string[];
}

export interface Recipe {
  id: string;
  title: string;
  /** Which paper figure/table it reproduces, and with whose parameters. */
  source: string;
  /** The @meanfield packages it needs. */
  needs: readonly string[];
  run(ctx: RecipeContext): Promise<RecipeOutcome>;
}

/** Relative difference |a − b| / max(|b|, floor). */
export function relDiff(a: number, b: number, floor = 1e-12): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), floor);
}
