import { describe, expect, it } from "vitest";
import { contourSegments } from "../src/index.js";

function grid(nx: number, ny: number, x0: number, x1: number, y0: number, y1: number) {
  const xs = Array.from({ length: nx }, (_, i) => x0 + ((x1 - x0) * i) / (nx - 1));
  const ys = Array.from({ length: ny }, (_, j) => y0 + ((y1 - y0) * j) / (ny - 1));
  return { xs, ys };
}

describe("contourSegments", () => {
  it("reproduces the straight contour x + 2y = L of a linear field exactly", () => {
    const { xs, ys } = grid(9, 7, -1, 1, -1, 1);
    const z = ys.flatMap((y) => xs.map((x) => x + 2 * y));
    const segs = contourSegments(xs, ys, z, 0.3);
    expect(segs.length).toBeGreaterThan(5);
    for (const s of segs) {
      expect(s.x + 2 * s.y).toBeCloseTo(0.3, 12);
      expect(s.x2 + 2 * s.y2).toBeCloseTo(0.3, 12);
    }
  });

  it("traces a circle x² + y² = r² to within the grid resolution, as one closed loop", () => {
    const { xs, ys } = grid(41, 41, -2, 2, -2, 2);
    const z = ys.flatMap((y) => xs.map((x) => x * x + y * y));
    // r² = 1.1 keeps the circle off the grid nodes, where a level equal to a node value is degenerate.
    const r = Math.sqrt(1.1);
    const segs = contourSegments(xs, ys, z, 1.1);
    for (const s of segs) {
      expect(Math.abs(Math.hypot(s.x, s.y) - r)).toBeLessThan(5e-3);
    }
    // Every endpoint is shared by exactly two segments: the curve is closed with no gaps.
    const key = (x: number, y: number) => `${x.toFixed(9)},${y.toFixed(9)}`;
    const count = new Map<string, number>();
    for (const s of segs) {
      for (const k of [key(s.x, s.y), key(s.x2, s.y2)]) count.set(k, (count.get(k) ?? 0) + 1);
    }
    for (const c of count.values()) expect(c).toBe(2);
    // Total length ≈ 2πr.
    const length = segs.reduce((acc, s) => acc + Math.hypot(s.x2 - s.x, s.y2 - s.y), 0);
    // A polygon through points on the circle is slightly shorter; spacing 0.1 keeps that below 0.3 %.
    expect(Math.abs(length / (2 * Math.PI * r) - 1)).toBeLessThan(3e-3);
  });

  it("interpolates in log10 of the coordinate on a log axis", () => {
    const xs = [1, 10, 100, 1000];
    const ys = [0, 1];
    const z = ys.flatMap(() => xs.map((x) => Math.log10(x))); // z = log10 x
    const segs = contourSegments(xs, ys, z, 1.5, true, false);
    expect(segs).toHaveLength(1);
    expect(segs[0]!.x).toBeCloseTo(10 ** 1.5, 9);
    expect(segs[0]!.x2).toBeCloseTo(10 ** 1.5, 9);
  });

  it("resolves a saddle cell by the centre value and skips cells with NaN", () => {
    // Corners a (0,0) = 1, b (1,0) = 0, c (1,1) = 1, d (0,1) = 0; centre 0.5.
    const xs = [0, 1];
    const ys = [0, 1];
    const above = contourSegments(xs, ys, [1, 0, 0, 1], 0.4); // centre above: a and c connected
    expect(above).toHaveLength(2);
    // Each segment cuts off one of the low corners b = (1,0) or d = (0,1).
    const mids = above.map((s) => [(s.x + s.x2) / 2, (s.y + s.y2) / 2]);
    expect(mids.some(([x, y]) => x! > 0.5 && y! < 0.5)).toBe(true);
    expect(mids.some(([x, y]) => x! < 0.5 && y! > 0.5)).toBe(true);
    const below = contourSegments(xs, ys, [1, 0, 0, 1], 0.6); // centre below: b and d connected
    const mids2 = below.map((s) => [(s.x + s.x2) / 2, (s.y + s.y2) / 2]);
    expect(mids2.some(([x, y]) => x! < 0.5 && y! < 0.5)).toBe(true);
    expect(mids2.some(([x, y]) => x! > 0.5 && y! > 0.5)).toBe(true);
    expect(contourSegments(xs, ys, [1, Number.NaN, 0, 1], 0.5)).toHaveLength(0);
  });
});
