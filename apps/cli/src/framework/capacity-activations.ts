/** The activations of the capacity table and bar-chart recipes, in the table's row order (every built-in). */
export const CAPACITY_ACTIVATIONS = [
  "relu",
  "erf",
  "tanh",
  "sigmoid",
  "softplus",
  "gelu",
  "quadratic",
  "linear",
  "sign",
] as const;
