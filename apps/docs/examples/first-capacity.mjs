import { capacity } from "@meanfield/replica";

const result = capacity({ activation: "relu" });
console.log(result.alphaC);
