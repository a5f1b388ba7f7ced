import {
  acceptedLogWeights,
  type ExactK2Problem,
  innerRule,
  panelRuleOf,
  setEnds,
} from "./exact-free-entropy-k2.js";
import { overlapModes } from "./rs-overlap-modes.js";

/**
 * The replicon of an exact RS solution at K = 2 and q < 1 (theory/replica-finite-k.md, "Stability at the capacity",
 * and "The exact free entropy at K = 2"): Λ = αK λ_max(E_{y,t} G ⊗ G) − 1 with G = Cov(ζ | accepted) − I, ζ the
 * whitened thermal noise in the (U, ⊥) basis, E over the frozen field t = aU + b⊥. Given ξ_⊥ the accepted ξ_U form a
 * half-line (non-decreasing g) or an interval or its complement (the non-monotone g of `pairSumSets`), so its moments
 * are truncated-normal closed forms; ξ_⊥ and (a, b) use the rules of
 * the free entropy. Also returned: the ⊥⊥ component ⟨E_⊥⊥, E[G E_⊥⊥ G]⟩, which at a PS solution is the PS stability
 * measure's complement (Λ_⊥⊥ = α Σ_y E[G_⊥⊥²] − 1).
 */
export interface RepliconK2 {
  replicon: number;
  /** αK ⟨E_⊥⊥, E[G E_⊥⊥ G]⟩ − 1. */
  perpPerp: number;
  /** The top eigenvector (X_UU, X_⊥⊥, X_U⊥) of X ↦ E[G X G], Frobenius-normalised. */
  mode: [number, number, number];
}

export function repliconK2(
  pr: ExactK2Problem,
  alpha: number,
  s: { q: number; p: number; c: number },
): RepliconK2 {
  const { oA, oB, eA, eB } = overlapModes(2, s.q, s.p, s.c);
  if (!(eA > 0 && eB > 0 && oA >= -1e-15 && oB >= 0))
    return { replicon: Number.NaN, perpPerp: Number.NaN, mode: [Number.NaN, Number.NaN, Number.NaN] };
  const ra = panelRuleOf(pr.panels);
  const rb = oA > 0 ? panelRuleOf(pr.panels) : { nodes: [0], weights: [1] };
  const sa = Math.sqrt(oB);
  const sb = Math.sqrt(Math.max(0, oA));
  const seA = Math.sqrt(eA);
  const seB = Math.sqrt(eB);
  // M = E[G ⊗ G] on symmetric 2 × 2 matrices in the orthonormal basis (E_UU, E_⊥⊥, (E_U⊥ + E_⊥U)/√2)
  const M = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (let j = 0; j < rb.nodes.length; j++) {
    const b = sb * rb.nodes[j];
    const rule = innerRule(pr.kinks, b, seA, pr.innerPanel, pr.pairSums !== undefined);
    const m = rule.nodes.length;
    const ends = setEnds(pr, b, seA, rule.nodes);
    const lt = new Float64Array(m);
    const ratio = new Float64Array(m);
    const second = new Float64Array(m);
    for (let y = 0; y < 2; y++) {
      for (let i = 0; i < ra.nodes.length; i++) {
        const a = sa * ra.nodes[i];
        // u = ξ_U/√e_B on the accepted set given ξ_⊥: log(w P), E[u | accepted] and E[u² | accepted]
        const mx = acceptedLogWeights(
          ends.hi[y],
          m,
          a,
          seB,
          y === 0,
          rule.logw,
          lt,
          ratio,
          second,
          ends.lo?.[y],
        );
        let z = 0;
        let ex = 0;
        let exx = 0;
        let eu = 0;
        let euu = 0;
        let exu = 0;
        for (let k = 0; k < m; k++) {
          const w = Math.exp(lt[k] - mx);
          if (w === 0) continue;
          const x = rule.nodes[k];
          const r = ratio[k];
          const u2 = second[k];
          z += w;
          ex += w * x;
          exx += w * x * x;
          eu += w * r;
          euu += w * u2;
          exu += w * x * r;
        }
        ex /= z;
        exx /= z;
        eu /= z;
        euu /= z;
        exu /= z;
        const gUU = euu - eu * eu - 1;
        const gPP = exx - ex * ex - 1;
        const gUP = exu - eu * ex;
        // G X G for the three basis matrices, projected on the basis: with G = [[A, C], [C, B]]
        const A = gUU;
        const B = gPP;
        const C = gUP;
        const r2 = Math.SQRT2;
        const ops = [
          // X = E_UU: G X G = [[A², AC], [AC, C²]]
          [A * A, C * C, r2 * A * C],
          // X = E_⊥⊥: [[C², BC], [BC, B²]]
          [C * C, B * B, r2 * B * C],
          // X = (E_U⊥ + E_⊥U)/√2: G X G = (1/√2)[[2AC, AB + C²], [AB + C², 2BC]]
          [r2 * A * C, r2 * B * C, A * B + C * C],
        ];
        const w = 0.5 * ra.weights[i] * rb.weights[j];
        for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) M[u][v] += w * ops[v][u];
      }
    }
  }
  // the largest eigenvalue of the symmetric 3 × 3 M by power iteration (M is positive semidefinite)
  let v = [1, 1, 0.3];
  let lambda = 0;
  for (let it = 0; it < 1000; it++) {
    const nv = [0, 1, 2].map((u) => M[u][0] * v[0] + M[u][1] * v[1] + M[u][2] * v[2]);
    const norm = Math.hypot(nv[0], nv[1], nv[2]);
    if (norm === 0) break;
    const next = nv.map((x) => x / norm);
    const change = Math.max(...next.map((x, u) => Math.abs(x - v[u])));
    v = next;
    lambda = norm;
    if (change < 1e-13) break;
  }
  const K = 2;
  return {
    replicon: alpha * K * lambda - 1,
    perpPerp: alpha * K * M[1][1] - 1,
    mode: [v[0], v[1], v[2]],
  };
}
