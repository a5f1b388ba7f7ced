#!/usr/bin/env node
// The finite-sample bias of the replica mean (theory page dmft-numerics.md, "Finite-sample
// bias"): the small-alpha reference setting solved with the same 8000 samples split into 8, 4 or
// 2 replicas, each over 6 solver seeds (no half grid); prints the seed mean ± its standard error of ε_gen(T) and of the
// train loss at t ≈ 30.7, beside the d = 4000 reference. Usage (built package; about 4 minutes):
//   node packages/dmft/scripts/finite-sample-bias.mjs [seeds]
import { interpolateCurve, referenceCurves, solveDmftParallel } from "../dist/index.js";

const seeds = Number(process.argv[2] ?? 6);
const ref = referenceCurves()["small-alpha"];
const tTrain = 30.7;
const j = ref.t.findIndex((t) => t >= tTrain);
const fmt = (m, se) => `${m.toPrecision(4)} ± ${se.toPrecision(2)}`;
// seed mean ± its standard error
const st = (a) => {
  const m = a.reduce((x, y) => x + y) / a.length;
  const v = a.reduce((x, y) => x + (y - m) ** 2, 0) / (a.length - 1);
  return fmt(m, Math.sqrt(v / a.length));
};
console.log("| design | ε_gen(T) | train loss (t ≈ 30.7) | wall per solve |");
console.log("|---|---|---|---|");
console.log(
  `| simulation (d = 4000, ${ref.seeds} seeds) | ${fmt(ref.genError.mean.at(-1), ref.genError.stdErr.at(-1))} | ${fmt(ref.trainLoss.mean[j], ref.trainLoss.stdErr[j])} | |`,
);
for (const R of [8, 4, 2]) {
  const g = [];
  const l = [];
  const t0 = Date.now();
  for (let s = 0; s < seeds; s++) {
    const r = await solveDmftParallel(ref.params, {
      allowNonConverged: true,
      replicas: R,
      samples: 8000,
      seed: 200 + s,
      discretisationError: false,
    });
    g.push(r.genError.at(-1));
    // at the reference's own time, as compareWithReference does
    l.push(interpolateCurve(r.t, r.trainLoss, ref.t[j]));
  }
  const wall = (Date.now() - t0) / 1000 / seeds;
  console.log(`| ${R} × ${8000 / R} | ${st(g)} | ${st(l)} | ${wall.toFixed(0)} s |`);
}
