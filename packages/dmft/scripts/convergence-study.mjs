#!/usr/bin/env node
// Convergence study of the DMFT solver: grid steps M and Monte Carlo samples N raised together
// (N ∝ M², so the Monte Carlo error halves when the discretisation error, O(M⁻²), quarters), at a
// few times per setting. Prints a markdown table (value ± reported error at each level, and the
// change between successive levels against the errors the coarser level reported) and writes
// the numbers to --out (default convergence-study.json).
//   node packages/dmft/scripts/convergence-study.mjs [--out FILE] [--only NAME]
import { writeFileSync } from "node:fs";
import { solveDmft } from "../dist/index.js";

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const out = arg("out", "convergence-study.json");
const only = arg("only", undefined);
const SETTINGS = [
  { name: "rich", params: { delta: 0.5, rho: 0.1, sigma: 0, alpha: 0.1, T: 50 }, times: [1, 5, 50] },
  {
    name: "small-alpha",
    params: { delta: 0.3, rho: 0.05, sigma: 0, alpha: 0.01, T: 100 },
    times: [2, 10, 100],
  },
  {
    name: "noisy-delta2",
    params: { delta: 2, rho: 0.2, sigma: 0.5, alpha: 0.5, T: 20 },
    times: [0.5, 2, 20],
  },
];
const LEVELS = [
  { gridPoints: 30, samples: 1000 },
  { gridPoints: 60, samples: 4000 },
  { gridPoints: 120, samples: 16000 },
];
const interp = (t, x, tt) => {
  let k = 1;
  while (k < t.length - 1 && t[k] < tt) k++;
  const f = (tt - t[k - 1]) / (t[k] - t[k - 1]);
  return x[k - 1] * (1 - f) + x[k] * f;
};
const results = [];
for (const s of SETTINGS) {
  if (only && s.name !== only) continue;
  const levels = [];
  for (const lv of LEVELS) {
    const start = Date.now();
    const r = solveDmft(s.params, { ...lv, seed: 1, allowNonConverged: true });
    const err = (se, disc) => Array.from(se, (x, i) => Math.hypot(x, disc[i]));
    const ge = err(r.genErrorStdErr, r.genErrorDiscError);
    const tl = err(r.trainLossStdErr, r.trainLossDiscError);
    levels.push({
      ...lv,
      seconds: (Date.now() - start) / 1000,
      converged: r.converged,
      message: r.message,
      points: s.times.map((t) => ({
        t,
        genError: interp(r.t, r.genError, t),
        genErrorErr: interp(r.t, ge, t),
        genErrorDisc: interp(r.t, r.genErrorDiscError, t),
        trainLoss: interp(r.t, r.trainLoss, t),
        trainLossErr: interp(r.t, tl, t),
        trainLossDisc: interp(r.t, r.trainLossDiscError, t),
      })),
    });
    process.stderr.write(`${s.name} M=${lv.gridPoints} N=${lv.samples}: ${levels.at(-1).seconds} s\n`);
  }
  results.push({ name: s.name, params: s.params, levels });
  writeFileSync(out, `${JSON.stringify(results, null, 1)}\n`);
}
const f = (x) => x.toPrecision(4);
console.log(
  "| setting | t | quantity | M=30, N=1000 | M=60, N=4000 | M=120, N=16000 | |Δ| 60→120 / error(60) |",
);
console.log("|---|---|---|---|---|---|---|");
for (const r of results) {
  r.params.times = undefined;
  for (let i = 0; i < r.levels[0].points.length; i++) {
    for (const q of ["genError", "trainLoss"]) {
      const cells = r.levels.map((lv) => `${f(lv.points[i][q])} ± ${lv.points[i][`${q}Err`].toPrecision(2)}`);
      const a = r.levels[1].points[i];
      const b = r.levels[2].points[i];
      const ratio = Math.abs(b[q] - a[q]) / a[`${q}Err`];
      console.log(
        `| ${r.name} | ${r.levels[0].points[i].t} | ${q} | ${cells.join(" | ")} | ${ratio.toFixed(2)} |`,
      );
    }
  }
}
