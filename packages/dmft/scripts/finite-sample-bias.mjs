#!/usr/bin/env node
// The finite-sample bias of the replica mean (theory page dmft-numerics.md, "Finite-sample
// bias"): two reference settings (small-alpha, rich) solved with the samples split into replicas of
// 1000, 2000 and 4000–8000 samples, each over S solver seeds (no half grid); prints the seed mean
// ± its standard error of ε_gen(T), ε_gen(10) and the train loss at a reference time, beside the
// d = 4000 reference. Usage (built package; about 12 minutes with 6 seeds):
//   node packages/dmft/scripts/finite-sample-bias.mjs [seeds] [setting ...]
import { interpolateCurve, referenceCurves, solveDmftParallel } from "../dist/index.js";

const seeds = Number(process.argv[2] ?? 6);
const settings = process.argv.length > 3 ? process.argv.slice(3) : ["small-alpha", "rich"];
const designs = [
  [8, 8000, "8 × 1000 (former default)"],
  [4, 8000, "4 × 2000"],
  [6, 12000, "6 × 2000 (default)"],
  [2, 16000, "2 × 8000"],
];
const fmt = (m, se) => `${m.toPrecision(4)} ± ${se.toPrecision(2)}`;
// seed mean ± its standard error
const st = (a) => {
  const m = a.reduce((x, y) => x + y) / a.length;
  const v = a.reduce((x, y) => x + (y - m) ** 2, 0) / (a.length - 1);
  return fmt(m, Math.sqrt(v / a.length));
};
for (const name of settings) {
  const ref = referenceCurves()[name];
  // the train loss at the reference time nearest 0.3 T (resolved in every setting)
  const j = ref.t.findIndex((t) => t >= 0.3 * ref.params.T);
  const k = ref.t.findIndex((t) => t >= 10);
  console.log(
    `\n${name} (delta ${ref.params.delta}, rho ${ref.params.rho}, alpha ${ref.params.alpha}, T ${ref.params.T})\n`,
  );
  console.log(
    `| design | ε_gen(T) | ε_gen(${ref.t[k].toPrecision(3)}) | train loss (t = ${ref.t[j].toPrecision(3)}) | wall per solve |`,
  );
  console.log("|---|---|---|---|---|");
  const se = (c, i) => fmt(c.mean[i], c.stdErr[i]);
  console.log(
    `| simulation (d = 4000, ${ref.seeds} seeds) | ${se(ref.genError, ref.t.length - 1)} | ${se(ref.genError, k)} | ${se(ref.trainLoss, j)} | |`,
  );
  for (const [R, N, label] of designs) {
    const g = [];
    const g10 = [];
    const l = [];
    const t0 = Date.now();
    for (let s = 0; s < seeds; s++) {
      const r = await solveDmftParallel(ref.params, {
        allowNonConverged: true,
        replicas: R,
        samples: N,
        seed: 200 + s,
        discretisationError: false,
      });
      g.push(r.genError.at(-1));
      // at the reference's own times, as compareWithReference does
      g10.push(interpolateCurve(r.t, r.genError, ref.t[k]));
      l.push(interpolateCurve(r.t, r.trainLoss, ref.t[j]));
    }
    const wall = (Date.now() - t0) / 1000 / seeds;
    console.log(`| ${label} | ${st(g)} | ${st(g10)} | ${st(l)} | ${wall.toFixed(0)} s |`);
  }
}
