import { describe, expect, it } from "vitest";
import { erf, erfc, erfcx } from "../src/index.js";
import { relErr } from "./helpers.js";

// Reference values: packages/linalg/scripts/reference-values.py (section "erf.test.ts"): mpmath 1.3.0 at 50
// significant digits (mp.erf, mp.erfc, mp.exp(x²)·mp.erfc) at the double x, rounded to the nearest double.
const ERF: [number, number][] = [
  [-5, -0.9999999999984626],
  [-3.7, -0.9999998328489421],
  [-2.5, -0.999593047982555],
  [-1, -0.8427007929497149],
  [-0.3, -0.3286267594591274],
  [1e-10, 1.1283791670955126e-10],
  [0.1, 0.1124629160182849],
  [0.5, 0.5204998778130465],
  [0.84375, 0.7672256612323416],
  [1, 0.8427007929497149],
  [1.5, 0.9661051464753108],
  [2, 0.9953222650189527],
  [2.4999, 0.9995928300996666],
  [2.5, 0.999593047982555],
  [3, 0.9999779095030014],
  [4, 0.9999999845827421],
  [5, 0.9999999999984626],
];
const ERFC: [number, number][] = [
  [-2, 1.9953222650189528],
  [0.1, 0.887537083981715],
  [0.5, 0.4795001221869535],
  [1, 0.15729920705028513],
  [1.9999, 0.004679802092970608],
  [2, 0.004677734981047266],
  [3, 2.209049699858544e-5],
  [5, 1.537459794428035e-12],
  [10, 2.088487583762545e-45],
  [15, 7.212994172451207e-100],
  [20, 5.395865611607901e-176],
  [26, 5.663192408856143e-296],
];
const ERFCX: [number, number][] = [
  [-5, 144009798674.66104],
  [-3, 16205.988853999586],
  [-1, 5.008980080762283],
  [0.25, 0.7703465477309968],
  [0.5, 0.6156903441929259],
  [1, 0.427583576155807],
  [1.99, 0.2564678367195299],
  [2, 0.25539567631050575],
  [5, 0.11070463773306863],
  [10, 0.05614099274382259],
  [50, 0.011281536265323773],
  [1000, 0.0005641893014533876],
  [1e10, 5.641895835477563e-11],
];

describe("erf", () => {
  it("matches 50-digit reference values to ≤ 1e-13 relative on [−5, 5]", () => {
    for (const [x, ref] of ERF) expect(relErr(erf(x), ref), `x = ${x}`).toBeLessThanOrEqual(1e-13);
  });
  it("is odd and monotone on a fine grid across the series/continued-fraction switch", () => {
    let prev = -1;
    for (let x = -6; x <= 6; x += 0.01) {
      const v = erf(x);
      expect(v).toBeGreaterThanOrEqual(prev);
      expect(erf(-x)).toBe(-v);
      prev = v;
    }
  });
  it("handles edge values like stdlib: ±0, ±∞, NaN, subnormals", () => {
    expect(Object.is(erf(0), 0)).toBe(true);
    expect(Object.is(erf(-0), -0)).toBe(true);
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(erf(Number.NaN)).toBeNaN();
    expect(relErr(erf(5e-324), 5e-324)).toBeLessThanOrEqual(1); // 2/√π·x rounds within a subnormal ulp
    expect(erf(1e-300)).toBeCloseTo(1.1283791670955126e-300, 310);
  });
});

describe("erfc", () => {
  it("matches reference values to ≤ 1e-13 relative, far into the tail (x = 26, erfc ≈ 6e-296)", () => {
    for (const [x, ref] of ERFC) expect(relErr(erfc(x), ref), `x = ${x}`).toBeLessThanOrEqual(1e-13);
  });
  it("satisfies erf + erfc = 1 and erfc(−x) = 2 − erfc(x)", () => {
    for (let x = -4; x <= 4; x += 0.37) {
      expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThanOrEqual(2e-15);
      expect(Math.abs(erfc(-x) - (2 - erfc(x)))).toBeLessThanOrEqual(2e-15);
    }
  });
  it("handles edge values: erfc(±0) = 1, erfc(∞) = 0, erfc(−∞) = 2, underflow to 0 beyond 27.3, NaN", () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(-0)).toBe(1);
    expect(erfc(Number.POSITIVE_INFINITY)).toBe(0);
    expect(erfc(Number.NEGATIVE_INFINITY)).toBe(2);
    expect(erfc(28)).toBe(0);
    expect(erfc(27)).toBeGreaterThan(0);
    expect(erfc(Number.NaN)).toBeNaN();
  });
});

// e^{x²} erfc(x) on the continued-fraction branch (x ≥ 2), mpmath 1.3.0 at 50 digits (same script and
// section as above): checks that the fixed backward-evaluation depth is enough everywhere.
const ERFCX_CF: [number, number][] = [
  [2.0, 0.25539567631050575],
  [2.05, 0.25015846096095545],
  [2.2, 0.23559296367861401],
  [2.4, 0.21849873453703333],
  [2.6, 0.20361324735670921],
  [2.8, 0.1905488796899919],
  [3.0, 0.17900115118138996],
  [3.3, 0.16400729757293264],
  [3.7, 0.1474349975371851],
  [4.1, 0.133834116418652],
  [4.6, 0.1199362597883856],
  [5.2, 0.10659389741536432],
  [5.9, 0.09430713614832703],
  [6.7, 0.0832991894668104],
  [7.6, 0.07360885831058697],
  [8.8, 0.06370627381391525],
  [10.5, 0.05349189974656412],
  [12.5, 0.04499209900102792],
  [15.0, 0.03752960638850576],
  [18.0, 0.03129571781590521],
  [21.5, 0.026213083193818983],
  [25.0, 0.02254957243264136],
  [27.0, 0.02088160799042094],
];

describe("erfcx", () => {
  it("is accurate to ≤ 2e-15 relative all along the continued-fraction branch x ∈ [2, 27]", () => {
    for (const [x, ref] of ERFCX_CF) expect(relErr(erfcx(x), ref), `x = ${x}`).toBeLessThanOrEqual(2e-15);
  });
  it("matches reference values to ≤ 1e-13 relative, from x = −5 to 1e10", () => {
    for (const [x, ref] of ERFCX) expect(relErr(erfcx(x), ref), `x = ${x}`).toBeLessThanOrEqual(1e-13);
  });
  it("tends to 1/(x√π) as x → ∞ and is continuous at the x = 2 switch", () => {
    expect(relErr(erfcx(1e300), 1 / (1e300 * Math.sqrt(Math.PI)))).toBeLessThan(1e-15);
    expect(relErr(erfcx(2 - 1e-12), erfcx(2))).toBeLessThan(1e-11);
  });
  it("handles edge values: erfcx(0) = 1, erfcx(∞) = 0, erfcx(−∞) = ∞, overflow below −26.7, NaN", () => {
    expect(erfcx(0)).toBe(1);
    expect(erfcx(-0)).toBe(1);
    expect(erfcx(Number.POSITIVE_INFINITY)).toBe(0);
    expect(erfcx(Number.NEGATIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(erfcx(-27)).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isFinite(erfcx(-26.5))).toBe(true);
    expect(erfcx(Number.NaN)).toBeNaN();
  });
});
