#!/usr/bin/env node
// The exact finite-K RS capacity of the smooth built-ins (theory/replica-finite-k.md, "Smooth activations"):
// κ = 0, storageCapacity's default sampling (100 000 fresh samples, 10 000 for the search, seed 1), the
// Gaussian-equivalent value and the K = 1 and K → ∞ values beside it.
//   node packages/replica/scripts/smooth-finite-k-table.mjs [activations] [Ks]
import { storageCapacity } from "../dist/index.js";

const acts = (process.argv[2] ?? "erf,tanh,sigmoid,softplus,gelu,quadratic").split(",");
const Ks = (process.argv[3] ?? "2,3,4").split(",").map(Number);
const rows = [];
for (const activation of acts) {
  const k1 = storageCapacity({ activation, K: 1 }).alphaC;
  const inf = storageCapacity({ activation }).alphaC;
  for (const K of Ks) {
    const t0 = Date.now();
    const r = storageCapacity({ activation, K });
    const ge = storageCapacity({ activation, K }, { finiteKMethod: "gaussian-equivalent" }).alphaC;
    const row = {
      activation,
      K,
      alphaC: r.alphaC,
      standardError: r.standardError ?? 0,
      crossUnitCorrelation: r.details.crossUnitCorrelation ?? null,
      freezingRatio: r.details.freezingRatio ?? null,
      gaussianEquivalent: ge,
      K1: k1,
      Kinf: inf,
      seconds: (Date.now() - t0) / 1000,
      message: r.message,
    };
    rows.push(row);
    const f = (x, d = 3) => (x === null || x === undefined ? "–" : Number(x).toFixed(d));
    console.log(
      `| ${activation} | ${K} | ${f(r.alphaC)} ± ${f(row.standardError)} | ${f(row.crossUnitCorrelation, 2)} | ${row.freezingRatio === null ? "–" : Number(row.freezingRatio).toPrecision(2)} | ${f(ge)} | ${r.alphaC ? `${(((ge - r.alphaC) / r.alphaC) * 100).toFixed(1)} %` : "–"} | (${row.seconds.toFixed(0)} s)`,
    );
  }
}
if (process.argv.includes("--json")) console.log(JSON.stringify(rows, null, 1));
