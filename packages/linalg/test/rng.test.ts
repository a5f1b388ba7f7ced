import { describe, expect, it } from "vitest";
import { cholesky, createMatrix, createRng, sampleMultivariateNormal } from "../src/index.js";
import { caught } from "./helpers.js";

// Reference values (a Python port of seedrandom 3.0.5 and of the polar method, and scipy's norm.ppf(0.975)):
// packages/linalg/scripts/reference-values.py (section "rng.test.ts")
describe("createRng", () => {
  it("is seedrandom's ARC4 stream: seed 'hello.' gives 0.9282578795792454 (seedrandom's documented value)", () => {
    expect(createRng("hello.").uniform()).toBe(0.9282578795792454);
  });
  it("pins the first draws for seed 42 (regression pins of the ARC4 stream and of the polar method)", () => {
    // Recorded from this implementation on seedrandom 3.0.5; they change only if the stream
    // definition changes (which would break reproducibility of every published result).
    const rng = createRng(42);
    expect([rng.uniform(), rng.uniform(), rng.uniform()]).toEqual([
      0.00701751618236155, 0.17185490054868188, 0.967001069269818,
    ]);
    expect([rng.normal(), rng.normal()]).toEqual([-0.1621810075058836, 0.7433658686048066]);
    expect(createRng(42).fork("worker-1").uniform()).toBe(0.7358901828263382);
  });
  it("gives the same stream for the same seed, numbers and their decimal strings alike", () => {
    const a = createRng(7);
    const b = createRng("7");
    for (let i = 0; i < 100; i++) expect(a.normal()).toBe(b.normal());
    expect(a.seed).toBe("7");
    expect(createRng(8).uniform()).not.toBe(createRng(7).uniform());
  });
  it("forks independent, reproducible sub-streams that do not depend on the parent's position", () => {
    const parent = createRng(42);
    const f1 = parent.fork("a");
    parent.uniform();
    const f2 = parent.fork("a");
    expect(f1.seed).toBe("42/a");
    for (let i = 0; i < 20; i++) expect(f1.uniform()).toBe(f2.uniform());
    // Different labels: sample correlation of 20 000 pairs is O(1/√n).
    const x = createRng(1).fork(0);
    const y = createRng(1).fork(1);
    const n = 20000;
    let sxy = 0;
    for (let i = 0; i < n; i++) sxy += x.normal() * y.normal();
    expect(Math.abs(sxy / n)).toBeLessThan(4 / Math.sqrt(n));
  });
  it("draws uniforms in [0, 1) with the right mean and variance", () => {
    const u = createRng(3).fillUniform(new Float64Array(50000));
    let s = 0;
    let s2 = 0;
    for (const v of u) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      s += v;
      s2 += v * v;
    }
    const n = u.length;
    expect(Math.abs(s / n - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(s2 / n - 1 / 3)).toBeLessThan(0.01);
  });
  it("draws normals with mean 0, variance 1, kurtosis 3 and the right tail mass", () => {
    const z = createRng(11).fillNormal(new Float64Array(100000));
    const n = z.length;
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    let tail = 0;
    for (const v of z) {
      m1 += v;
      m2 += v * v;
      m4 += v ** 4;
      if (v > 1.959963984540054) tail++;
    }
    expect(Math.abs(m1 / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(m2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(m4 / n - 3)).toBeLessThan(4 * Math.sqrt(96 / n));
    expect(Math.abs(tail / n - 0.025)).toBeLessThan(4 * Math.sqrt((0.025 * 0.975) / n));
    const shifted = createRng(11).fillNormal(new Float64Array(4), 5, 2);
    const plain = createRng(11).fillNormal(new Float64Array(4));
    for (let i = 0; i < 4; i++) expect(shifted[i]).toBeCloseTo(5 + 2 * plain[i], 14);
  });
  it("draws Bernoulli and integers with the right frequencies", () => {
    const rng = createRng(5);
    let ones = 0;
    const counts = new Array(6).fill(0);
    const n = 30000;
    for (let i = 0; i < n; i++) {
      if (rng.bernoulli(0.3)) ones++;
      counts[rng.int(6)]++;
    }
    expect(Math.abs(ones / n - 0.3)).toBeLessThan(4 * Math.sqrt(0.21 / n));
    for (const c of counts) expect(Math.abs(c / n - 1 / 6)).toBeLessThan(4 * Math.sqrt(5 / 36 / n));
    expect(rng.bernoulli(0)).toBe(false);
    expect(rng.bernoulli(1)).toBe(true);
  });
  it("builds Gaussian matrices row by row from the normal stream", () => {
    const G = createRng(9).gaussianMatrix(3, 4, 0.5);
    const z = createRng(9).fillNormal(new Float64Array(12));
    expect(G.rows).toBe(3);
    expect(G.cols).toBe(4);
    for (let i = 0; i < 12; i++) expect(G.data[i]).toBe(0.5 * z[i]);
  });
  it("rejects bad seeds and arguments, naming the parameter", () => {
    expect(caught(() => createRng(Number.NaN)).parameter).toBe("seed");
    expect(caught(() => createRng({} as unknown as string)).parameter).toBe("seed");
    const rng = createRng(1);
    expect(caught(() => rng.bernoulli(1.5)).parameter).toBe("p");
    expect(caught(() => rng.int(0)).parameter).toBe("n");
    expect(caught(() => rng.int(2.5)).parameter).toBe("n");
    expect(caught(() => rng.gaussianMatrix(-1, 2)).parameter).toBe("rows");
    expect(caught(() => rng.fillNormal(new Float64Array(2), 0, -1)).parameter).toBe("std");
  });
});

describe("sampleMultivariateNormal", () => {
  it("reproduces a target covariance within Monte Carlo error", () => {
    const Sigma = createMatrix(3, 3, [4, 1.2, -0.8, 1.2, 2, 0.3, -0.8, 0.3, 1]);
    const L = cholesky(Sigma);
    const rng = createRng(2024);
    const n = 40000;
    const acc = new Float64Array(9);
    const mean = new Float64Array(3);
    const out = new Float64Array(3);
    for (let k = 0; k < n; k++) {
      const x = sampleMultivariateNormal(rng, L, out);
      expect(x).toBe(out);
      for (let i = 0; i < 3; i++) {
        mean[i] += x[i];
        for (let j = 0; j < 3; j++) acc[i * 3 + j] += x[i] * x[j];
      }
    }
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(mean[i] / n)).toBeLessThan(4 * Math.sqrt(Sigma.data[i * 4] / n));
      for (let j = 0; j < 3; j++) {
        const sij = Sigma.data[i * 3 + j];
        // Var(x_i x_j) = Σ_ii Σ_jj + Σ_ij² for a centred Gaussian.
        const sd = Math.sqrt((Sigma.data[i * 4] * Sigma.data[j * 4] + sij * sij) / n);
        expect(Math.abs(acc[i * 3 + j] / n - sij), `(${i},${j})`).toBeLessThan(4 * sd);
      }
    }
  });
  it("rejects a non-square factor and a wrong-length output", () => {
    const rng = createRng(1);
    expect(caught(() => sampleMultivariateNormal(rng, createMatrix(2, 3))).parameter).toBe("L");
    expect(
      caught(() => sampleMultivariateNormal(rng, createMatrix(2, 2, [1, 0, 0, 1]), new Float64Array(3)))
        .parameter,
    ).toBe("out");
  });
});
