import { describe, expect, it } from "vitest";
import { createRk45Stepper, linspace, rk45 } from "../src/index.js";
import { caught } from "./helpers.js";

const decay = (_t: number, y: Float64Array, d: Float64Array) => {
  d[0] = -y[0];
};
const oscillator = (_t: number, y: Float64Array, d: Float64Array) => {
  d[0] = y[1];
  d[1] = -y[0];
};

/** Largest error of the dense output of one step of size h from t = 0, at σ·h for σ = ¼, ½, ¾. */
function denseError(
  f: typeof decay,
  y0: number[],
  h: number,
  exact: (t: number) => number[],
): { dense: number; step: number } {
  // Tolerances of 1 accept the first trial step h as it is: the error then belongs to that h.
  const s = createRk45Stepper(f, 0, y0, { h0: h, rtol: 1, atol: 1 });
  expect(s.step()).toBe(true);
  expect(s.t).toBe(h);
  let dense = 0;
  for (const sigma of [0.25, 0.5, 0.75]) {
    const v = s.interpolate(sigma * h);
    const e = exact(sigma * h);
    for (let i = 0; i < e.length; i++) dense = Math.max(dense, Math.abs(v[i] - e[i]));
  }
  const e = exact(h);
  let step = 0;
  for (let i = 0; i < e.length; i++) step = Math.max(step, Math.abs(s.y[i] - e[i]));
  return { dense, step };
}

describe("createRk45Stepper (Dormand–Prince 5(4) with dense output)", () => {
  it("dense output is 4th order: its local error falls like h⁵ (y' = −y and the harmonic oscillator)", () => {
    const cases = [
      { f: decay, y0: [1], exact: (t: number) => [Math.exp(-t)] },
      { f: oscillator, y0: [1, 0], exact: (t: number) => [Math.cos(t), -Math.sin(t)] },
    ];
    for (const { f, y0, exact } of cases) {
      const hs = [0.2, 0.1, 0.05, 0.025];
      const errs = hs.map((h) => denseError(f, y0, h, exact));
      for (let k = 0; k + 1 < hs.length; k++) {
        const denseOrder = Math.log2(errs[k].dense / errs[k + 1].dense);
        const stepOrder = Math.log2(errs[k].step / errs[k + 1].step);
        expect(denseOrder, `dense, h = ${hs[k]}`).toBeGreaterThan(4.7);
        expect(denseOrder, `dense, h = ${hs[k]}`).toBeLessThan(5.4);
        // The step itself is 5th order (local error h⁶), one order above its dense output.
        expect(stepOrder, `step, h = ${hs[k]}`).toBeGreaterThan(5.6);
      }
    }
  });
  it("interpolates exactly at both ends of the last step", () => {
    const s = createRk45Stepper(oscillator, 0, [1, 0], { rtol: 1e-8, atol: 1e-10 });
    s.step();
    const y1 = Float64Array.from(s.y);
    s.step();
    expect(Array.from(s.interpolate(s.tPrev))).toEqual(Array.from(y1));
    expect(Array.from(s.interpolate(s.t))).toEqual(Array.from(s.y));
  });
  it("one stepper serves any output times: the oscillator over ten periods from the dense output", () => {
    const s = createRk45Stepper(oscillator, 0, [1, 0], { rtol: 1e-10, atol: 1e-12, tBound: 20 * Math.PI });
    const times = linspace(0, 20 * Math.PI, 1000);
    const out = new Float64Array(2);
    let next = 1;
    let worst = 0;
    while (s.step()) {
      while (next < times.length && times[next] <= s.t) {
        s.interpolate(times[next], out);
        worst = Math.max(
          worst,
          Math.abs(out[0] - Math.cos(times[next])),
          Math.abs(out[1] + Math.sin(times[next])),
        );
        next++;
      }
    }
    expect(s.status).toBe("finished");
    expect(s.t).toBe(20 * Math.PI);
    expect(next).toBe(times.length);
    expect(worst).toBeLessThan(1e-8);
    // The outputs did not shorten the steps: the same steps as an integration to the end point alone.
    const endOnly = rk45(oscillator, new Float64Array([1, 0]), [0, 20 * Math.PI], {
      rtol: 1e-10,
      atol: 1e-12,
    });
    expect(s.steps).toBe(endOnly.steps);
    expect(s.evaluations).toBe(2 + 6 * (s.steps + s.rejected));
    expect(s.step()).toBe(false);
  });
  it("rk45 is a driver over the stepper: the same outputs and counts as a hand-written loop", () => {
    const tOut = linspace(0, 10, 41);
    const r = rk45(oscillator, new Float64Array([1, 0]), tOut, { rtol: 1e-7, atol: 1e-9 });
    const s = createRk45Stepper(oscillator, 0, [1, 0], {
      rtol: 1e-7,
      atol: 1e-9,
      tBound: 10,
      maxSteps: 100000,
    });
    const y = new Float64Array(2 * tOut.length);
    y.set([1, 0]);
    let next = 1;
    while (next < tOut.length && s.step()) {
      while (next < tOut.length && tOut[next] <= s.t) {
        s.interpolate(tOut[next], y.subarray(2 * next, 2 * next + 2));
        next++;
      }
    }
    expect(Array.from(r.y)).toEqual(Array.from(y));
    expect([r.steps, r.rejected, r.evaluations]).toEqual([s.steps, s.rejected, s.evaluations]);
  });
  it("fails with a message: maxSteps, non-finite f at t0; and guards its dense output", () => {
    const s = createRk45Stepper(oscillator, 0, [1, 0], { maxSteps: 3 });
    expect(caught(() => s.interpolate(0)).parameter).toBe("tau"); // no step yet
    while (s.step());
    expect(s.status).toBe("failed");
    expect(s.message).toMatch(/maximum number of steps \(3\)/);
    expect(s.steps + s.rejected).toBe(3);
    expect(caught(() => s.interpolate(s.t)).parameter).toBe("tau");
    const bad = createRk45Stepper((_t, _y, d) => d.fill(Number.NaN), 0, [1]);
    expect(bad.status).toBe("failed");
    expect(bad.message).toMatch(/non-finite/);
    expect(bad.step()).toBe(false);
    const ok = createRk45Stepper(decay, 0, [1], { tBound: 1 });
    ok.step();
    expect(caught(() => ok.interpolate(ok.t + 1)).parameter).toBe("tau");
    expect(caught(() => ok.interpolate(0, new Float64Array(2))).code).toBe("SHAPE_MISMATCH");
    const done = createRk45Stepper(decay, 2, [1], { tBound: 2 });
    expect(done.status).toBe("finished");
    expect(done.evaluations).toBe(0);
    expect(caught(() => createRk45Stepper(decay, 0, [1], { tBound: -1 })).parameter).toBe("tBound");
    expect(caught(() => createRk45Stepper(decay, 0, [Number.NaN])).parameter).toBe("y0[0]");
    expect(caught(() => createRk45Stepper(decay, 0, [1], { rtol: 0 })).parameter).toBe("rtol");
  });
});
