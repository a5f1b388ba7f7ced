#!/usr/bin/env node
// Accuracy of the default DMFT solve against the shipped d = 4000 reference curves
// (referenceCurves()), as a markdown table: per setting, whether the default solve converged
// (its own error estimate within rtol), the largest |z| and relative deviation over all reference
// times (z with the combined errors of both sides), the largest smallest-detectable relative
// discrepancy, and the wall time. Usage: node packages/dmft/scripts/accuracy-table.mjs [options JSON]
import { referenceCurves, solveDmftParallel } from "../dist/index.js";

const extra = JSON.parse(process.argv[2] ?? "{}");
const interp = (t, x, tt) => {
  let k = 1;
  while (k < t.length - 1 && t[k] < tt) k++;
  const f = (tt - t[k - 1]) / (t[k] - t[k - 1]);
  return x[k - 1] * (1 - f) + x[k] * f;
};
console.log(
  "| setting | δ, ρ, σ, α, T | converged (own estimate) | ε_gen: max abs z / max rel. dev. / detectable | train loss (resolved times): max abs z / max rel. dev. / detectable | agrees (2 % / 5 % or 3 s.e.) | wall |",
);
console.log("|---|---|---|---|---|---|---|");
for (const [name, ref] of Object.entries(referenceCurves())) {
  const t0 = Date.now();
  const r = await solveDmftParallel(ref.params, { allowNonConverged: true, ...extra });
  const wall = (Date.now() - t0) / 1000;
  const stats = (key, errs, relTol, resolvedOnly) => {
    let z = 0;
    let rel = 0;
    let det = 0;
    let ok = true;
    let n = 0;
    for (let i = 1; i < ref.t.length; i++) {
      const tt = ref.t[i];
      if (resolvedOnly) {
        let k = 1;
        while (k < r.t.length - 1 && r.t[k] < tt) k++;
        if (r.trainLossResolved[k] !== 1 || r.trainLossResolved[k - 1] !== 1) continue;
      }
      n++;
      const v = interp(r.t, r[key], tt);
      const e = interp(r.t, errs, tt);
      const m = ref[key].mean[i];
      const se = ref[key].stdErr[i];
      const c = Math.hypot(e, se);
      const d = Math.abs(v - m);
      z = Math.max(z, c > 0 ? d / c : 0);
      rel = Math.max(rel, d / Math.abs(m));
      det = Math.max(det, Math.max(3 * c, relTol * Math.abs(m)) / Math.abs(m));
      if (!(d <= Math.max(3 * c, relTol * Math.abs(m)))) ok = false;
    }
    return { z, rel, det, ok, n };
  };
  const ge = Array.from(r.genErrorStdErr, (x, i) => Math.hypot(x, r.genErrorDiscError[i]));
  const te = Array.from(r.trainLossStdErr, (x, i) => Math.hypot(x, r.trainLossDiscError[i]));
  const g = stats("genError", ge, 0.02, false);
  const l = stats("trainLoss", te, 0.05, true);
  const f = (s) =>
    `${s.z.toFixed(1)} / ${(100 * s.rel).toFixed(1)} % / ${(100 * s.det).toFixed(1)} % (${s.n} times)`;
  const p = ref.params;
  console.log(
    `| ${name} | ${p.delta}, ${p.rho}, ${p.sigma}, ${p.alpha}, ${p.T}${p.prior === "rademacherSparse" ? " (Rademacher)" : ""} | ${r.converged ? "yes" : "no"} (ε_gen ${(100 * r.accuracy.genErrorRelError).toFixed(1)} %, train ${(100 * r.accuracy.trainLossRelError).toFixed(1)} %) | ${f(g)} | ${f(l)} | ${g.ok && l.ok ? "yes" : "no"} | ${wall.toFixed(0)} s |`,
  );
}
