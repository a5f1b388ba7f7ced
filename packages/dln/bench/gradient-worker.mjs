// Worker half of the two-core gradient benchmark: owns rows [r0, r1) of the shared X.

import { workerData } from "node:worker_threads";
import { matTVec, matVec } from "@meanfield/linalg";

const { sab, ctlBuffer, n, d, r0, r1 } = workerData;
const ctl = new Int32Array(ctlBuffer);
const rows = r1 - r0;
const X = { rows, cols: d, data: new Float64Array(sab.X, r0 * d * 8, rows * d) };
const w = new Float64Array(sab.w, 0, d);
const y = new Float64Array(sab.y, r0 * 8, rows);
const g = new Float64Array(sab.g, 0, d);
const r = new Float64Array(rows);
void n;
let gen = 0;
for (;;) {
  Atomics.wait(ctl, 0, gen);
  gen = Atomics.load(ctl, 0);
  if (Atomics.load(ctl, 2) === 1) break;
  matVec(X, w, r);
  for (let i = 0; i < rows; i++) r[i] = y[i] - r[i];
  matTVec(X, r, g);
  Atomics.store(ctl, 1, 1);
  Atomics.notify(ctl, 1);
}
