import { describe, expect, it } from "vitest";
import { linspace, rk4, rk45 } from "../src/index.js";
import { caught } from "./helpers.js";

const growth = (_t: number, y: Float64Array, d: Float64Array) => {
  d[0] = y[0];
};
const oscillator = (_t: number, y: Float64Array, d: Float64Array) => {
  d[0] = y[1];
  d[1] = -y[0];
};

describe("rk45 (Dormand–Prince 5(4))", () => {
  it("reproduces exp(t) to its tolerance, and the error shrinks with the tolerance", () => {
    const tOut = linspace(0, 3, 31);
    let prev = Number.POSITIVE_INFINITY;
    for (const rtol of [1e-5, 1e-8, 1e-11]) {
      const r = rk45(growth, new Float64Array([1]), tOut, { rtol, atol: rtol * 1e-3 });
      expect(r.converged).toBe(true);
      let worst = 0;
      for (let i = 0; i < tOut.length; i++) worst = Math.max(worst, Math.abs(r.y[i] / Math.exp(tOut[i]) - 1));
      expect(worst, `rtol ${rtol}`).toBeLessThan(20 * rtol);
      expect(worst).toBeLessThan(prev);
      prev = worst;
    }
  });
  it("reproduces the harmonic oscillator (cos t, −sin t) over ten periods and conserves energy", () => {
    const tOut = linspace(0, 20 * Math.PI, 400);
    const r = rk45(oscillator, new Float64Array([1, 0]), tOut, { rtol: 1e-10, atol: 1e-12 });
    expect(r.converged).toBe(true);
    expect(r.t).toEqual(tOut);
    expect(r.y.length).toBe(800);
    for (let i = 0; i < tOut.length; i++) {
      expect(Math.abs(r.y[2 * i] - Math.cos(tOut[i]))).toBeLessThan(1e-8);
      expect(Math.abs(r.y[2 * i + 1] + Math.sin(tOut[i]))).toBeLessThan(1e-8);
    }
  });
  it("serves dense output between steps: output times do not change the steps taken", () => {
    const few = rk45(oscillator, new Float64Array([1, 0]), [0, 10], { rtol: 1e-8, atol: 1e-10 });
    const many = rk45(oscillator, new Float64Array([1, 0]), linspace(0, 10, 1001), {
      rtol: 1e-8,
      atol: 1e-10,
    });
    expect(many.steps).toBe(few.steps);
    expect(many.steps).toBeLessThan(200);
    for (let i = 0; i <= 1000; i++) expect(Math.abs(many.y[2 * i] - Math.cos(i / 100))).toBeLessThan(1e-7);
  });
  it("starts at t0 when given, repeats output rows for repeated times, and reports its work", () => {
    const r = rk45(growth, new Float64Array([2]), [1, 1, 2], { t0: 0, rtol: 1e-10, atol: 1e-12 });
    expect(r.y[0]).toBeCloseTo(2 * Math.E, 8);
    expect(r.y[1]).toBe(r.y[0]);
    expect(r.y[2]).toBeCloseTo(2 * Math.exp(2), 7);
    expect(r.evaluations).toBeGreaterThanOrEqual(6 * r.steps);
    const atStart = rk45(growth, new Float64Array([5]), [0]);
    expect(Array.from(atStart.y)).toEqual([5]);
  });
  it("reports progress and stops when onProgress returns false (converged: false, NaN rows)", () => {
    const seen: number[] = [];
    const r = rk45(growth, new Float64Array([1]), [0, 1, 2], {
      onProgress: (t) => {
        seen.push(t);
        return t < 0.5;
      },
    });
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/stopped by onProgress/);
    expect(seen.length).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
    expect(r.y[2]).toBeNaN();
  });
  it("flags a blow-up (y' = y², y(0) = 1, singular at t = 1) and an exhausted step budget", () => {
    const r = rk45(
      (_t, y, d) => {
        d[0] = y[0] * y[0];
      },
      new Float64Array([1]),
      [0, 0.5, 2],
    );
    expect(r.converged).toBe(false);
    expect(r.y[1]).toBeCloseTo(2, 5);
    expect(r.y[2]).toBeNaN();
    const s = rk45(oscillator, new Float64Array([1, 0]), [0, 100], { maxSteps: 10 });
    expect(s.converged).toBe(false);
    expect(s.message).toMatch(/maximum number of steps/);
  });
  it("rejects bad arguments, naming the parameter", () => {
    const y0 = new Float64Array([1]);
    expect(caught(() => rk45(growth, y0, [0, 2, 1])).parameter).toBe("tOut[2]");
    expect(caught(() => rk45(growth, y0, [])).parameter).toBe("tOut");
    expect(caught(() => rk45(growth, y0, [0, 1], { t0: 0.5 })).parameter).toBe("tOut[0]");
    expect(caught(() => rk45(growth, new Float64Array([Number.NaN]), [0, 1])).parameter).toBe("y0[0]");
    expect(caught(() => rk45(growth, y0, [0, 1], { rtol: -1 })).parameter).toBe("rtol");
    expect(caught(() => rk45(growth, y0, [0, 1], { maxSteps: 0.5 })).parameter).toBe("maxSteps");
  });
});

describe("rk4", () => {
  it("converges at order 4: halving h divides the error by ≈ 16", () => {
    const err = (steps: number) => Math.abs(rk4(growth, new Float64Array([1]), 0, 1, steps)[0] - Math.E);
    const ratios = [10, 20, 40].map((n) => err(n) / err(2 * n));
    for (const q of ratios) {
      expect(q).toBeGreaterThan(15);
      expect(q).toBeLessThan(17);
    }
    expect(err(80)).toBeLessThan(1e-8);
  });
  it("integrates in place when out = y0 and ends exactly at t1", () => {
    const y = new Float64Array([1, 0]);
    const times: number[] = [];
    const out = rk4(oscillator, y, 0, Math.PI, 200, y, { onProgress: (t) => void times.push(t) });
    expect(out).toBe(y);
    expect(y[0]).toBeCloseTo(-1, 8);
    expect(y[1]).toBeCloseTo(0, 8);
    expect(times.length).toBe(200);
    expect(times[199]).toBe(Math.PI);
  });
  it("rejects bad arguments, naming the parameter", () => {
    const y0 = new Float64Array([1]);
    expect(caught(() => rk4(growth, y0, 0, 1, 0)).parameter).toBe("steps");
    expect(caught(() => rk4(growth, y0, 0, 1, 2.5)).parameter).toBe("steps");
    expect(caught(() => rk4(growth, y0, 0, Number.NaN, 2)).parameter).toBe("t1");
    expect(caught(() => rk4(growth, y0, 0, 1, 2, new Float64Array(2))).parameter).toBe("out");
  });
});
