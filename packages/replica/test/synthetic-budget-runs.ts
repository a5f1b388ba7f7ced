import { createRng } from "@meanfield/linalg";

/**
 * Synthetic budget runs with a known answer: at size N and load α each instance succeeds per restart with
 * probability σ((a(N) − α)/w(N) + η), η ~ N(0, 1) its own difficulty, and its first success is geometric (8
 * restarts at most). With w ∝ N^{−1/2} the shift between budgets is ∝ N^{−1/2} and the extrapolated limits agree
 * exactly; with a fixed w the shift stays and the larger budget's limit lies higher.
 */
export function budgetRuns(seed: string, shrinkingWidth: boolean, sizes: readonly number[] = [25, 50, 100]) {
  const rng = createRng(seed);
  const alphas = Array.from({ length: 10 }, (_, i) => Math.round((1.9 + 0.1 * i) * 10) / 10);
  return sizes.map((N) => {
    const a = 2.45 - 1.5 / Math.sqrt(N);
    const w = shrinkingWidth ? 0.6 / Math.sqrt(N) : 0.08;
    return {
      N,
      points: alphas.map((alpha) => {
        const first = new Array<number>(9).fill(0);
        for (let i = 0; i < 16; i++) {
          const p = 1 / (1 + Math.exp((alpha - a) / w - rng.normal()));
          let r = 0;
          while (r < 8 && !(rng.uniform() < p)) r++;
          first[r]++;
        }
        let c = 0;
        return { alpha, instances: 16, satByRestarts: first.slice(0, 8).map((x) => (c += x)) };
      }),
    };
  });
}
