#!/usr/bin/env node
// Full DMFT-vs-simulation agreement check of issue 5 (the reduced version runs in the tests).
// DLN gradient flow, delta = 0.5, rho = 0.1: sigma = 0 at alpha ∈ {1e-3, 1e-1, 1}, plus one noisy
// case (alpha = 0.1, sigma = 0.5). Simulation: dln's RK45 gradient flow, d = 2000 (n = 1000), 5 seeds.
// Pass: at every grid time (the train loss where it is above 1e-4 of its initial value and resolved
// by the DMFT), |DMFT − seed mean| ≤ 3 combined standard errors (the seed mean's and the DMFT's own
// Monte Carlo and discretisation errors), or within 2 % (ε_gen) / 5 % (train loss). Each line also
// states the smallest relative discrepancy the check could detect.
// Usage: node scripts/agreement.mjs [--d 2000] [--seeds 5] [--samples 8000] [--grid 120] [--out file.json]
import { writeFileSync } from "node:fs";
import { compareWithSimulation } from "../dist/index.js";

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const d = Number(opt("d", 2000));
const seeds = Number(opt("seeds", 5));
const samples = Number(opt("samples", 8000));
const gridPoints = Number(opt("grid", 120));
const out = opt("out", undefined);

const cases = [
  { alpha: 1e-3, delta: 0.5, rho: 0.1, sigma: 0, T: 100 },
  { alpha: 1e-1, delta: 0.5, rho: 0.1, sigma: 0, T: 30 },
  { alpha: 1, delta: 0.5, rho: 0.1, sigma: 0, T: 10 },
  { alpha: 1e-1, delta: 0.5, rho: 0.1, sigma: 0.5, T: 30 },
];
const report = [];
let allPass = true;
for (const c of cases) {
  const t0 = Date.now();
  const r = compareWithSimulation(c, {
    d,
    seeds,
    dmft: { gridPoints, samples, seed: 0, allowNonConverged: true },
  });
  const wall = (Date.now() - t0) / 1000;
  allPass &&= r.pass;
  const worst = (rows) =>
    rows.filter((x) => x.compared).reduce((a, b) => (Math.abs(b.z) > Math.abs(a.z) ? b : a));
  const wg = worst(r.genError);
  const wl = worst(r.trainLoss);
  console.log(
    `alpha=${c.alpha} sigma=${c.sigma} T=${c.T}: ${r.pass ? "PASS" : "FAIL"}  max|z|=${r.maxAbsZ.toFixed(2)}  ` +
      `worst eg t=${wg.t.toFixed(3)} z=${wg.z.toFixed(2)} rel=${wg.rel.toFixed(3)}  worst tl t=${wl.t.toFixed(3)} z=${wl.z.toFixed(2)} rel=${wl.rel.toFixed(3)}  ` +
      `could detect ≥ ${(100 * r.detectableGen).toFixed(1)} % (ε_gen), ${(100 * r.detectableTrain).toFixed(1)} % (train)  ` +
      `failing points=${[...r.genError, ...r.trainLoss].filter((x) => !x.pass).length}  dmft ${(r.dmft.wallTimeMs / 1000).toFixed(1)} s (${r.dmft.converged ? "converged" : "NOT converged"}), total ${wall.toFixed(1)} s`,
  );
  report.push({
    params: c,
    d,
    seeds,
    samples,
    gridPoints,
    pass: r.pass,
    maxAbsZ: r.maxAbsZ,
    maxRel: r.maxRel,
    genError: r.genError,
    trainLoss: r.trainLoss,
    dmftWallTimeMs: r.dmft.wallTimeMs,
  });
}
if (out) writeFileSync(out, JSON.stringify(report, null, 1));
console.log(allPass ? "all cases agree" : "some cases disagree");
process.exitCode = allPass ? 0 : 1;
