// Builds the documentation site: figures (made by the packages themselves), typedoc API and its searchable index, CLI
// reference, VitePress.
// Every step must succeed; VitePress fails the build on a dead internal link.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = join(appDir, "..", "..");

function bin(name) {
  for (const dir of [join(appDir, "node_modules", ".bin"), join(repoRoot, "node_modules", ".bin")]) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  throw new Error(`build: cannot find the ${name} binary; run pnpm install at the repository root`);
}

function step(label, cmd, args, cwd = appDir) {
  const t0 = Date.now();
  console.log(`\n[docs build] ${label}`);
  const r = spawnSync(cmd, args, { cwd, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`[docs build] FAILED: ${label} (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
  console.log(`[docs build] ${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

step("examples", process.execPath, ["scripts/examples.mjs"]);
step("figures", process.execPath, ["scripts/figures.mjs"]);
// apps/docs/typedoc.json extends the root typedoc.json with the site's links: a "Documentation site" link in the
// header and sidebar of every API page, and the favicon. The JSON model feeds the searchable API index.
step("API reference (typedoc)", bin("typedoc"), [
  "--options",
  join(appDir, "typedoc.json"),
  "--html",
  join(appDir, "docs", "public", "api"),
  "--json",
  join(appDir, "docs", ".generated", "api.json"),
  "--logLevel",
  "Error",
]);
step("API index", process.execPath, ["scripts/api-index.mjs"]);
step("CLI reference", process.execPath, ["scripts/cli-reference.mjs"]);
step("VitePress", bin("vitepress"), ["build", "docs"]);
