// Full gradient evaluations per second for the DLN hot loop (theory/dln.md, "Gradient flow"): r = y − Xw, g = Xᵀr, w ← w + eta·g,
// at d = 4000, n = 2000. Runs over the built dist (run `pnpm build` first; `pnpm bench` does).
//  - "flat, 1 thread": @meanfield/linalg matVec/matTVec on a row-major Float64Array, preallocated buffers;
//  - "flat, 2 threads": rows of X split between this thread and one worker, X/w/y/g in SharedArrayBuffers,
//    synchronised with Atomics each evaluation (one trajectory, both cores);
//  - "simulateGradientDescent": the package's own GD loop on the u²−v² network (gradient + u, v update);
//  - baseline: the same evaluation with ml-matrix `Matrix` objects (X.mmul(w), Xᵀ precomputed once).

import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { availableParallelism, loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import { createDlnData, simulateGradientDescent, validateDlnParams } from "@meanfield/dln";
import {
  createKernelWorkspace,
  createRng,
  kernelBackend,
  matTVec,
  matVec,
  residualGradient,
  toMlMatrix,
} from "@meanfield/linalg";
import { report } from "../../../scripts/bench-report.mjs";

const d = Number(process.env.BENCH_D ?? 4000);
const n = Number(process.env.BENCH_N ?? 2000);
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const eta = 1e-4;

// ml-matrix is linalg's dependency; resolve it from there so this package needs no copy of it.
const { Matrix } = createRequire(import.meta.resolve("@meanfield/linalg"))("ml-matrix");

const load0 = loadavg()[0].toFixed(2);
const rng = createRng("bench-gradient");
const X0 = rng.gaussianMatrix(n, d, 1 / Math.sqrt(d));
const y0 = rng.fork("y").fillNormal(new Float64Array(n));

function timeIt(label, step) {
  for (let i = 0; i < 3; i++) step(); // warm-up (JIT)
  let count = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < seconds * 1000) {
    step();
    count++;
    t = performance.now();
  }
  const rate = count / ((t - t0) / 1000);
  console.log(
    `${label.padEnd(34)} ${rate.toFixed(1).padStart(8)} gradients/s  (${count} in ${((t - t0) / 1000).toFixed(2)} s)`,
  );
  return rate;
}

// 1. Flat arrays, one thread.
const w1 = new Float64Array(d);
const r1 = new Float64Array(n);
const g1 = new Float64Array(d);
const single = timeIt("flat Float64Array, 1 thread", () => {
  matVec(X0, w1, r1);
  for (let i = 0; i < n; i++) r1[i] = y0[i] - r1[i];
  matTVec(X0, r1, g1);
  for (let j = 0; j < d; j++) w1[j] += eta * g1[j];
});

// 1b. The fused kernel (r = y − Xw, g = Xᵀr in one pass over X) in a kernel workspace: WebAssembly
// SIMD where available — the path dln's gradient flow and gradient descent take.
const [Xk, wk, yk, rk, gk] = createKernelWorkspace([n * d, d, n, n, d]);
Xk.set(X0.data);
yk.set(y0);
const fused = timeIt(`fused residualGradient (${kernelBackend()})`, () => {
  residualGradient(Xk, n, d, wk, yk, rk, gk);
  for (let j = 0; j < d; j++) wk[j] += eta * gk[j];
});

// 2. Flat arrays, rows split over this thread and one worker (SharedArrayBuffer + Atomics).
const sab = {
  X: new SharedArrayBuffer(n * d * 8),
  w: new SharedArrayBuffer(d * 8),
  y: new SharedArrayBuffer(n * 8),
  g: new SharedArrayBuffer(d * 8),
};
new Float64Array(sab.X).set(X0.data);
new Float64Array(sab.y).set(y0);
const ctlBuffer = new SharedArrayBuffer(12);
const ctl = new Int32Array(ctlBuffer);
const half = n >> 1;
const worker = new Worker(new URL("./gradient-worker.mjs", import.meta.url), {
  workerData: { sab, ctlBuffer, n, d, r0: half, r1: n },
});
const Xa = { rows: half, cols: d, data: new Float64Array(sab.X, 0, half * d) };
const w2 = new Float64Array(sab.w);
const gB = new Float64Array(sab.g);
const ya = new Float64Array(sab.y, 0, half);
const ra = new Float64Array(half);
const gA = new Float64Array(d);
const both = timeIt("flat Float64Array, 2 threads (rows)", () => {
  Atomics.store(ctl, 1, 0);
  Atomics.add(ctl, 0, 1);
  Atomics.notify(ctl, 0);
  matVec(Xa, w2, ra);
  for (let i = 0; i < half; i++) ra[i] = ya[i] - ra[i];
  matTVec(Xa, ra, gA);
  while (Atomics.load(ctl, 1) === 0) Atomics.wait(ctl, 1, 0);
  for (let j = 0; j < d; j++) w2[j] += eta * (gA[j] + gB[j]);
});
Atomics.store(ctl, 2, 1);
Atomics.add(ctl, 0, 1);
Atomics.notify(ctl, 0);
await worker.terminate();

// 3. The package's GD loop (data drawn once, outside the timing).
const params = { d, n, alpha: 0.1, rho: 0.1, sigma: 0, T: 1, seed: 1 };
const data = createDlnData(validateDlnParams(params));
const iters = Math.max(20, Math.round(seconds * 40));
simulateGradientDescent({ ...params, T: 3 * eta }, { data, learningRate: eta, times: [3 * eta] });
const tg = performance.now();
simulateGradientDescent({ ...params, T: iters * eta }, { data, learningRate: eta, times: [iters * eta] });
const gdRate = iters / ((performance.now() - tg) / 1000);
console.log(
  `${"simulateGradientDescent, 1 thread".padEnd(34)} ${gdRate.toFixed(1).padStart(8)} gradients/s  (${iters} iterations)`,
);

// 4. Baseline: ml-matrix Matrix objects.
const Xm = toMlMatrix(X0);
const Xtm = Xm.transpose();
const ym = Matrix.columnVector(Array.from(y0));
let wm = Matrix.zeros(d, 1);
const baseline = timeIt("ml-matrix Matrix, 1 thread", () => {
  const r = ym.clone().sub(Xm.mmul(wm));
  const g = Xtm.mmul(r);
  wm = wm.add(g.mul(eta));
});

// 5. numpy + OpenBLAS doing the same work in the same minute (skipped with a note without numpy).
const numpyScript = `
import os, sys, time
import numpy as np
d, n, secs, eta = ${d}, ${n}, ${seconds}, ${eta}
rng = np.random.default_rng(0)
X = rng.standard_normal((n, d)) / np.sqrt(d)
y = rng.standard_normal(n)
w = np.zeros(d)
for _ in range(3):
    w += eta * (X.T @ (y - X @ w))
c = 0
t0 = time.perf_counter()
while time.perf_counter() - t0 < secs:
    w += eta * (X.T @ (y - X @ w))
    c += 1
print(c / (time.perf_counter() - t0))
`;
function numpyRate(threads) {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync("python3", ["-c", numpyScript], { env, encoding: "utf8", timeout: 120_000 });
  const v = Number(r.stdout?.trim());
  return r.status === 0 && Number.isFinite(v) ? v : null;
}
const np1 = numpyRate(1);
const npAll = np1 === null ? null : numpyRate(availableParallelism());
if (np1 === null) console.log("numpy not importable through python3: numpy baseline skipped");
else {
  console.log(`${"numpy + OpenBLAS, 1 thread".padEnd(34)} ${np1.toFixed(1).padStart(8)} gradients/s`);
  console.log(`${"numpy + OpenBLAS, all cores".padEnd(34)} ${npAll.toFixed(1).padStart(8)} gradients/s`);
}

console.log(
  `\nd = ${d}, n = ${n}, cores available: ${availableParallelism()}, load average before/after: ${load0} / ${loadavg()[0].toFixed(2)}`,
);
console.log(`ratio flat 1 thread / ml-matrix:   ${(single / baseline).toFixed(2)}×`);
console.log(`ratio fused 1 thread / flat 1 thread: ${(fused / single).toFixed(2)}×`);
if (np1 !== null) {
  console.log(`ratio fused 1 thread / numpy 1 thread:   ${(fused / np1).toFixed(2)}× (target ≥ 1.2)`);
  console.log(`ratio fused 1 thread / numpy all cores:  ${(fused / npAll).toFixed(2)}×`);
}
console.log(`ratio flat 2 threads / ml-matrix:  ${(both / baseline).toFixed(2)}×`);
console.log(`ratio simulateGradientDescent / ml-matrix: ${(gdRate / baseline).toFixed(2)}×`);
console.log(`ratio flat 2 threads / 1 thread:   ${(both / single).toFixed(2)}×`);
console.log(
  `targets: ≥ 60/s one thread (${single >= 60 ? "met" : "NOT met"}), ≥ 110/s both cores (${both >= 110 ? "met" : "NOT met"})`,
);
report("dln", {
  dlnGradEvalsPerSecond: both,
  dlnGradEvalsPerSecondSingle: single,
  dlnGradEvalsPerSecondFused: fused,
  ...(np1 !== null ? { numpyGradEvalsPerSecondSingle: np1, numpyGradEvalsPerSecondAllCores: npAll } : {}),
  dlnGradEvalsPerSecondMlMatrix: baseline,
  dlnSimulateGradientDescentPerSecond: gdRate,
});
