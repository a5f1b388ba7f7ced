import { assertNonNegative, assertPositive, invalidArgument } from "@meanfield/linalg";
import {
  type Activation,
  type ActivationOptions,
  type ActivationSpec,
  createActivation,
} from "./activations.js";

/** Parameters of the capacity problem (theory/replica.md, "Model"): activation, width K (Infinity: K → ∞) and margin κ. */
export interface CapacityParams {
  activation: ActivationSpec;
  /** Number of hidden units: a positive integer, or Infinity / "infinity" for K → ∞ (default Infinity). */
  K?: number | "infinity";
  /** Margin κ ≥ 0 on the centred output (default 0). */
  kappa?: number;
  /** Quadrature options for user activations. */
  activationOptions?: ActivationOptions;
  /**
   * Output threshold (theory/replica.md, "Model"): "centred" (default; the output Σ(g − m₀)/√K against 0) or
   * "learned" (against a threshold θ optimised with the weights: α_c = max_θ α_c(θ)).
   */
  threshold?: "centred" | "learned";
}

/** CapacityParams after validation. */
export interface ValidatedCapacityParams {
  activation: Activation;
  K: number;
  kappa: number;
  threshold: "centred" | "learned";
}

/** Validates K: a positive integer or ∞. */
export function validateK(K: unknown): number {
  if (K === undefined || K === "infinity" || K === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (typeof K !== "number" || !Number.isSafeInteger(K) || K < 1)
    throw invalidArgument("K", 'an integer ≥ 1, or Infinity / "infinity" for K → ∞', K);
  return K;
}

/** Validates a CapacityParams object once at the package boundary. */
export function validateCapacityParams(params: CapacityParams): ValidatedCapacityParams {
  if (typeof params !== "object" || params === null)
    throw invalidArgument("params", "a CapacityParams object", params);
  if (params.activation === undefined)
    throw invalidArgument("activation", "an activation (built-in name, { formula } or { fn })", undefined);
  const activation = createActivation(params.activation, params.activationOptions);
  const K = validateK(params.K);
  const kappa = params.kappa === undefined ? 0 : assertNonNegative(params.kappa, "kappa");
  const threshold = params.threshold ?? "centred";
  if (threshold !== "centred" && threshold !== "learned")
    throw invalidArgument("threshold", '"centred" or "learned"', params.threshold);
  return { activation, K, kappa, threshold };
}

/** Validates a load alpha > 0. */
export function validateAlpha(alpha: unknown, name = "alpha"): number {
  return assertPositive(alpha, name);
}
