import { solveDmft } from "@meanfield/dmft";

// DLN gradient flow as n, d → ∞ with n/d = delta
const params = { alpha: 0.5, delta: 0.5, rho: 0.1, sigma: 0, T: 2 };
const r = solveDmft(params, { gridPoints: 60, samples: 4000, seed: 1 });

console.log(r.message);
for (const k of [10, 30, 60]) {
  const [t, train, gen] = [r.t[k], r.trainLoss[k], r.genError[k]];
  const err = Math.hypot(r.genErrorStdErr[k], r.genErrorDiscError[k]);
  console.log(`t=${t.toFixed(2)} train=${train.toFixed(4)} gen=${gen.toFixed(4)} ± ${err.toFixed(4)}`);
}
