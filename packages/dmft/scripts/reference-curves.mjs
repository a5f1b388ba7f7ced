#!/usr/bin/env node
// Regenerates src/reference/reference-curves.json (shipped as referenceCurves()): the project's own finite-size gradient-flow
// simulation (dln's RK45 flow in the mirror variable, exactly normalised teachers) at d = 4000
// and 12 seeds for the settings below (8 for the last two, added later: `--seeds 8 --only NAME`), on a fixed
// log-spaced time grid. The DMFT's accuracy test
// (test/reference-curves.test.ts) compares the default solve with these curves, two-sided.
//
//   node packages/dmft/scripts/reference-curves.mjs [--d 4000] [--seeds 12] [--only NAME] [--out FILE]
// Long: about two and a half hours on 2 cores (delta 4 and tiny-alpha dominate: tiny-alpha, T = 1000, takes
// 4–5 min per seed). Settings are run one after the other and
// the file is rewritten after each, so an interrupted run keeps what finished.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { simulateSeeds } from "@meanfield/dln";
import { createRng } from "@meanfield/linalg";
import { sampleTeacherValues } from "../dist/index.js";
import { dlnVersion, loadReference, writeReference } from "./reference-file.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const arg0 = process.argv.indexOf("--out");
const out = arg0 >= 0 ? process.argv[arg0 + 1] : join(here, "../src/reference/reference-curves.json");
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const d = Number(arg("d", 4000));
const S = Number(arg("seeds", 12));
const only = arg("only", undefined);

export const SETTINGS = [
  { name: "lazy", delta: 0.5, rho: 0.1, sigma: 0, alpha: 1, T: 20 },
  { name: "rich", delta: 0.5, rho: 0.1, sigma: 0, alpha: 0.1, T: 50 },
  { name: "small-alpha", delta: 0.3, rho: 0.05, sigma: 0, alpha: 0.01, T: 100 },
  { name: "noisy-delta2", delta: 2, rho: 0.2, sigma: 0.5, alpha: 0.5, T: 20 },
  { name: "delta4", delta: 4, rho: 0.5, sigma: 0.5, alpha: 0.3, T: 5 },
  { name: "rademacher", delta: 0.5, rho: 0.2, sigma: 0.2, alpha: 0.3, T: 20, prior: "rademacherSparse" },
  { name: "noiseless-delta2", delta: 2, rho: 0.1, sigma: 0, alpha: 1, T: 5 },
  { name: "tiny-alpha", delta: 0.5, rho: 0.1, sigma: 0, alpha: 1e-4, T: 1000 },
];

function times(T) {
  const t = [0];
  const n = 40;
  const t0 = Math.min(1e-2, T / 100);
  for (let i = 0; i < n; i++) t.push(t0 * (T / t0) ** (i / (n - 1)));
  return t;
}

const data = loadReference(out, { generator: "packages/dmft/scripts/reference-curves.mjs", d, seeds: S });
const version = dlnVersion;
for (const s of SETTINGS) {
  if (only && s.name !== only) continue;
  const prior = s.prior ?? "bernoulliGaussian";
  const t = times(s.T);
  const start = Date.now();
  const seeds = Array.from({ length: S }, (_, k) => k);
  // exactly normalised teachers (round(rho d) non-zeros, ‖w*‖² = d), one per seed, drawn here
  const runs = [];
  for (const seed of seeds) {
    const wStar = sampleTeacherValues(prior, s.rho, d, createRng(`reference-teacher-${s.name}-${seed}`));
    const r = await simulateSeeds(
      {
        d,
        delta: s.delta,
        alpha: s.alpha,
        rho: s.rho,
        sigma: s.sigma,
        T: s.T,
        seed: `reference-${s.name}-${seed}`,
        wStar,
        prior,
      },
      { seeds: [`reference-${s.name}-${seed}`], workers: 0, flowOptions: { times: t } },
    );
    runs.push(r.runs[0]);
    process.stderr.write(
      `${s.name}: seed ${seed + 1}/${S} done (${((Date.now() - start) / 1000).toFixed(0)} s)\n`,
    );
  }
  const stat = (key) => {
    const mean = t.map((_, k) => runs.reduce((a, r) => a + r[key][k], 0) / S);
    const stdErr = t.map((_, k) =>
      Math.sqrt(runs.reduce((a, r) => a + (r[key][k] - mean[k]) ** 2, 0) / (S - 1) / S),
    );
    return { mean, stdErr };
  };
  data.settings[s.name] = {
    params: { delta: s.delta, rho: s.rho, sigma: s.sigma, alpha: s.alpha, T: s.T, prior },
    t,
    genError: stat("genError"),
    trainLoss: stat("trainLoss"),
    d,
    seeds: S,
    dlnVersion: version,
    seconds: (Date.now() - start) / 1000,
  };
  // the top-level count is the smallest per-setting count, so it never overstates a setting
  data.seeds = Math.min(...Object.values(data.settings).map((v) => v.seeds));
  writeReference(out, data);
}
