#!/usr/bin/env node
// Regenerates src/reference/long-time-reference.json: the t → ∞ limit of the project's own finite-size gradient flow
// and its linearisation (theory/dmft.md, "Long time"), at d = 4000 with exactly normalised teachers, for the
// long-time analyses' accuracy test (test/long-time-reference.test.ts):
//   - w_∞ = argmin Q_alpha(w) s.t. Xw = y (dln's minQAlphaInterpolator: the flow's limit for delta < 1), giving
//     ε_gen,∞ = ‖w_∞ − w*‖²/d and ‖w_∞‖₁/d;
//   - the exponential rate of the train loss near w_∞, 2λ₋ with λ₋ the smallest eigenvalue of X D Xᵀ,
//     D = diag(F(w_∞)), F the DLN mobility, by Lanczos with full reorthogonalisation.
// Per seed and setting one data set, mean ± standard error over seeds.
//   node packages/dmft/scripts/long-time-reference.mjs [--d 4000] [--seeds 8] [--only NAME[,NAME…] or PREFIX*] [--suffix -d1000] [--from 0] [--out FILE]
//   node packages/dmft/scripts/long-time-reference.mjs --merge PART.json [--out FILE]
// Long: a few minutes per seed at d = 4000 (Newton on the n × n dual), seconds at d = 1000; settings are written as
// they finish. One study can be split over processes: run each part with its own --from and --out, then --merge
// each part into the committed file (a part continues a setting only where its first data set is the next one).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDlnData, minQAlphaInterpolator, validateDlnParams } from "@meanfield/dln";
import { createRng, matTVec, matVec } from "@meanfield/linalg";
import { meanStdErrOf, sampleTeacherValues } from "../dist/index.js";
import { dlnVersion, loadReference, writeReference } from "./reference-file.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const d = Number(arg("d", 4000));
const S = Number(arg("seeds", 8));
const only = arg("only", undefined);
// a suffix names an extra study of the same setting (e.g. "-d1000" with --d 1000 --seeds 200): its own data sets
const suffix = arg("suffix", "");
// the first data set's index (to split one study over processes: --from 0 --seeds 50, --from 50 --seeds 50)
const from = Number(arg("from", 0));
const out = arg("out", join(here, "../src/reference/long-time-reference.json"));

export const SETTINGS = [
  { name: "lazy", delta: 0.5, rho: 0.1, sigma: 0, alpha: 1 },
  { name: "rich", delta: 0.5, rho: 0.1, sigma: 0, alpha: 0.1 },
  { name: "sparse", delta: 0.5, rho: 0.1, sigma: 0, alpha: 0.03 },
  // simulation points of the trade-off figure's other (delta, rho, sigma) (rate-tradeoff recipe; run at d = 2000)
  ...[
    { delta: 0.3, rho: 0.05, sigma: 0 },
    { delta: 0.5, rho: 0.1, sigma: 0.2 },
  ].flatMap((m) =>
    [0.03, 0.1, 0.3, 1].map((alpha) => ({
      name: `tradeoff-delta${m.delta}-rho${m.rho}-sigma${m.sigma}-alpha${alpha}`,
      ...m,
      alpha,
    })),
  ),
];

/** Smallest eigenvalue of the symmetric operator `apply` (n × n) by Lanczos with full reorthogonalisation. */
function lanczosMin(apply, n, m, rng) {
  const V = [];
  let v = rng.fillNormal(new Float64Array(n));
  let nv = Math.hypot(...v);
  v = v.map((x) => x / nv);
  const a = [];
  const b = [];
  let prevMin = Number.NaN;
  for (let j = 0; j < m; j++) {
    V.push(v);
    const w = apply(v);
    const aj = w.reduce((s, x, i) => s + x * v[i], 0);
    a.push(aj);
    for (const u of V) {
      // full reorthogonalisation (twice is enough)
      for (let rep = 0; rep < 2; rep++) {
        let c = 0;
        for (let i = 0; i < n; i++) c += w[i] * u[i];
        for (let i = 0; i < n; i++) w[i] -= c * u[i];
      }
    }
    nv = Math.hypot(...w);
    if (j % 20 === 19 || j === m - 1) {
      const mn = tridiagMin(a, b);
      if (Math.abs(mn - prevMin) <= 1e-10 * Math.abs(mn)) return { value: mn, iterations: j + 1 };
      prevMin = mn;
    }
    b.push(nv);
    v = w.map((x) => x / nv);
  }
  return { value: prevMin, iterations: m };
}

/** Smallest eigenvalue of the tridiagonal (a, b) by bisection on the Sturm count. */
function tridiagMin(a, b) {
  const k = a.length;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < k; i++) {
    const r = (i > 0 ? Math.abs(b[i - 1]) : 0) + (i < k - 1 ? Math.abs(b[i]) : 0);
    lo = Math.min(lo, a[i] - r);
    hi = Math.max(hi, a[i] + r);
  }
  const count = (x) => {
    let c = 0;
    let q = a[0] - x;
    if (q < 0) c++;
    for (let i = 1; i < k; i++) {
      q = a[i] - x - (b[i - 1] * b[i - 1]) / (q === 0 ? 1e-300 : q);
      if (q < 0) c++;
    }
    return c;
  };
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    if (count(mid) >= 1) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/** Mean ± standard error over data sets, with the values kept (so that parts can be merged). */
const stat = (x) => ({ ...meanStdErrOf(x), values: x });

const data = loadReference(out, { generator: "packages/dmft/scripts/long-time-reference.mjs", d });
const mergeFrom = arg("merge", undefined);
if (mergeFrom) {
  const part = loadReference(mergeFrom, { settings: {} });
  for (const [name, p] of Object.entries(part.settings)) {
    const cur = data.settings[name];
    const first = p.firstDataSet ?? 0;
    if (!cur) {
      if (first !== 0) throw new Error(`--merge: '${name}' starts at data set ${first}, but ${out} has none`);
      data.settings[name] = p;
    } else {
      if (first !== cur.seeds || cur.d !== p.d || JSON.stringify(cur.params) !== JSON.stringify(p.params))
        throw new Error(
          `--merge: '${name}' of ${mergeFrom} (d ${p.d}, data sets ${first}…) does not continue ${out} (d ${cur.d}, ${cur.seeds} data sets)`,
        );
      data.settings[name] = {
        ...cur,
        seeds: cur.seeds + p.seeds,
        genError: stat([...cur.genError.values, ...p.genError.values]),
        l1Norm: stat([...cur.l1Norm.values, ...p.l1Norm.values]),
        rate: stat([...cur.rate.values, ...p.rate.values]),
        seconds: cur.seconds + p.seconds,
      };
    }
    process.stderr.write(`merged '${name}': ${data.settings[name].seeds} data sets\n`);
  }
  writeReference(out, data);
  process.exit(0);
}
const version = dlnVersion;
for (const base of SETTINGS) {
  if (
    only &&
    !only.split(",").includes(base.name) &&
    !(only.endsWith("*") && base.name.startsWith(only.slice(0, -1)))
  )
    continue;
  const s = { ...base, name: `${base.name}${suffix}` };
  const start = Date.now();
  const per = { genError: [], l1Norm: [], rate: [] };
  // the DLN mobility F(w) = 4√(w² + 4alpha⁴) (theory/dln.md, "Gradient flow"), as in lossConvergenceRate
  const F = (w) => 4 * Math.sqrt(w * w + 4 * s.alpha ** 4);
  for (let k = from; k < from + S; k++) {
    const wStar = sampleTeacherValues(
      "bernoulliGaussian",
      s.rho,
      d,
      createRng(`long-time-teacher-${s.name}-${k}`),
    );
    const dl = createDlnData(
      validateDlnParams({
        d,
        delta: s.delta,
        alpha: s.alpha,
        rho: s.rho,
        sigma: s.sigma,
        T: 1,
        seed: `long-time-${s.name}-${k}`,
        wStar,
      }),
    );
    const r = minQAlphaInterpolator(dl.X, dl.y, s.alpha);
    if (!r.converged) throw new Error(`${s.name} seed ${k}: ${r.message}`);
    let e = 0;
    let l1 = 0;
    const D = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      e += (r.w[i] - wStar[i]) ** 2 / d;
      l1 += Math.abs(r.w[i]) / d;
      D[i] = F(r.w[i]);
    }
    const n = dl.X.rows;
    const lam = lanczosMin(
      (v) => {
        const g = matTVec(dl.X, v);
        for (let i = 0; i < d; i++) g[i] *= D[i];
        return matVec(dl.X, g);
      },
      n,
      400,
      createRng(`lanczos-${s.name}-${k}`),
    );
    per.genError.push(e);
    per.l1Norm.push(l1);
    per.rate.push(2 * lam.value);
    process.stderr.write(
      `${s.name}: seed ${k + 1}/${from + S}: ε∞ ${e.toPrecision(5)}, rate ${(2 * lam.value).toPrecision(5)} (Newton ${r.iterations}, Lanczos ${lam.iterations}; ${((Date.now() - start) / 1000).toFixed(0)} s)\n`,
    );
  }
  data.settings[s.name] = {
    params: { delta: s.delta, rho: s.rho, sigma: s.sigma, alpha: s.alpha, prior: "bernoulliGaussian" },
    d,
    seeds: S,
    ...(from > 0 ? { firstDataSet: from } : {}),
    genError: stat(per.genError),
    l1Norm: stat(per.l1Norm),
    rate: stat(per.rate),
    dlnVersion: version,
    seconds: (Date.now() - start) / 1000,
  };
  writeReference(out, data);
}
