import { type CheckRow, info, verdict } from "./recipe.js";
import { sig } from "./text.js";

/** Index of the grid time closest to t. */
export function nearestIndex(times: ArrayLike<number>, t: number): number {
  let best = 0;
  for (let i = 1; i < times.length; i++) if (Math.abs(times[i] - t) < Math.abs(times[best] - t)) best = i;
  return best;
}

/** The moderate rich-regime setting of the universality and truncation recipes. */
export const MODERATE_SETTING = { delta: 0.5, rho: 0.2, sigma: 0, alpha: 0.3, T: 10 } as const;

/** DMFT and finite-size sizes of those recipes: quick, or paper-like with --full. */
export function moderateSizes(full: boolean) {
  return {
    solve: full ? { gridPoints: 120, samples: 12000 } : { gridPoints: 60, samples: 4000 },
    sim: full ? { d: 4000, seeds: 6 } : { d: 1000, seeds: 4 },
  };
}

interface Curves {
  genError: ArrayLike<number>;
  trainLoss: ArrayLike<number>;
}

/**
 * Three rows — ε_gen at t ≈ 1 and 10, ℓ_train at t ≈ 2 — of a DMFT solution (with its total errors)
 * against a simulation's seed mean (with std/√S), two-sided with the errors of both sides and the
 * 2 % / 5 % floors for finite-d corrections. With `judged: false` the rows are shown only (a setting
 * outside the theory), their |z| in the reason. Returns the rows and the largest |z|.
 */
export function flowCheckRows(input: {
  t: ArrayLike<number>;
  dmft: Curves;
  dmftError: Curves;
  converged: boolean;
  sim: { mean: Curves; std: Curves; seeds: number };
  label: string;
  theoryMethod: string;
  checkMethod: string;
  judged?: string | true;
}): { rows: CheckRow[]; maxZ: number } {
  const rows: CheckRow[] = [];
  let maxZ = 0;
  for (const [q, time] of [
    ["ε_gen", 1],
    ["ε_gen", 10],
    ["ℓ_train", 2],
  ] as const) {
    const i = nearestIndex(input.t, time);
    const key = q === "ε_gen" ? "genError" : "trainLoss";
    const theory = input.dmft[key][i];
    const theoryError = input.dmftError[key][i];
    const check = input.sim.mean[key][i];
    const checkError = input.sim.std[key][i] / Math.sqrt(input.sim.seeds);
    const z = Math.abs(theory - check) / Math.hypot(theoryError, checkError);
    maxZ = Math.max(maxZ, z);
    const judged = input.judged ?? true;
    const v =
      judged === true
        ? verdict("independent", theory, theoryError, check, checkError, {
            rel: q === "ε_gen" ? 0.02 : 0.05,
            floorReason: "finite-d corrections",
          })
        : { ...info(`${judged} (|z| = ${sig(z, 2)})`), theoryError, checkError };
    rows.push({
      quantity: `${q}(t=${sig(input.t[i], 3)}), ${input.label}`,
      theory,
      theoryError,
      theoryMethod: input.theoryMethod,
      check,
      checkError,
      checkMethod: input.checkMethod,
      ...v,
      agree: judged === true ? input.converged && v.agree === true : null,
    });
  }
  return { rows, maxZ };
}
