#!/usr/bin/env node
// The exact finite-K RS capacity against K (theory/replica-finite-k.md, "Exact replica symmetry at finite K"):
// ReLU at κ = 0 with the default sampling (storageCapacity's defaults, seed 1), the Gaussian-equivalent value
// beside it, and least-squares fits of the approach to K → ∞.   node packages/replica/scripts/finite-k-table.mjs
import { storageCapacity } from "../dist/index.js";

const Ks = (process.argv[2] ?? "2,3,4,6,8,12,16,24").split(",").map(Number);
const rows = [];
for (const K of Ks) {
  const t0 = Date.now();
  const r = storageCapacity({ activation: "relu", K });
  const ge = storageCapacity({ activation: "relu", K }, { finiteKMethod: "gaussian-equivalent" }).alphaC;
  rows.push({
    K,
    a: r.alphaC,
    se: r.standardError,
    Kc: r.details.crossUnitCorrelation,
    rho: r.details.freezingRatio,
    ge,
  });
  console.log(
    `| ${K} | ${r.alphaC.toFixed(3)} ± ${r.standardError.toFixed(3)} | ${r.details.crossUnitCorrelation.toFixed(2)} | ${r.details.freezingRatio.toPrecision(2)} | ${ge.toFixed(3)} | ${((ge / r.alphaC - 1) * 100).toFixed(1)} % |  (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
}
/** Weighted least squares y ≈ Σ c_j f_j(K); returns c₀ ± its error and χ². */
function fit(fs, from) {
  const pts = rows.filter((r) => r.K >= from);
  const n = fs.length;
  const A = pts.map((p) => fs.map((f) => f(p.K) / p.se));
  const b = pts.map((p) => p.a / p.se);
  const AtA = fs.map((_, i) => fs.map((_, j) => A.reduce((s, row) => s + row[i] * row[j], 0)));
  const Atb = fs.map((_, i) => A.reduce((s, row, k) => s + row[i] * b[k], 0));
  // Gauss–Jordan inverse of the small normal matrix
  const M = AtA.map((row, i) => [...row, ...fs.map((_, j) => (i === j ? 1 : 0))]);
  for (let i = 0; i < n; i++) {
    const piv = M[i][i];
    for (let j = 0; j < 2 * n; j++) M[i][j] /= piv;
    for (let k = 0; k < n; k++)
      if (k !== i) {
        const f = M[k][i];
        for (let j = 0; j < 2 * n; j++) M[k][j] -= f * M[i][j];
      }
  }
  const inv = M.map((row) => row.slice(n));
  const c = inv.map((row) => row.reduce((s, v, j) => s + v * Atb[j], 0));
  const chi2 = A.reduce((s, row, k) => s + (row.reduce((t, v, j) => t + v * c[j], 0) - b[k]) ** 2, 0);
  return { a: c[0], err: Math.sqrt(inv[0][0]), chi2, dof: pts.length - n };
}
for (const [name, fs, from] of [
  ["a + b/K, K ≥ 3", [() => 1, (K) => 1 / K], 3],
  ["a + b/K + c/K², K ≥ 6", [() => 1, (K) => 1 / K, (K) => K ** -2], 6],
  ["a + b/√K, K ≥ 6", [() => 1, (K) => K ** -0.5], 6],
]) {
  const f = fit(fs, from);
  console.log(
    `${name}: a = ${f.a.toFixed(3)} ± ${f.err.toFixed(3)}, χ² = ${f.chi2.toFixed(1)} for ${f.dof} dof`,
  );
}
