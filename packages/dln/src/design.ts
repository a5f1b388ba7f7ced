import { createMatrix, type DenseMatrix, invalidArgument, type Rng } from "@meanfield/linalg";

/** An n×d design with i.i.d. N(0, 1/d) entries (theory/dln.md, "Model"), drawn row by row from `rng`. */
export function gaussianDesign(n: number, d: number, rng: Rng): DenseMatrix {
  return rng.gaussianMatrix(n, d, 1 / Math.sqrt(d));
}

/**
 * Standardises a user design column-wise (zero mean, unit variance over the n rows) and divides by √d,
 * so its entries have the same second moment 1/d as the Gaussian design of theory/dln.md "Model" and the time scales
 * stay comparable. Constant columns carry no information and are rejected (naming `X`).
 */
export function standardizeDesign(X: DenseMatrix): DenseMatrix {
  const { rows: n, cols: d, data } = X;
  const out = createMatrix(n, d);
  const o = out.data;
  const scale = 1 / Math.sqrt(d);
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += data[i * d + j];
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const c = data[i * d + j] - m;
      v += c * c;
    }
    v /= n;
    if (!(v > 0)) throw invalidArgument(`X column ${j}`, "a non-constant column", "a constant column");
    const s = scale / Math.sqrt(v);
    for (let i = 0; i < n; i++) o[i * d + j] = (data[i * d + j] - m) * s;
  }
  return out;
}
