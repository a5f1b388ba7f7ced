import { invalidArgument } from "@meanfield/linalg";
import type { Activation } from "./activations.js";
import { isNonDecreasing } from "./exact-free-entropy-k2.js";

/**
 * Whether the acceptance sets of a committee of K units are half-lines in the uniform direction (theory/replica-finite-k.md, "Non-monotone activations at K ≥ 3"):
 * along every line u = s·1/√K + d (d ⊥ 1) the output F(s) = Σ_k g(u_k) crosses each level T = K·m₀ ± κ√K at most
 * once, upwards. The exact PS rules at K ≥ 3 tabulate one boundary per line, so they need this. A non-decreasing g
 * has it; for another g it holds when F′ = Σ_k g′(u_k)/√K is positive wherever F = T, i.e. when
 *
 *   min { Σ_k g′(u_k) : Σ_k g(u_k) = T } > 0,
 *
 * which is computed here by dynamic programming over the units (a min-plus convolution of the single unit's
 * (g, g′) over a grid of u in [−40, 40], steps of 0.002, with the values of g binned in steps h ≈ 0.005). The
 * binning only widens the level to T ± (K/2 + 1)h, so the minimum is taken over more configurations than the exact
 * one: an error towards refusal. GELU at κ = 0: 0.86, 0.74, 0.58, 0.41 and 0.11 at K = 3, 4, 5, 6, 8 (half-lines),
 * −0.16 at K = 10 (not).
 */
export interface HalfLineSets {
  /** True where every label's set is a half-line along every line in the uniform direction. */
  halfLines: boolean;
  /** min Σ_k g′(u_k) on the level set of each label (+1, −1); +∞ for a non-decreasing g (not computed). */
  minSlope: [number, number];
}

const U_MAX = 40;
const DU = 0.002;

interface UnitGrid {
  g: Float64Array;
  gp: Float64Array;
  gMin: number;
  gpScale: number;
}

const grids = new WeakMap<Activation, UnitGrid>();

function unitGrid(act: Activation): UnitGrid {
  const cached = grids.get(act);
  if (cached) return cached;
  const n = Math.round((2 * U_MAX) / DU) + 1;
  const g = new Float64Array(n);
  const gp = new Float64Array(n);
  let gMin = Number.POSITIVE_INFINITY;
  let gpScale = 0;
  const d = act.gPrime;
  for (let i = 0; i < n; i++) {
    const u = -U_MAX + i * DU;
    g[i] = act.g(u);
    gp[i] = d ? d(u) : (act.g(u + 1e-5) - act.g(u - 1e-5)) / 2e-5;
    if (g[i] < gMin) gMin = g[i];
    gpScale = Math.max(gpScale, Math.abs(gp[i]));
  }
  const grid = { g, gp, gMin, gpScale };
  grids.set(act, grid);
  return grid;
}

/**
 * min { Σ_{k=1}^{K} g′(u_k) : Σ_k g(u_k) = T }, over u_k in [−40, 40] (binned as described above); +∞ where the
 * level is not reached.
 */
export function levelSetMinSlope(act: Activation, K: number, T: number): number {
  if (!Number.isInteger(K) || K < 1) throw invalidArgument("K", "an integer ≥ 1", K);
  if (!Number.isFinite(T)) throw invalidArgument("T", "a finite number", T);
  const { g, gp, gMin } = unitGrid(act);
  // sums of j units lie at or above j·gMin, and the other K − j add at least (K − j)·gMin: bins on [K·gMin, T − (K − 1)·gMin]
  const span = T - (2 * K - 1) * gMin;
  const h = Math.max(0.005, span / 4000);
  const lo = K * gMin - 2 * h;
  const hi = T - (K - 1) * gMin + 2 * h;
  const nb = Math.ceil((hi - lo) / h) + 3;
  const unit = new Float64Array(nb).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < g.length; i++) {
    if (g[i] > hi) continue;
    const b = Math.round((g[i] - lo) / h);
    if (gp[i] < unit[b]) unit[b] = gp[i];
  }
  const bins: number[] = [];
  for (let b = 0; b < nb; b++) if (unit[b] < Number.POSITIVE_INFINITY) bins.push(b);
  // a sum of values lo + i·h and lo + k·h is lo + (i + k + lo/h)·h
  const origin = Math.round(lo / h);
  let phi = unit;
  for (let j = 2; j <= K; j++) {
    const next = new Float64Array(nb).fill(Number.POSITIVE_INFINITY);
    for (const k of bins) {
      const shift = k + origin;
      const add = unit[k];
      const from = Math.max(0, -shift);
      const to = Math.min(nb, nb - shift);
      for (let i = from; i < to; i++) {
        const v = phi[i] + add;
        if (v < next[i + shift]) next[i + shift] = v;
      }
    }
    phi = next;
  }
  const iT = Math.round((T - lo) / h);
  let m = Number.POSITIVE_INFINITY;
  for (let i = Math.max(0, iT - 1); i <= Math.min(nb - 1, iT + 1); i++) m = Math.min(m, phi[i]);
  return m;
}

/** Whether both labels' acceptance sets of K units at margin κ are half-lines in the uniform direction. */
export function halfLineSets(act: Activation, K: number, kappa: number): HalfLineSets {
  if (isNonDecreasing(act))
    return { halfLines: true, minSlope: [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY] };
  const { gpScale } = unitGrid(act);
  const level = (y: 1 | -1) => K * act.m0 + y * kappa * Math.sqrt(K);
  const minSlope: [number, number] = [
    levelSetMinSlope(act, K, level(1)),
    levelSetMinSlope(act, K, level(-1)),
  ];
  // the grid's own error in g′ (steps of 0.002) is far below 1 % of its largest value
  return { halfLines: minSlope.every((m) => m > 0.01 * gpScale), minSlope };
}

/**
 * Throws INVALID_ARGUMENT naming `activation` unless the acceptance sets of K units at margin κ are half-lines in the
 * uniform direction (`halfLineSets`): the exact PS rules at K ≥ 3 need them.
 */
export function assertHalfLineSets(act: Activation, K: number, kappa: number): void {
  const r = halfLineSets(act, K, kappa);
  if (!r.halfLines)
    throw invalidArgument(
      "activation",
      `an activation whose acceptance sets at K = ${K} and margin ${kappa} are half-lines in the uniform direction, as for a non-decreasing g (the exact PS rules at K ≥ 3 need them; min Σg′ on the level sets: ${r.minSlope.map((m) => m.toPrecision(3)).join(", ")})`,
      act.name,
    );
}
