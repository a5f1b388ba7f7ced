import { alphaC, alphaPSB } from "@meanfield/replica";

// Fully connected two-layer network, K → ∞ hidden units, zero margin: capacity per parameter (P = alpha·N·K).
for (const activation of ["relu", "erf", "sign"]) {
  const c = alphaC({ activation });
  const psb = alphaPSB({ activation });
  const value = c.divergent ? "diverges" : c.alphaC.toFixed(4);
  console.log(
    `${activation}: alpha_c = ${value}, alpha_PSB = ${psb.alphaPSB?.toFixed(4)} (${psb.transition})`,
  );
}
console.log(`perceptron (K = 1, sign): alpha_c = ${alphaC({ activation: "sign", K: 1 }).alphaC}`);
