import { describe, expect, it } from "vitest";
import { geomspace, linspace, logspace } from "../src/index.js";
import { caught } from "./helpers.js";

describe("grids", () => {
  it("linspace has exact end-points and equal steps", () => {
    expect(Array.from(linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(0.1, 0.7, 7)[6]).toBe(0.7);
    expect(Array.from(linspace(3, 9, 1))).toEqual([3]);
    expect(linspace(0, 1, 0).length).toBe(0);
  });
  // numpy.logspace / numpy.geomspace outputs:
  // packages/linalg/scripts/reference-values.py (section "grids.test.ts")
  it("logspace and geomspace follow numpy: powers of ten and a geometric progression with exact ends", () => {
    expect(Array.from(logspace(0, 3, 4))).toEqual([1, 10, 100, 1000]);
    const g = geomspace(1e-3, 10, 5);
    expect(g[0]).toBe(1e-3);
    expect(g[4]).toBe(10);
    for (let i = 1; i < 5; i++) expect(g[i] / g[i - 1]).toBeCloseTo(10, 12);
    expect(Array.from(geomspace(-1, -100, 3))).toEqual([-1, expect.closeTo(-10, 12), -100]);
  });
  it("rejects bad sizes and a geomspace through zero", () => {
    expect(caught(() => linspace(0, 1, -1)).parameter).toBe("n");
    expect(caught(() => linspace(0, 1, 2.5)).parameter).toBe("n");
    expect(caught(() => linspace(Number.NaN, 1, 3)).parameter).toBe("a");
    expect(caught(() => geomspace(0, 1, 3)).parameter).toBe("a");
    expect(caught(() => geomspace(-1, 1, 3)).parameter).toBe("b");
  });
});
