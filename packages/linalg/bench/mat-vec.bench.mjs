// Throughput of the gradient-flow kernels X w and Xᵀ r on a 2000 × 4000 matrix, next to a plain
// sequential read of the same data (the memory-bandwidth ceiling) and ml-matrix's mmul, all in one run.
// Run after building: `pnpm --filter @meanfield/linalg bench` (or `node bench/mat-vec.bench.mjs`).
import { Matrix } from "ml-matrix";
import { report } from "../../../scripts/bench-report.mjs";
import { createRng, matMul, matTVec, matVec, toMlMatrix } from "../dist/index.js";

const rows = Number(process.env.ROWS ?? 2000);
const cols = Number(process.env.COLS ?? 4000);
const repeats = Number(process.env.REPEATS ?? 30);

const rng = createRng("bench");
const A = rng.gaussianMatrix(rows, cols);
const x = rng.fillNormal(new Float64Array(cols));
const r = rng.fillNormal(new Float64Array(rows));
const outRows = new Float64Array(rows);
const outCols = new Float64Array(cols);

/** Median wall time in ms of `repeats` runs after 3 warm-up runs. */
function time(fn) {
  for (let i = 0; i < 3; i++) fn();
  const t = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

let sink = 0;
function sequentialSum(data) {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = data.length;
  for (let i = 0; i < n; i += 4) {
    s0 += data[i];
    s1 += data[i + 1];
    s2 += data[i + 2];
    s3 += data[i + 3];
  }
  return s0 + s1 + s2 + s3;
}

const flops = 2 * rows * cols;
const bytes = 8 * rows * cols;
const tRead = time(() => {
  sink += sequentialSum(A.data);
});
const tMatVec = time(() => {
  matVec(A, x, outRows);
  sink += outRows[0];
});
const tMatTVec = time(() => {
  matTVec(A, r, outCols);
  sink += outCols[0];
});
const M = toMlMatrix(A);
const xCol = Matrix.columnVector(Array.from(x));
const tMl = time(() => {
  sink += M.mmul(xCol).get(0, 0);
});

const gflops = (ms) => (flops / (ms * 1e-3) / 1e9).toFixed(2);
const gbs = (ms) => (bytes / (ms * 1e-3) / 1e9).toFixed(2);
console.log(
  `matrix ${rows} × ${cols} (${(bytes / 2 ** 20).toFixed(0)} MiB), median of ${repeats} runs, node ${process.version}`,
);
console.log(`sequential read (sum of data) ${tRead.toFixed(2)} ms  ${gbs(tRead)} GB/s`);
console.log(
  `matVec   ${tMatVec.toFixed(2)} ms  ${gflops(tMatVec)} GFLOP/s  ${gbs(tMatVec)} GB/s  time / sequential read = ${(tMatVec / tRead).toFixed(2)}`,
);
console.log(
  `matTVec  ${tMatTVec.toFixed(2)} ms  ${gflops(tMatTVec)} GFLOP/s  ${gbs(tMatTVec)} GB/s  time / sequential read = ${(tMatTVec / tRead).toFixed(2)}`,
);
console.log(
  `ml-matrix mmul (${cols} × 1)  ${tMl.toFixed(2)} ms  ${gflops(tMl)} GFLOP/s  mmul time / matVec time = ${(tMl / tMatVec).toFixed(1)}`,
);
console.log(
  `one gradient evaluation (matVec + matTVec): ${(tMatVec + tMatTVec).toFixed(2)} ms → ${(1000 / (tMatVec + tMatTVec)).toFixed(0)} evals/s`,
);

// matMul (cache-blocked) against ml-matrix mmul on square matrices.
const nm = Number(process.env.MATMUL ?? 500);
const P = rng.gaussianMatrix(nm, nm);
const Q = rng.gaussianMatrix(nm, nm);
const R = { rows: nm, cols: nm, data: new Float64Array(nm * nm) };
const Pm = toMlMatrix(P);
const Qm = toMlMatrix(Q);
const saved = repeats;
const tMatMul = time(() => {
  matMul(P, Q, R);
  sink += R.data[0];
});
const tMlMul = time(() => {
  sink += Pm.mmul(Qm).get(0, 0);
});
const mulFlops = 2 * nm ** 3;
console.log(
  `matMul ${nm} × ${nm}  ${tMatMul.toFixed(1)} ms  ${(mulFlops / (tMatMul * 1e-3) / 1e9).toFixed(2)} GFLOP/s;  ml-matrix mmul ${tMlMul.toFixed(1)} ms  (ratio ${(tMlMul / tMatMul).toFixed(1)})`,
);
if (Number.isNaN(sink) || saved < 0) console.log("");
report("linalg", {
  matVecGflops: (2 * rows * cols) / (tMatVec * 1e-3) / 1e9,
  matTVecGflops: (2 * rows * cols) / (tMatTVec * 1e-3) / 1e9,
  matVecOverRead: tMatVec / tRead,
  matTVecOverRead: tMatTVec / tRead,
  mlMatrixMmulOverMatVec: tMl / tMatVec,
});
