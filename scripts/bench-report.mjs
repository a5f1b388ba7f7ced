// Benchmarks call report(name, metrics) with their headline figures. Run alone, it does nothing;
// under scripts/bench.mjs (which sets MEANFIELD_BENCH_JSON) it appends one JSON line to that file.
import { appendFileSync } from "node:fs";

export function report(name, metrics) {
  const file = process.env.MEANFIELD_BENCH_JSON;
  if (file) appendFileSync(file, `${JSON.stringify({ name, metrics })}\n`);
}
