import { storageCapacity } from "@meanfield/replica";

// Two-layer network, zero margin, load per parameter: P = alpha·N·K patterns
for (const activation of ["relu", "erf", "sign"]) {
  const wide = storageCapacity({ activation }); // K → ∞ hidden units
  const value = wide.divergent ? "diverges" : wide.alphaC.toFixed(4);
  console.log(`${activation}: alpha_c(K → ∞) = ${value} (${wide.method})`);
}
const perceptron = storageCapacity({ activation: "sign", K: 1 });
console.log(`perceptron (K = 1): alpha_c = ${perceptron.alphaC}`); // Gardner: 2
