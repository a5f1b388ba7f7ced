/**
 * The permutation-symmetric RS overlap matrices at finite K in their two eigenmodes (theory/replica-finite-k.md,
 * "Saddle points at finite K"): Q^{aa} (diagonal 1, off-diagonal c/K) has d_A = 1 − c/K on the K − 1 modes ⊥ to
 * the uniform one and d_B = 1 + (K − 1)c/K on it; Q^{ab} (diagonal q, off-diagonal p/K) has o_A = q − p/K and
 * o_B = q + (K − 1)p/K; e = d − o are the thermal parts. The entropic term per weight is
 * G_S = [(K − 1)(log e_A + o_A/e_A) + log e_B + o_B/e_B]/(2K) (NaN outside e_A, e_B > 0).
 */
export interface OverlapModes {
  dA: number;
  dB: number;
  oA: number;
  oB: number;
  eA: number;
  eB: number;
  entropic: number;
}

export function overlapModes(K: number, q: number, p: number, c: number): OverlapModes {
  const dA = 1 - c / K;
  const oA = q - p / K;
  const dB = 1 + ((K - 1) * c) / K;
  const oB = q + ((K - 1) * p) / K;
  const eA = dA - oA;
  const eB = dB - oB;
  const entropic =
    eA > 0 && eB > 0 ? ((K - 1) * (Math.log(eA) + oA / eA) + Math.log(eB) + oB / eB) / (2 * K) : Number.NaN;
  return { dA, dB, oA, oB, eA, eB, entropic };
}
