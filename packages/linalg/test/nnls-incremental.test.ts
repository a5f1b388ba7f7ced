import { describe, expect, it } from "vitest";
import { createIncrementalNnls, createRng, nnls, selectColumns } from "../src/index.js";

/** Max |a − b| / max(1, max |b|). */
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 1;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

describe("createIncrementalNnls (warm-started Lawson–Hanson on the Gram matrix)", () => {
  for (const [rows, cols] of [
    [30, 12],
    [12, 30],
    [1, 4],
    [40, 40],
  ] as const) {
    it(`matches a cold nnls after every added column (${rows} × ${cols})`, () => {
      const rng = createRng(`nnls-incremental-${rows}-${cols}`);
      const A = rng.gaussianMatrix(rows, cols, 1);
      const b = rng.fork("b").fillNormal(new Float64Array(rows));
      const inc = createIncrementalNnls(b);
      for (let k = 0; k < cols; k++) {
        expect(inc.addColumn(selectColumns(A, [k]).data)).toBe(k);
        const sol = inc.solve();
        expect(sol.converged).toBe(true);
        const cold = nnls(
          selectColumns(
            A,
            Array.from({ length: k + 1 }, (_, q) => q),
          ),
          b,
        );
        expect(cold.converged).toBe(true);
        // the minimiser is unique while the columns are independent; beyond rank compare the residual
        const r = inc.residual();
        const rr = Math.hypot(...r);
        expect(Math.abs(rr - cold.residual)).toBeLessThan(1e-10 * Math.max(1, cold.residual));
        if (k < rows) expect(relDiff(inc.x(), cold.x)).toBeLessThan(1e-9);
        for (const v of inc.x()) expect(v).toBeGreaterThanOrEqual(0);
      }
    });
  }

  it("a disabled column is held at zero and the rest re-solved; re-enabling restores the full answer", () => {
    const rng = createRng("nnls-incremental-disable");
    const rows = 25;
    const cols = 10;
    const A = rng.gaussianMatrix(rows, cols, 1);
    const b = rng.fork("b").fillNormal(new Float64Array(rows));
    const inc = createIncrementalNnls(b);
    for (let k = 0; k < cols; k++) inc.addColumn(selectColumns(A, [k]).data);
    inc.solve();
    const full = inc.x();
    const off = full.findIndex((v) => v > 0);
    inc.setEnabled(off, false);
    expect(inc.solve().converged).toBe(true);
    const keep = Array.from({ length: cols }, (_, q) => q).filter((q) => q !== off);
    const cold = nnls(selectColumns(A, keep), b);
    const x = inc.x();
    expect(x[off]).toBe(0);
    expect(
      relDiff(
        Float64Array.from(keep, (q) => x[q]),
        cold.x,
      ),
    ).toBeLessThan(1e-9);
    inc.setEnabled(off, true);
    inc.solve();
    expect(relDiff(inc.x(), full)).toBeLessThan(1e-9);
    expect(() => inc.setEnabled(cols, true)).toThrow(/column 10 does not exist/);
  });
});
