import type { Rng } from "@meanfield/linalg";

/**
 * Finds a solution of one random storage instance (theory/replica-finite-k.md, "Finite-size experiments"):
 * full-batch Adam on the hinge loss Σ_μ max(0, κ + δ − y^μ λ^μ) (or its square) of the centred committee output
 * λ = K^{−1/2} Σ_k [g(h_k) − m₀], each w_k renormalised to ‖w_k‖² = N after every step (the spherical
 * constraint of theory/replica.md, "Model"), with δ and the step size annealed towards 0 / lr/20 over each
 * restart.
 * Hot loops on flat Float64Array, no allocation per epoch.
 */
export interface SatSolverOptions {
  /** Epoch budget per restart (default 2000). */
  epochs?: number;
  /** Random restarts (default 2). */
  restarts?: number;
  /**
   * Loss per pattern: "hinge" is max(0, κ + δ − yλ), "squared-hinge" its square (the solver's only loss before
   * this option). Default: "hinge" for K ≥ 2, where with the default step sizes it reaches with 2 restarts what
   * the squared hinge reaches with 8 to 16, and "squared-hinge" at K = 1, where it stores every LP-separable instance of the
   * calibration set and the hinge loss misses one of 26 (theory/replica-finite-k.md, "Finite-size scaling of the SAT threshold").
   */
  loss?: "hinge" | "squared-hinge";
  /** Adam step size (default 0.3 for the hinge loss, 0.05 for the squared hinge; weights of typical size 1). */
  learningRate?: number;
  /** Safety margin δ added to κ in the loss (default 0.1). */
  lossMargin?: number;
  /**
   * Constant added to g′ in the gradient only (default 0.1): a surrogate gradient that keeps units
   * whose g′ vanishes (ReLU below 0, saturated sigmoids) trainable. Solutions are always checked with
   * the exact network, so this changes the search, never the SAT verdict.
   */
  leak?: number;
  /**
   * Anneal within each restart (default true): the loss margin δ decays linearly from `lossMargin` to 0
   * and the Adam step size follows a cosine from `learningRate` to `learningRate`/20. `false` keeps
   * both constant (the solver of versions before this option).
   */
  anneal?: boolean;
}

/** The loss a solve uses when none is given: the squared hinge at K = 1, the hinge at K ≥ 2. */
export function defaultSatLoss(K: number): "hinge" | "squared-hinge" {
  return K === 1 ? "squared-hinge" : "hinge";
}

/** The Adam step size a solve uses when none is given: 0.3 for the hinge, 0.05 for the squared hinge. */
export function defaultSatLearningRate(loss: "hinge" | "squared-hinge"): number {
  return loss === "hinge" ? 0.3 : 0.05;
}

/** Final step size of the cosine schedule, as a fraction of `learningRate`. */
const LR_FLOOR = 0.05;

export interface SatInstance {
  N: number;
  K: number;
  P: number;
  /** P × N inputs, row-major. */
  x: Float64Array;
  /** Labels ±1. */
  y: Float64Array;
}

export interface SatSolveResult {
  sat: boolean;
  /** Epochs used by the successful restart (or the total budget). */
  epochs: number;
  restartsUsed: number;
  /** Fewest training errors reached (0 when SAT). */
  minErrors: number;
}

export function generateInstance(N: number, K: number, P: number, rng: Rng): SatInstance {
  const x = new Float64Array(P * N);
  rng.fillNormal(x);
  const y = new Float64Array(P);
  for (let mu = 0; mu < P; mu++) y[mu] = rng.uniform() < 0.5 ? -1 : 1;
  return { N, K, P, x, y };
}

export function solveInstance(
  inst: SatInstance,
  g: (z: number) => number,
  gPrime: (z: number) => number,
  m0: number,
  kappa: number,
  rng: Rng,
  options: SatSolverOptions = {},
): SatSolveResult {
  const { N, K, P, x, y } = inst;
  const epochs = options.epochs ?? 2000;
  const restarts = options.restarts ?? 2;
  const loss = options.loss ?? defaultSatLoss(K);
  const squared = loss === "squared-hinge";
  const lr0 = options.learningRate ?? defaultSatLearningRate(loss);
  const delta0 = options.lossMargin ?? 0.1;
  const anneal = options.anneal ?? true;
  const leak = options.leak ?? 0.1;
  const invSqrtN = 1 / Math.sqrt(N);
  const invSqrtK = 1 / Math.sqrt(K);
  const W = new Float64Array(K * N);
  const G = new Float64Array(K * N);
  const M1 = new Float64Array(K * N);
  const M2 = new Float64Array(K * N);
  const h = new Float64Array(K);
  const beta1 = 0.9;
  const beta2 = 0.999;
  let minErrors = P;
  for (let r = 0; r < restarts; r++) {
    rng.fillNormal(W);
    normalizeRows(W, K, N);
    M1.fill(0);
    M2.fill(0);
    let b1t = 1;
    let b2t = 1;
    for (let ep = 1; ep <= epochs; ep++) {
      // annealing (theory/replica-finite-k.md, "Finite-size experiments"): δ falls linearly to 0 and the step
      // size follows a cosine down to lr/20 over the restart's budget. A fixed δ asks for a margin that no
      // longer exists near α_c (erf, K = 1: erf(h) ≥ 0.1 is stability 0.089, Gardner α_c(0.089) = 1.74 < 2),
      // and the loss minimum then need not be a zero-error point: the constant-δ solver stalled at α ≈ 1.9
      // where Cover gives 2.
      const progress = (ep - 1) / epochs;
      const target = kappa + (anneal ? delta0 * (1 - progress) : delta0);
      const lr = anneal ? lr0 * (LR_FLOOR + (1 - LR_FLOOR) * 0.5 * (1 + Math.cos(Math.PI * progress))) : lr0;
      G.fill(0);
      let errors = 0;
      for (let mu = 0; mu < P; mu++) {
        const off = mu * N;
        let lambda = 0;
        for (let k = 0; k < K; k++) {
          const wo = k * N;
          let s = 0;
          for (let i = 0; i < N; i++) s += W[wo + i] * x[off + i];
          h[k] = s * invSqrtN;
          lambda += g(h[k]) - m0;
        }
        lambda *= invSqrtK;
        const m = y[mu] * lambda;
        if (!(m > kappa)) errors++;
        const slack = target - m;
        if (slack > 0) {
          // d/dw_k of slack² = −2 slack y K^{−1/2} g′(h_k) x/√N; of slack, −y K^{−1/2} g′(h_k) x/√N
          const common = (squared ? -2 * slack : -1) * y[mu] * invSqrtK * invSqrtN;
          for (let k = 0; k < K; k++) {
            const c = common * (gPrime(h[k]) + leak);
            if (c === 0) continue;
            const wo = k * N;
            for (let i = 0; i < N; i++) G[wo + i] += c * x[off + i];
          }
        }
      }
      if (errors < minErrors) minErrors = errors;
      if (errors === 0) return { sat: true, epochs: ep, restartsUsed: r + 1, minErrors: 0 };
      b1t *= beta1;
      b2t *= beta2;
      for (let j = 0; j < W.length; j++) {
        const gj = G[j] / P;
        M1[j] = beta1 * M1[j] + (1 - beta1) * gj;
        M2[j] = beta2 * M2[j] + (1 - beta2) * gj * gj;
        W[j] -= (lr * (M1[j] / (1 - b1t))) / (Math.sqrt(M2[j] / (1 - b2t)) + 1e-12);
      }
      normalizeRows(W, K, N);
    }
  }
  return { sat: false, epochs: epochs * restarts, restartsUsed: restarts, minErrors };
}

function normalizeRows(W: Float64Array, K: number, N: number): void {
  const sqrtN = Math.sqrt(N);
  for (let k = 0; k < K; k++) {
    const o = k * N;
    let s = 0;
    for (let i = 0; i < N; i++) s += W[o + i] * W[o + i];
    const f = sqrtN / Math.sqrt(s);
    for (let i = 0; i < N; i++) W[o + i] *= f;
  }
}
