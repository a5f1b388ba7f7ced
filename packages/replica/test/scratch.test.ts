import { it } from "vitest";
import { createActivation, exactK2Problem } from "../src/index.js";
import { repliconK2 } from "../src/replicon-exact-k2.js";
import { psStabilityAtK2, solveExactPSBK2, solveExactPSK2 } from "../src/saddle-point-exact-k2.js";

it("scratch", () => {
  const act = createActivation("relu");
  const pr = exactK2Problem(act, 0);
  for (const a of [0.3, 0.5, 0.6, 0.632168, 0.7]) {
    const ps = solveExactPSK2(pr, act, a);
    const t = Date.now();
    const r = repliconK2(pr, a, ps);
    console.log("PS", a, JSON.stringify(r), "S", psStabilityAtK2(pr, a, ps), Date.now() - t, "ms");
  }
  let s = solveExactPSBK2(pr, act, 0.9, { q: 0.276, p: 0.138, c: -0.558 });
  for (const a of [0.9, 1.2, 1.6, 2.0, 2.5, 3.0, 3.3]) {
    s = solveExactPSBK2(pr, act, a, s!);
    if (!s) {
      console.log("lost", a);
      break;
    }
    console.log("PSB", a, s.q.toFixed(4), s.converged, JSON.stringify(repliconK2(pr, a, s)));
  }
}, 1200000);
