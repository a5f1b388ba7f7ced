import type { OutputStage } from "../framework/output.js";
import type { Progress } from "../framework/progress.js";

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

/** One line of the summary: a theory number beside its independent check (and the paper's value). */
export interface CheckRow {
  /** What is compared, e.g. "ε_gen(t=10), alpha=0.1" or "alpha_c (relu)". */
  quantity: string;
  theory: number | null;
  /** The theory's own estimated error (Monte Carlo and discretisation), if any. */
  theoryError?: number | null;
  /** Name of the theory method, e.g. "DMFT", "replica (PSB, q → 1)". */
  theoryMethod: string;
  check: number | null;
  /** Name of the independent check, e.g. "simulation d=400, 3 seeds (mean)". */
  checkMethod: string;
  /** Standard error (or error bar) of the check, if any; the method name says which. */
  checkError?: number | null;
  /** The value the spec/paper records, if any. */
  paper?: number | null;
  /** True/false when a tolerance applies; null when the row is informative only. */
  agree: boolean | null;
  /** The tolerance used, in words ("within 2 std", "rel. 5%"). */
  tolerance?: string;
  note?: string;
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
