#!/usr/bin/env node
// `pnpm bench [--json] [--only linalg,dln,...]`: runs every package's benchmark in turn (each measures its own
// baseline in the same run), collects the headline figures, compares them with the previous bench/results.json
// and writes the new one. With --json, the benchmarks' own output goes to stderr and stdout gets one JSON object.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const json = process.argv.includes("--json");
const onlyArg = process.argv.indexOf("--only");
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1].split(",")) : null;
const log = json ? (s) => process.stderr.write(`${s}\n`) : (s) => console.log(s);

const metricsFile = join(mkdtempSync(join(tmpdir(), "meanfield-bench-")), "metrics.jsonl");
const packages = readdirSync(join(root, "packages")).filter((p) =>
  existsSync(join(root, "packages", p, "bench")),
);
let failed = 0;
for (const pkg of packages) {
  if (only && !only.has(pkg)) continue;
  for (const file of readdirSync(join(root, "packages", pkg, "bench")).filter((f) =>
    f.endsWith(".bench.mjs"),
  )) {
    log(`\n== ${pkg}/bench/${file}`);
    const r = spawnSync(process.execPath, [join("bench", file)], {
      cwd: join(root, "packages", pkg),
      env: { ...process.env, MEANFIELD_BENCH_JSON: metricsFile },
      stdio: ["ignore", json ? process.stderr : "inherit", "inherit"],
    });
    if (r.status !== 0) {
      failed++;
      log(`!! ${pkg}/bench/${file} exited with ${r.status}`);
    }
  }
}

const metrics = {};
if (existsSync(metricsFile)) {
  for (const line of readFileSync(metricsFile, "utf8").split("\n").filter(Boolean)) {
    Object.assign(metrics, JSON.parse(line).metrics);
  }
}
const result = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  loadAverage: loadavg()[0],
  metrics,
};

const resultsPath = join(root, "bench", "results.json");
if (existsSync(resultsPath)) {
  const previous = JSON.parse(readFileSync(resultsPath, "utf8"));
  log("\n== against the previous run");
  for (const [k, v] of Object.entries(metrics)) {
    const p = previous.metrics?.[k];
    if (typeof v === "number" && typeof p === "number" && p !== 0)
      log(`${k}: ${v.toPrecision(4)} (previous ${p.toPrecision(4)}, ratio ${(v / p).toFixed(2)})`);
  }
}
mkdirSync(dirname(resultsPath), { recursive: true });
writeFileSync(`${resultsPath}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
renameSync(`${resultsPath}.tmp`, resultsPath);
if (json) console.log(JSON.stringify(metrics));
else log(`\nwrote ${resultsPath}`);
process.exit(failed ? 1 : 0);
