import { invalidArgument, normalQuantile, type Rng } from "@meanfield/linalg";
import { sampleTeacherValues, type TeacherPriorSpec } from "./prior.js";

/**
 * The Monte Carlo design of the parameter process: which teacher values w* the samples carry, with
 * which weights, and which samples also propagate tangent dynamics (the responses). Theory:
 * apps/docs/docs/theory/dmft-numerics.md, "Variance reduction".
 *
 * Stratification on the prior's mixture components. The sparse priors are mixtures
 * (1 − rho)·δ₀ + rho·P₁; the rare non-zero component carries most of the variance of every
 * average (its coordinates are the ones that grow), so it gets at least half of the samples
 * (Neyman-style over-allocation) and every sample carries the weight P(component)/(its count).
 * Within the Gaussian component the values are randomised stratified quantiles
 * w*_j = Φ⁻¹((j + u_j)/N₁)/√rho (one uniform u_j per stratum): unbiased, and the tails of the
 * teacher distribution, which drive the early growth of the largest coordinates, are sampled
 * evenly instead of by chance; they are then rescaled to the exact second moment 1/rho (the
 * simulations' "exact" teachers do the same), a bias of relative order 1/N₁ that removes the
 * leading fluctuation of every average. The Rademacher component is exactly balanced (±1/√rho).
 *
 * The response subset is a systematic sub-sample of each stratum (every k-th value in quantile
 * order) with its own weights, so R_w sees the non-zero component as well as C_Δ does.
 * Samples are ordered response subset first: indices [0, responseCount) propagate tangents.
 */
export interface SampleDesign {
  /** Teacher value of each sample. */
  wStar: Float64Array;
  /** Weight of each sample in every average (sums to 1). */
  weight: Float64Array;
  /** Number of samples that also propagate tangent dynamics (the first ones). */
  responseCount: number;
  /** Weight of each of the first `responseCount` samples in R_w (sums to 1). */
  responseWeight: Float64Array;
  /** Sample counts per stratum: [zero component, non-zero component] (custom priors: [0, N]). */
  strata: [number, number];
  /** Stratum of each sample (0, 1, …, in the order of the mixture components; one stratum: all 0). */
  stratum: Uint8Array;
}

interface Stratum {
  prob: number;
  values: Float64Array;
}

function gaussianStratum(count: number, scale: number, rng: Rng): Float64Array {
  const v = new Float64Array(count);
  let m2 = 0;
  for (let j = 0; j < count; j++) {
    let u = rng.uniform();
    if (u <= 0) u = 0.5;
    v[j] = normalQuantile((j + u) / count);
    m2 += v[j] * v[j];
  }
  // exact second moment (as the simulations' exactly normalised teachers): E[w*²] holds exactly
  const f = scale / Math.sqrt(m2 / count);
  for (let j = 0; j < count; j++) v[j] *= f;
  return v;
}

function rademacherStratum(count: number, value: number): Float64Array {
  const v = new Float64Array(count);
  for (let j = 0; j < count; j++) v[j] = j % 2 === 0 ? value : -value;
  return v;
}

/** Every k-th index of 0..n−1 (systematic sub-sample of `m` of them, evenly spread). */
function systematic(n: number, m: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) out.push(Math.min(n - 1, Math.floor(((i + 0.5) * n) / m)));
  return out;
}

/**
 * Builds the design for N samples with R response samples (R ≤ N). Built-in priors are
 * stratified as above; a custom prior is sampled i.i.d. with equal weights.
 */
export function sampleDesign(
  prior: TeacherPriorSpec,
  rho: number,
  N: number,
  responses: number,
  rng: Rng,
): SampleDesign {
  if (responses > N) throw invalidArgument("responseSamples", `an integer ≤ samples (${N})`, responses);
  const strata: Stratum[] = [];
  if (typeof prior === "object") {
    strata.push({ prob: 1, values: sampleTeacherValues(prior, rho, N, rng) });
  } else if (prior === "gaussian" || rho >= 1) {
    if (prior === "rademacherSparse") strata.push({ prob: 1, values: rademacherStratum(N, 1) });
    else strata.push({ prob: 1, values: gaussianStratum(N, 1, rng) });
  } else {
    // validates the prior name and rho
    sampleTeacherValues(prior, rho, 0, rng);
    const nonZeroCount = Math.min(N - 1, Math.max(1, Math.round(N * Math.max(rho, 0.5))));
    const zeroCount = N - nonZeroCount;
    strata.push({ prob: 1 - rho, values: new Float64Array(zeroCount) });
    strata.push({
      prob: rho,
      values:
        prior === "rademacherSparse"
          ? rademacherStratum(nonZeroCount, 1 / Math.sqrt(rho))
          : gaussianStratum(nonZeroCount, 1 / Math.sqrt(rho), rng),
    });
  }
  // Response counts per stratum, proportional to the stratum sizes (at least one each).
  const counts = strata.map((s) => s.values.length);
  const resp = counts.map((c) =>
    strata.length === 1 ? responses : Math.max(1, Math.round((responses * c) / N)),
  );
  if (strata.length === 2 && resp[0] + resp[1] > responses) {
    const over = resp[0] + resp[1] - responses;
    if (resp[0] > resp[1]) resp[0] = Math.max(1, resp[0] - over);
    else resp[1] = Math.max(1, resp[1] - over);
  }
  const R = resp.reduce((a, b) => a + b, 0);
  const wStar = new Float64Array(N);
  const weight = new Float64Array(N);
  const stratum = new Uint8Array(N);
  const responseWeight = new Float64Array(R);
  let head = 0;
  let tail = R;
  for (let h = 0; h < strata.length; h++) {
    const { prob, values } = strata[h];
    const chosen = new Uint8Array(values.length);
    for (const i of systematic(values.length, resp[h])) chosen[i] = 1;
    // systematic() can repeat an index only when resp > count, which the counts exclude
    for (let i = 0; i < values.length; i++) {
      const at = chosen[i] ? head++ : tail++;
      wStar[at] = values[i];
      weight[at] = prob / values.length;
      stratum[at] = h;
      if (chosen[i]) responseWeight[at] = prob / resp[h];
    }
  }
  const zeroCount = strata.length === 2 ? strata[0].values.length : 0;
  return { wStar, weight, responseCount: R, responseWeight, strata: [zeroCount, N - zeroCount], stratum };
}
