import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { createParallelGradient, createRng, gradientBlocks, setKernelBackend } from "../src/index.js";

// The row-block gradient on 1, 2 and 3 threads: bit-identical to each other (the blocks depend on n
// only), and equal to a plain double loop to round-off (an independent computation of r = y − Xw,
// g = Xᵀr). The worker threads run the built dist/parallel-gradient-worker.js.

function fill(n: number, d: number, seed: number) {
  const rng = createRng(seed);
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  const w = new Float64Array(d);
  for (let i = 0; i < X.length; i++) X[i] = rng.normal() / Math.sqrt(d);
  for (let i = 0; i < n; i++) y[i] = rng.normal();
  for (let j = 0; j < d; j++) w[j] = rng.normal();
  return { X, y, w };
}

function naive(X: Float64Array, y: Float64Array, w: Float64Array, n: number, d: number) {
  const r = new Float64Array(n);
  const g = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += X[i * d + j] * w[j];
    r[i] = y[i] - s;
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) g[j] += r[i] * X[i * d + j];
  return { r, g };
}

function run(n: number, d: number, threads: number, seed: number, evaluations = 2) {
  const data = fill(n, d, seed);
  const pg = createParallelGradient(n, d, { threads });
  try {
    pg.setDesign(data.X);
    pg.y.set(data.y);
    pg.w.set(data.w);
    // evaluate more than once, moving w in between (the workers' generation loop)
    for (let e = 0; e < evaluations; e++) {
      if (e > 0) for (let j = 0; j < d; j++) pg.w[j] = data.w[j] * (1 + 0.1 * e);
      pg.evaluate();
    }
    return {
      r: Float64Array.from(pg.r),
      g: Float64Array.from(pg.g),
      threads: pg.threads,
      backend: pg.backend,
    };
  } finally {
    pg.close();
  }
}

const maxRel = (a: Float64Array, b: Float64Array) => {
  let scale = 0;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / scale);
  return m;
};

describe("createParallelGradient", () => {
  const shapes = [
    [1, 1],
    [1, 7],
    [5, 1],
    [7, 3],
    [33, 17],
    [257, 129],
    [600, 301],
  ] as const;

  it("1, 2 and 3 threads give bit-identical r and g, equal to a plain loop to 1e-12", () => {
    let shapesWithThreads = 0;
    for (const [n, d] of shapes) {
      const one = run(n, d, 1, n + d);
      const data = fill(n, d, n + d);
      const wLast = data.w.map((v) => v * 1.1);
      const ref = naive(data.X, data.y, wLast, n, d);
      expect(maxRel(one.g, ref.g), `g, ${n}×${d}`).toBeLessThan(1e-12);
      expect(maxRel(one.r, ref.r), `r, ${n}×${d}`).toBeLessThan(1e-12);
      for (const threads of [2, 3]) {
        const many = run(n, d, threads, n + d);
        if (many.threads > 1) shapesWithThreads++;
        expect(many.g, `${threads} threads, ${n}×${d}`).toEqual(one.g);
        expect(many.r).toEqual(one.r);
      }
    }
    // the threads really ran (small n caps them at the number of blocks)
    expect(shapesWithThreads).toBeGreaterThanOrEqual(6);
  });

  it("the JavaScript kernels (fallback) give the same bits as WebAssembly, on threads too", () => {
    const n = 130;
    const d = 65;
    const wasm = run(n, d, 2, 3);
    setKernelBackend("js");
    try {
      const js = run(n, d, 1, 3);
      expect(js.backend).toBe("js");
      expect(js.g).toEqual(wasm.g);
      const jsThreads = run(n, d, 2, 3);
      expect(jsThreads.threads).toBe(2);
      expect(jsThreads.g).toEqual(wasm.g);
    } finally {
      setKernelBackend("auto");
    }
  });

  it("a pool owned by a worker thread stays bit-identical over many evaluations (two owners at once)", async () => {
    // the case that found the missing re-check of the generation after Atomics.wait
    const run = () =>
      new Promise<{ mismatches: number; evaluations: number }>((resolve, reject) => {
        const w = new Worker(new URL("./fixtures/pool-in-worker.mjs", import.meta.url), {
          workerData: { n: 120, d: 260, pools: 4, evaluations: 3000 },
        });
        w.once("message", resolve);
        w.once("error", reject);
      });
    const results = await Promise.all([run(), run()]);
    for (const r of results) {
      expect(r.evaluations).toBe(12000);
      expect(r.mismatches).toBe(0);
    }
  }, 120_000);

  it("setDesign packs every block's rows; designRow reads each row back exactly; a wrong length is named", () => {
    for (const [n, d] of [
      [5, 3],
      [103, 7],
      [600, 301],
    ] as const) {
      const { X } = fill(n, d, 5);
      const pg = createParallelGradient(n, d);
      pg.setDesign(X);
      const out = new Float64Array(d);
      for (let i = 0; i < n; i++)
        expect(Array.from(pg.designRow(i, out)), `${n}×${d} row ${i}`).toEqual(
          Array.from(X.subarray(i * d, (i + 1) * d)),
        );
      expect(() => pg.setDesign(new Float64Array(n * d - 1))).toThrow(/X/);
      expect(() => pg.designRow(n)).toThrow(/\bi\b/);
      pg.close();
    }
  });

  it("blocks depend on n only; bad sizes and thread counts are named", () => {
    expect(gradientBlocks(3)).toBe(1);
    expect(gradientBlocks(15)).toBe(1);
    expect(gradientBlocks(40)).toBe(5);
    expect(gradientBlocks(4000)).toBe(12);
    const capped = createParallelGradient(16, 3, { threads: 4 });
    expect(capped.threads).toBe(2);
    capped.close();
    capped.close(); // idempotent
    expect(() => createParallelGradient(0, 3)).toThrow(/n/);
    expect(() => createParallelGradient(3, 1.5)).toThrow(/\bd\b/);
    expect(() => createParallelGradient(3, 3, { threads: 0 })).toThrow(/threads/);
    expect(() => createParallelGradient(70_000, 70_000)).toThrow(/4 GiB/);
  });
});
