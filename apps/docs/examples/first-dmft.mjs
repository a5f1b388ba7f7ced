import { solveDmft } from "@meanfield/dmft";

const result = solveDmft({ delta: 0.5, rho: 0.1, sigma: 0, alpha: 0.5 });
console.log(result.converged);
