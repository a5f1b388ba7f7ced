import { availableParallelism } from "node:os";

/**
 * Default threads of one gradient evaluation (linalg's createParallelGradient): 1 below
 * n·d = 2²⁰ (an 8 MiB design: the threads' synchronisation would cost more than they save), else
 * the cores, at most 4. The numbers do not depend on it (fixed row blocks).
 */
export function defaultGradientThreads(n: number, d: number): number {
  if (n * d < 2 ** 20) return 1;
  return Math.max(1, Math.min(4, availableParallelism()));
}
