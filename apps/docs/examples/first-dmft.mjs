import { solveDmft } from "@meanfield/dmft";

// DLN gradient flow as n, d → ∞ with n/d = delta: sparse teacher (rho), no label noise, init scale alpha.
const result = solveDmft(
  { alpha: 0.5, delta: 0.5, rho: 0.1, sigma: 0, T: 2 },
  { gridPoints: 60, samples: 4000, seed: 1 },
);

console.log(
  `converged: ${result.converged} after ${result.iterations} iterations (residual ${result.residual.toExponential(1)})`,
);
for (const k of [10, 30, 60]) {
  const t = result.t[k].toFixed(2);
  console.log(
    `t = ${t}  train loss ${result.trainLoss[k].toFixed(4)}  generalisation error ${result.genError[k].toFixed(4)}`,
  );
}
