#!/usr/bin/env node
// Accuracy of the default DMFT solve against the shipped d = 4000 reference curves
// (referenceCurves()), as a markdown table: per setting, whether the default solve converged
// (its own error estimate within rtol), the largest |z| and relative deviation over all reference
// times (z with the combined errors of both sides), the largest smallest-detectable relative
// discrepancy, and the wall time. Usage: node packages/dmft/scripts/accuracy-table.mjs [options JSON]
import { compareWithReference, referenceCurves, solveDmftParallel } from "../dist/index.js";

const extra = JSON.parse(process.argv[2] ?? "{}");
console.log(
  "| setting | δ, ρ, σ, α, T | converged (own estimate) | ε_gen: max abs z / max rel. dev. / detectable | train loss (resolved times): max abs z / max rel. dev. / detectable | agrees (2 % / 5 % or 3 s.e.) | wall |",
);
console.log("|---|---|---|---|---|---|---|");
for (const [name, ref] of Object.entries(referenceCurves())) {
  const t0 = Date.now();
  const r = await solveDmftParallel(ref.params, { allowNonConverged: true, ...extra });
  const wall = (Date.now() - t0) / 1000;
  const { genError: g, trainLoss: l } = compareWithReference(r, ref);
  const f = (s) =>
    `${s.maxZ.toFixed(1)} / ${(100 * s.relative).toFixed(1)} % / ${(100 * s.detectable).toFixed(1)} % (${s.compared} times)`;
  const p = ref.params;
  console.log(
    `| ${name} | ${p.delta}, ${p.rho}, ${p.sigma}, ${p.alpha}, ${p.T}${p.prior === "rademacherSparse" ? " (Rademacher)" : ""} | ${r.converged ? "yes" : "no"} (ε_gen ${(100 * r.accuracy.genErrorRelError).toFixed(1)} %, train ${(100 * r.accuracy.trainLossRelError).toFixed(1)} %) | ${f(g)} | ${f(l)} | ${g.agrees && l.agrees ? "yes" : "no"} | ${wall.toFixed(0)} s |`,
  );
}
