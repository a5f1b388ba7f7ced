import seedrandom from "seedrandom";
import { assertMatrix, assertVector, type DenseMatrix } from "./dense.js";
import { MeanfieldError } from "./errors.js";
import {
  assertFinite,
  assertInRange,
  assertInteger,
  assertNonNegative,
  invalidArgument,
} from "./validate.js";

/**
 * A seeded random stream. Stream definition (stable across machines and releases):
 * - `uniform()` is seedrandom's default ARC4 generator keyed by the string `seed` (52 random bits
 *   per draw, in [0, 1));
 * - `normal()` is the Marsaglia polar method on pairs of those uniforms (u = 2U − 1), returning the
 *   first of each accepted pair and caching the second for the next call;
 * - `fork(label)` is a fresh stream keyed by `${seed}/${label}`, independent of the parent's
 *   position (forking draws nothing from the parent).
 */
export interface Rng {
  readonly seed: string;
  /** A uniform draw in [0, 1). */
  uniform(): number;
  /** A standard normal draw. */
  normal(): number;
  /** true with probability p. */
  bernoulli(p: number): boolean;
  /** A uniform integer in 0..n−1. */
  int(n: number): number;
  /** Fills `out` with uniform draws; returns it. */
  fillUniform(out: Float64Array): Float64Array;
  /** Fills `out` with N(mean, std²) draws (defaults 0, 1); returns it. */
  fillNormal(out: Float64Array, mean?: number, std?: number): Float64Array;
  /** A rows × cols matrix of i.i.d. N(0, std²) entries, filled row by row. */
  gaussianMatrix(rows: number, cols: number, std?: number): DenseMatrix;
  /** An independent, reproducible sub-stream named by `label`. */
  fork(label: string | number): Rng;
}

class SeededRng implements Rng {
  readonly seed: string;
  private readonly prng: () => number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: string) {
    this.seed = seed;
    this.prng = seedrandom(seed);
  }

  uniform(): number {
    return this.prng();
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    // Marsaglia polar: only + − × ÷ sqrt and log, so identical on every IEEE-754 engine up to
    // Math.log's last-bit behaviour.
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.prng() - 1;
      v = 2 * this.prng() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  bernoulli(p: number): boolean {
    assertInRange(p, "p", 0, 1);
    return this.prng() < p;
  }

  int(n: number): number {
    assertInteger(n, "n", 1);
    return Math.floor(this.prng() * n);
  }

  fillUniform(out: Float64Array): Float64Array {
    assertVector(out, "out");
    for (let i = 0; i < out.length; i++) out[i] = this.prng();
    return out;
  }

  fillNormal(out: Float64Array, mean = 0, std = 1): Float64Array {
    assertVector(out, "out");
    assertFinite(mean, "mean");
    assertNonNegative(std, "std");
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    return out;
  }

  gaussianMatrix(rows: number, cols: number, std = 1): DenseMatrix {
    assertInteger(rows, "rows", 0);
    assertInteger(cols, "cols", 0);
    assertNonNegative(std, "std");
    const data = new Float64Array(rows * cols);
    this.fillNormal(data, 0, std);
    return { rows, cols, data };
  }

  fork(label: string | number): Rng {
    if (typeof label === "number") assertFinite(label, "label");
    else if (typeof label !== "string") throw invalidArgument("label", "a string or a finite number", label);
    return new SeededRng(`${this.seed}/${label}`);
  }
}

/** A seeded random stream (see {@link Rng}); numbers are keyed by their decimal string, so 42 ≡ "42". */
export function createRng(seed: number | string): Rng {
  if (typeof seed === "number") assertFinite(seed, "seed");
  else if (typeof seed !== "string") throw invalidArgument("seed", "a finite number or a string", seed);
  return new SeededRng(String(seed));
}

/**
 * One draw of N(0, L Lᵀ): out = L z with z standard normal (L lower triangular, e.g. from `cholesky`;
 * only its lower triangle is read).
 */
export function sampleMultivariateNormal(rng: Rng, L: DenseMatrix, out?: Float64Array): Float64Array {
  if (typeof rng !== "object" || rng === null || typeof rng.normal !== "function") {
    throw invalidArgument("rng", "an Rng from createRng", rng);
  }
  assertMatrix(L, "L");
  const n = L.rows;
  if (L.cols !== n) {
    throw new MeanfieldError("SHAPE_MISMATCH", `L must be square; got ${L.rows} × ${L.cols}`, {
      parameter: "L",
    });
  }
  const o = out === undefined ? new Float64Array(n) : assertVector(out, "out", n);
  // Draw z into `o` first, then overwrite from the bottom row up (row i reads z_0..z_i only).
  for (let i = 0; i < n; i++) o[i] = rng.normal();
  const a = L.data;
  for (let i = n - 1; i >= 0; i--) {
    let s = 0;
    const ri = i * n;
    for (let j = 0; j <= i; j++) s += a[ri + j] * o[j];
    o[i] = s;
  }
  return o;
}
