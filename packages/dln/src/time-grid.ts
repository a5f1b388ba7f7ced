import { assertFiniteArray, geomspace, invalidArgument } from "@meanfield/linalg";

/**
 * The default output grid: t = 0 followed by `count − 1` log-spaced times from tMin to T (theory/dln.md, "Metrics": time
 * spans many decades). tMin defaults to min(1e-2, T/100).
 */
export function logTimeGrid(T: number, count = 121, tMin?: number): Float64Array {
  const lo = tMin ?? Math.min(1e-2, T / 100);
  const out = new Float64Array(count);
  if (count < 2) return out;
  out.set(geomspace(lo, T, count - 1), 1);
  out[count - 1] = T;
  return out;
}

/** Validates user output times: finite, ≥ 0, strictly increasing. */
export function validateTimes(times: ArrayLike<number>, name = "times"): Float64Array {
  const t = assertFiniteArray(Array.from(times as ArrayLike<number>), name);
  if (t.length < 1) throw invalidArgument(name, "a non-empty array of times", times);
  for (let i = 0; i < t.length; i++) {
    if (t[i] < 0) throw invalidArgument(`${name}[${i}]`, "a time ≥ 0", t[i]);
    if (i > 0 && !(t[i] > t[i - 1])) throw invalidArgument(name, "strictly increasing", t[i]);
  }
  return t;
}
