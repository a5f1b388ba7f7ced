import { describe, expect, it } from "vitest";
import { gaussKronrod, H, logH, normalCdf, normalLogCdf, normalPdf, normalQuantile } from "../src/index.js";
import { relErr } from "./helpers.js";

// Reference values: packages/linalg/scripts/reference-values.py (section "normal.test.ts"): mpmath 1.3.0 at
// 50 digits (mp.ncdf, mp.log(mp.ncdf), mp.npdf), rounded to doubles; the quantiles are scipy's norm.ppf.
const LOG_PHI: [number, number][] = [
  [-1, -1.8410216450092636],
  [-5, -15.064998393988725],
  [-10, -53.23128515051247],
  [-20, -203.91715537109727],
  [-35, -616.9751012619225],
  [-38, -726.5572160188201],
  [-40, -804.6084420137538],
  [-100, -5005.524208694205],
  [0, -Math.LN2], // log(1/2)
  [1, -0.17275377902344988],
  [3, -0.0013508099647481938],
  [10, -7.619853024160525e-24],
];
const PHI: [number, number][] = [
  [-1, 0.15865525393145705],
  [-3, 0.0013498980316300946],
  [-10, 7.619853024160525e-24],
  [-37, 5.725571222524577e-300],
  [0.5, 0.6914624612740131],
  [5, 0.9999997133484281],
];
const PDF: [number, number][] = [
  [0, 0.3989422804014327],
  [1, 0.24197072451914334],
  [10, 7.694598626706419e-23],
  [30, 1.4736461348785476e-196],
];

describe("normal distribution functions", () => {
  it("log Φ matches reference values to ≤ 1e-12 relative, finite and accurate far beyond x = −35", () => {
    for (const [x, ref] of LOG_PHI)
      expect(relErr(normalLogCdf(x), ref), `x = ${x}`).toBeLessThanOrEqual(1e-12);
  });
  it("Φ matches reference values to ≤ 1e-12 relative, down to x = −37 (Φ ≈ 6e-300)", () => {
    for (const [x, ref] of PHI) expect(relErr(normalCdf(x), ref), `x = ${x}`).toBeLessThanOrEqual(1e-12);
  });
  it("φ matches reference values and integrates to Φ (Gauss–Kronrod, independent of erfc)", () => {
    for (const [x, ref] of PDF) expect(relErr(normalPdf(x), ref), `x = ${x}`).toBeLessThanOrEqual(1e-13);
    for (const x of [-3, -0.5, 1.2]) {
      const r = gaussKronrod(normalPdf, Number.NEGATIVE_INFINITY, x, { absTol: 1e-15, relTol: 1e-13 });
      expect(relErr(r.value, normalCdf(x))).toBeLessThan(1e-11);
    }
  });
  it("H(x) = Φ(−x) = 1 − Φ(x) and log H(x) = log Φ(−x)", () => {
    for (const x of [-4, -1, 0, 0.7, 3, 12]) {
      expect(H(x)).toBe(normalCdf(-x));
      expect(Math.abs(H(x) - (1 - normalCdf(x)))).toBeLessThan(1e-16);
      expect(logH(x)).toBe(normalLogCdf(-x));
    }
  });
  it("log Φ joins log(Φ) smoothly where Φ is still representable", () => {
    for (const x of [-30, -8, -2, -0.1])
      expect(relErr(normalLogCdf(x), Math.log(normalCdf(x)))).toBeLessThan(1e-13);
  });
  it("handles edge values: ±∞, NaN, ±0", () => {
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-0)).toBe(0.5);
    expect(normalLogCdf(Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalLogCdf(Number.POSITIVE_INFINITY)).toBe(0);
    expect(normalPdf(Number.POSITIVE_INFINITY)).toBe(0);
    expect(normalPdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(H(Number.POSITIVE_INFINITY)).toBe(0);
    expect(logH(Number.POSITIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    for (const fn of [normalCdf, normalLogCdf, normalPdf, H, logH]) expect(fn(Number.NaN)).toBeNaN();
  });
});

describe("normalQuantile", () => {
  // scipy.stats.norm.ppf values (independent implementation).
  const refs: [number, number][] = [
    [1e-300, -37.0470962993612],
    [1e-20, -9.262340089798409],
    [1e-5, -4.264890793922825],
    [0.01, -2.3263478740408408],
    [0.02425, -1.972961051311885],
    [0.1, -1.2815515655446004],
    [0.3, -0.5244005127080409],
    [0.7, 0.5244005127080407],
    [0.975, 1.959963984540054],
    [0.99999, 4.264890793923841],
  ];
  it("matches scipy's norm.ppf to 1e-12 relative, deep in both tails", () => {
    for (const [p, x] of refs)
      expect(Math.abs(normalQuantile(p) - x)).toBeLessThan(1e-12 * Math.abs(x) + 1e-15);
  });
  it("inverts normalCdf and handles the ends", () => {
    for (const x of [-6, -1.5, -0.2, 0.4, 2.5])
      expect(Math.abs(normalQuantile(normalCdf(x)) - x)).toBeLessThan(1e-10);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });
});
