/**
 * Contour lines of a value on a rectangular grid by marching squares. The result is a list of straight
 * segments, one or two per grid cell, which is all a plot needs (they are drawn as `rule` marks, so no
 * stitching into polylines is required). Crossings are interpolated linearly in the coordinates the axis
 * shows (log10 of the coordinate on a log axis), so contours look straight where the data are.
 */
export interface Segment {
  x: number;
  y: number;
  x2: number;
  y2: number;
}

/**
 * @param xs grid coordinates along x (length nx, increasing)
 * @param ys grid coordinates along y (length ny, increasing)
 * @param z  values, row-major: z[j * nx + i] is the value at (xs[i], ys[j]); NaN cells produce no segment
 */
export function contourSegments(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  z: ArrayLike<number>,
  level: number,
  logX = false,
  logY = false,
): Segment[] {
  const nx = xs.length;
  const ny = ys.length;
  const tx = (v: number) => (logX ? Math.log10(v) : v);
  const ty = (v: number) => (logY ? Math.log10(v) : v);
  const ux = (v: number) => (logX ? 10 ** v : v);
  const uy = (v: number) => (logY ? 10 ** v : v);
  const out: Segment[] = [];
  type P = [number, number];
  const cross = (x1: number, y1: number, v1: number, x2: number, y2: number, v2: number): P => {
    const t = (level - v1) / (v2 - v1);
    return [x1 + t * (x2 - x1), y1 + t * (y2 - y1)];
  };
  const push = (p: P, q: P) => out.push({ x: ux(p[0]), y: uy(p[1]), x2: ux(q[0]), y2: uy(q[1]) });
  for (let j = 0; j + 1 < ny; j++) {
    const y0 = ty(ys[j]!);
    const y1 = ty(ys[j + 1]!);
    for (let i = 0; i + 1 < nx; i++) {
      const x0 = tx(xs[i]!);
      const x1 = tx(xs[i + 1]!);
      const a = z[j * nx + i]!; // (x0, y0)
      const b = z[j * nx + i + 1]!; // (x1, y0)
      const c = z[(j + 1) * nx + i + 1]!; // (x1, y1)
      const d = z[(j + 1) * nx + i]!; // (x0, y1)
      if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(d))) continue;
      const A = a >= level;
      const B = b >= level;
      const C = c >= level;
      const D = d >= level;
      const bottom = A !== B ? cross(x0, y0, a, x1, y0, b) : undefined;
      const right = B !== C ? cross(x1, y0, b, x1, y1, c) : undefined;
      const top = D !== C ? cross(x0, y1, d, x1, y1, c) : undefined;
      const left = A !== D ? cross(x0, y0, a, x0, y1, d) : undefined;
      const pts = [bottom, right, top, left].filter((p): p is P => p !== undefined);
      if (pts.length === 2) push(pts[0]!, pts[1]!);
      else if (pts.length === 4) {
        // Saddle: the cell centre (mean of the corners) decides which diagonal pair is connected.
        const centreAbove = (a + b + c + d) / 4 >= level;
        if (centreAbove === A) {
          push(bottom!, right!); // cuts off corner b
          push(top!, left!); // cuts off corner d
        } else {
          push(bottom!, left!); // cuts off corner a
          push(right!, top!); // cuts off corner c
        }
      }
    }
  }
  return out;
}
