/**
 * The root φ of φ + c·w(φ) = b by 200 bisections of [min(0, b), max(0, b)] (w increasing, w(0) = 0):
 * the independent method the implicit steps of the mobilities are tested against.
 */
export function bisectImplicitStep(w: (p: number) => number, b: number, c: number): number {
  let lo = Math.min(0, b);
  let hi = Math.max(0, b);
  for (let k = 0; k < 200; k++) {
    const mid = 0.5 * (lo + hi);
    if (mid + c * w(mid) - b < 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
