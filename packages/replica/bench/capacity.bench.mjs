// Wall time of one capacity computation per built-in activation (target < 2 s each, issue 6) and of a
// 100-point alpha sweep (target < 20 s). A "capacity computation" is, from a cold activation cache in a
// fresh worker-free process: building the activation (moments, Hermite series), alphaC at K → ∞ and at
// K = 1 and K = 8, and alphaPSB (the α scan with bisections). Baseline in the same run: one fixed
// Gauss–Hermite energetic-term evaluation, to show how many of those each computation costs.
// Runs over the built dist (`pnpm build` first; `pnpm bench` does).
import { performance } from "node:perf_hooks";
import {
  alphaC,
  alphaPSB,
  BUILTIN_ACTIVATIONS,
  createActivation,
  energeticTerm,
  sweepAlpha,
} from "@meanfield/replica";
import { report } from "../../../scripts/bench-report.mjs";

const t0 = performance.now();
let sink = 0;
for (let i = 0; i < 2000; i++) sink += energeticTerm(0.5 + i * 1e-5, 0);
const baseMs = (performance.now() - t0) / 2000;

const rows = [];
for (const name of BUILTIN_ACTIVATIONS) {
  const s = performance.now();
  createActivation(name);
  const inf = alphaC({ activation: name });
  const k1 = alphaC({ activation: name, K: 1 });
  const k8 = alphaC({ activation: name, K: 8 }, { samples: 50_000 });
  const psb = alphaPSB({ activation: name });
  const ms = performance.now() - s;
  sink += (inf.alphaC ?? 0) + (k1.alphaC ?? 0) + (k8.alphaC ?? 0) + (psb.alphaPSB ?? 0);
  rows.push({ name, ms, ratio: ms / baseMs });
}
const s = performance.now();
sweepAlpha({ activation: "relu", alphas: Array.from({ length: 100 }, (_, i) => 0.055 * (i + 1)) });
const sweepMs = performance.now() - s;

console.log(`baseline: one energetic-term evaluation = ${baseMs.toFixed(4)} ms`);
console.log("activation   ms/computation   × baseline   target 2000 ms");
for (const r of rows)
  console.log(
    `${r.name.padEnd(12)} ${r.ms.toFixed(1).padStart(14)} ${r.ratio.toFixed(0).padStart(12)}   ${r.ms < 2000 ? "ok" : "SLOW"}`,
  );
console.log(
  `sweep of 100 alphas (relu): ${sweepMs.toFixed(0)} ms (target 20000 ms) ${sweepMs < 20000 ? "ok" : "SLOW"}`,
);
if (Number.isNaN(sink)) console.log("");
report("replica", {
  capacitySeconds: Object.fromEntries(rows.map((r) => [r.name, r.ms / 1000])),
  capacityBaselineMs: baseMs,
  capacityMaxSeconds: Math.max(...rows.map((r) => r.ms)) / 1000,
  replicaSweep100Seconds: sweepMs / 1000,
});
