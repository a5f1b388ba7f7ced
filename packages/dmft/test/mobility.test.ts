import { createRng } from "@meanfield/linalg";
import { describe, expect, it } from "vitest";
import {
  dlnMobility,
  implicitStepper,
  linearMobility,
  resolveMobility,
  truncatedDlnMobility,
} from "../src/index.js";
import { bisectImplicitStep } from "./bisect.js";

// The implicit step φ + c·w(φ) = b against bisection to the last bit (an independent method).

describe("mobility implicit step", () => {
  it("DLN: Newton (cold or from a previous root) agrees with bisection to round-off", () => {
    const rng = createRng(5);
    let worst = 0;
    for (const alpha of [1e-3, 0.01, 0.1, 1, 3]) {
      const m = dlnMobility(alpha);
      const solve = m.solveImplicit;
      if (!solve) throw new Error("the DLN mobility has a closed-form implicit step");
      for (let i = 0; i < 4000; i++) {
        const b = (rng.uniform() - 0.5) * 10 ** (4 * rng.uniform() - 2);
        const c = 10 ** (4 * rng.uniform() - 3);
        const prev = i % 2 === 0 ? undefined : b * (0.15 + 0.3 * rng.uniform());
        const p = solve(b, c, prev);
        const r = bisectImplicitStep(m.w, b, c);
        worst = Math.max(worst, Math.abs(p - r) / Math.max(Math.abs(r), 1e-300));
      }
    }
    expect(worst).toBeLessThan(1e-13);
  });

  it("implicitStep (the parameter process's in-place step): root, w and dw/dφ against bisection and sinh/cosh", () => {
    // io holds a nearby point with its w and dw/dφ on input (the previous time step's root, whose
    // values give the first Newton step); the output must not depend on it beyond round-off.
    const rng = createRng(11);
    const io = new Float64Array(3);
    let worstPhi = 0;
    let worstW = 0;
    let worstF = 0;
    let beyondKnee = 0;
    const cases = [
      { alpha: 1e-3, tau: Number.POSITIVE_INFINITY },
      { alpha: 0.01, tau: Number.POSITIVE_INFINITY },
      { alpha: 0.1, tau: Number.POSITIVE_INFINITY },
      { alpha: 1, tau: Number.POSITIVE_INFINITY },
      { alpha: 3, tau: Number.POSITIVE_INFINITY },
      { alpha: 0.1, tau: 0.5 },
      { alpha: 0.3, tau: 2 },
    ];
    for (const { alpha, tau } of cases) {
      const m = tau === Number.POSITIVE_INFINITY ? dlnMobility(alpha) : truncatedDlnMobility(alpha, tau);
      const step = m.implicitStep;
      if (!step) throw new Error("the DLN mobilities have an in-place implicit step");
      const knee = 0.25 * Math.asinh(tau / (2 * alpha * alpha));
      for (let i = 0; i < 4000; i++) {
        const b = (rng.uniform() - 0.5) * 10 ** (4 * rng.uniform() - 2);
        const c = 10 ** (4 * rng.uniform() - 3);
        // a start near the root, far from it, beyond the knee, or none
        const r = bisectImplicitStep(m.w, b, c);
        const kind = i % 4;
        const p0 =
          kind === 0
            ? Number.NaN
            : kind === 1
              ? r * (1 + 1e-3 * (rng.uniform() - 0.5))
              : kind === 2
                ? b * rng.uniform()
                : 2 * b;
        io[0] = p0;
        io[1] = m.w(p0);
        io[2] = m.dwdphi(p0);
        step(b, c, io);
        if (Math.abs(r) > knee) beyondKnee++;
        const scale = Math.max(Math.abs(r), 1e-300);
        worstPhi = Math.max(worstPhi, Math.abs(io[0] - r) / scale);
        const w = m.w(io[0]);
        worstW = Math.max(worstW, Math.abs(io[1] - w) / Math.max(Math.abs(w), 1e-300));
        worstF = Math.max(worstF, Math.abs(io[2] - m.dwdphi(io[0])) / m.dwdphi(io[0]));
      }
    }
    expect(worstPhi).toBeLessThan(1e-13);
    expect(worstW).toBeLessThan(1e-13);
    expect(worstF).toBeLessThan(1e-13);
    expect(beyondKnee).toBeGreaterThan(500);
  });

  it("implicitStepper: a custom mobility without implicitStep gets one (safeguarded Newton, then w and dw/dφ)", () => {
    const m = resolveMobility({ w: (p) => p + p ** 3, dwdphi: (p) => 1 + 3 * p * p }, 1);
    expect(m.implicitStep).toBeUndefined();
    const step = implicitStepper(m);
    const io = new Float64Array(3);
    for (const [b, c] of [
      [2, 0.5],
      [-3, 2],
      [0.01, 10],
    ]) {
      io[0] = Number.NaN;
      step(b, c, io);
      const r = bisectImplicitStep(m.w, b, c);
      expect(Math.abs(io[0] - r)).toBeLessThan(1e-13 * Math.max(1, Math.abs(r)));
      expect(io[1]).toBe(m.w(io[0]));
      expect(io[2]).toBe(m.dwdphi(io[0]));
    }
  });

  it("linear: the closed form b/(1 + c)", () => {
    const solve = linearMobility().solveImplicit;
    expect(solve?.(3, 0.5)).toBeCloseTo(2, 15);
  });
});
