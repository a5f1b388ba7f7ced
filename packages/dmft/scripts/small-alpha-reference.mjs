#!/usr/bin/env node
// Regenerates src/reference/small-alpha-reference.json (shipped as smallAlphaReference()): the small-alpha dynamics of
// the finite-size flow on the rescaled clock τ = t / ln(1/alpha) (theory/dmft.md, "The small-alpha limit"), at d = 4000:
//  - dln's RK45 gradient flow at alpha = 1e-2, 1e-3, 1e-4, 1e-6, 1e-8 up to τ = 4, and
//  - the alpha → 0 limit of the same finite-size trajectory, dln's saddleToSaddle (Pesme & Flammarion 2023),
// on the SAME data sets (exactly normalised teachers, one design per seed) for every alpha, so that differences between
// alphas are paired. Per seed it stores ε_gen, train loss and the active count (|w| > 0.1, the DMFT's default
// activeThreshold; for the limit also the count of non-zeros) on one τ grid.
//
//   node packages/dmft/scripts/small-alpha-reference.mjs [--d 4000] [--seeds 24] [--alphas 1e-2,1e-3,1e-4,1e-6,1e-8] [--out FILE]
// About 40 minutes on the 2-core machine (the limit 3 min; the flows 4–7 min per alpha).
// Settings are computed one after the other and the file is rewritten after each (an interrupted run keeps them).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDlnData, saddleToSaddle, simulateSeeds, validateDlnParams } from "@meanfield/dln";
import { createRng } from "@meanfield/linalg";
import { sampleTeacherValues } from "../dist/index.js";
import { dlnVersion, loadReference, writeReference } from "./reference-file.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const out = arg("out", join(here, "../src/reference/small-alpha-reference.json"));
const d = Number(arg("d", 4000));
const S = Number(arg("seeds", 24));
const alphas = arg("alphas", "1e-2,1e-3,1e-4,1e-6,1e-8").split(",").map(Number);
const model = { delta: 0.5, rho: 0.1, sigma: 0, prior: "bernoulliGaussian" };
const tauMax = 4;
const ACTIVE = 0.1; // |w| above which a coordinate counts as active: the DMFT's default activeThreshold
const round = (xs) => xs.map((v) => Number(v.toPrecision(4))); // 4 digits: far below the seed spread
const tau = [0];
for (let i = 0; i < 60; i++) tau.push(0.02 * (tauMax / 0.02) ** (i / 59));

const data = loadReference(out, {
  generator: "packages/dmft/scripts/small-alpha-reference.mjs",
  d,
  seeds: S,
  model,
  tau,
});
data.dlnVersion = dlnVersion;
const seedName = (k) => `small-alpha-${k}`;
const teacher = (k) => sampleTeacherValues(model.prior, model.rho, d, createRng(`small-alpha-teacher-${k}`));
const params = (k, alpha, T) => ({
  d,
  delta: model.delta,
  rho: model.rho,
  sigma: model.sigma,
  alpha,
  T,
  seed: seedName(k),
  wStar: teacher(k),
  prior: model.prior,
});

// 1. The alpha → 0 limit: saddle-to-saddle on each data set, read on the τ grid (piecewise constant).
if (!data.settings.limit) {
  const start = Date.now();
  const runs = [];
  for (let k = 0; k < S; k++) {
    const p = validateDlnParams(params(k, 1, 1));
    const dd = createDlnData(p);
    const s2s = saddleToSaddle(dd.X, dd.y, { maxTau: tauMax });
    if (!s2s.converged) throw new Error(`saddle-to-saddle did not converge on data set ${k}: ${s2s.message}`);
    const n = dd.y.length;
    const genError = [];
    const trainLoss = [];
    const activeCount = [];
    const nonZeroCount = [];
    let j = 0;
    for (const x of tau) {
      while (j + 1 < s2s.jumpTimes.length && s2s.jumpTimes[j + 1] <= x) j++;
      const b = s2s.saddles[j];
      let e = 0;
      let a = 0;
      let nz = 0;
      for (let i = 0; i < d; i++) {
        e += (b[i] - dd.wStar[i]) ** 2;
        if (Math.abs(b[i]) > ACTIVE) a++;
        if (b[i] !== 0) nz++;
      }
      genError.push(e / d);
      trainLoss.push(s2s.losses[j] / n);
      activeCount.push(a);
      nonZeroCount.push(nz);
    }
    runs.push({
      genError: round(genError),
      trainLoss: round(trainLoss),
      activeCount,
      nonZeroCount,
      jumps: s2s.jumpTimes.length - 1,
    });
    process.stderr.write(`limit: data set ${k + 1}/${S} (${((Date.now() - start) / 1000).toFixed(0)} s)\n`);
  }
  data.settings.limit = { alpha: 0, runs, seconds: (Date.now() - start) / 1000 };
  writeReference(out, data);
}

// 2. Finite alpha: the flow on the same data sets, at t = τ ln(1/alpha).
for (const alpha of alphas) {
  const key = String(alpha);
  if (data.settings[key]) continue;
  const L = Math.log(1 / alpha);
  const start = Date.now();
  const runs = [];
  for (let k = 0; k < S; k++) {
    const r = await simulateSeeds(params(k, alpha, tauMax * L), {
      seeds: [seedName(k)],
      workers: 0,
      flowOptions: { times: tau.map((x) => x * L), activeThreshold: ACTIVE },
    });
    const run = r.runs[0];
    if (!run.converged) throw new Error(`flow did not converge at alpha ${alpha}, data set ${k}`);
    runs.push({
      genError: round(Array.from(run.genError)),
      trainLoss: round(Array.from(run.trainLoss)),
      activeCount: Array.from(run.activeCount),
    });
    process.stderr.write(
      `alpha ${alpha}: data set ${k + 1}/${S} (${((Date.now() - start) / 1000).toFixed(0)} s)\n`,
    );
  }
  data.settings[key] = { alpha, runs, seconds: (Date.now() - start) / 1000 };
  writeReference(out, data);
}
