import type { DlnModel } from "./params.js";

/**
 * The mirror variable of the u²−v² engine (theory/dln.md, "Gradient flow"; theory/dmft.md, "Parameter process"): with u_i v_i = alpha_i² conserved write
 * u = alpha e^{2φ}, v = alpha e^{−2φ}; then w = u² − v² = 2 alpha² sinh(4φ) and du/dt = 2u⊙g becomes
 * dφ/dt = g exactly, so φ(t) = Xᵀ∫r and asinh(w/(2alpha²)) ∈ range(Xᵀ) (the KKT condition of theory/dln.md, "Implicit bias").
 * The argument 4φ is clamped at 700 so that trial steps of the integrator that overshoot give a large
 * finite w (rejected by the error control) instead of Infinity/NaN.
 */
export function wFromPhi(phi: number, alpha2: number): number {
  const z = 4 * phi;
  return 2 * alpha2 * Math.sinh(Math.max(-700, Math.min(700, z)));
}

/** Inverse of wFromPhi: φ = ¼ asinh(w / (2 alpha²)). */
export function phiFromW(w: number, alpha2: number): number {
  return 0.25 * Math.asinh(w / (2 * alpha2));
}

/** The mobility dw/dφ = 8 alpha² cosh(4φ) = 4 √(w² + 4 alpha⁴) (theory/dln.md, "Gradient flow": dw/dt = 4√(w²+4alpha⁴)·g). */
export function mobility(w: number, alpha2: number): number {
  return 4 * Math.sqrt(w * w + 4 * alpha2 * alpha2);
}

/**
 * Rate of the engine clock relative to the user's clock. The two-layer form w = u⊙v maps onto the
 * u²−v² engine by a = (u+v)/2, b = (u−v)/2 (w = a² − b²); then da/dt = a g, db/dt = −b g, i.e. the
 * engine (du/dt = 2u g) run at half speed (theory/dln.md, "Gradient flow"). Initial u(0) = 2 alpha, v(0) = 0 ↔ a(0) = b(0) = alpha.
 */
export function engineRate(model: DlnModel): number {
  return model === "uv" ? 0.5 : 1;
}

/** (u, v) of the two-layer u⊙v form from the engine's (a, b): u = a + b, v = a − b. */
export function uvFromEngine(a: number, b: number): { u: number; v: number } {
  return { u: a + b, v: a - b };
}

/** Engine (a, b) from the two-layer (u, v): a = (u + v)/2, b = (u − v)/2. */
export function engineFromUv(u: number, v: number): { a: number; b: number } {
  return { a: (u + v) / 2, b: (u - v) / 2 };
}
