// Runs the Getting-started examples (examples/*.mjs) and writes docs/.generated/example-<name>.md with the code and
// the output it printed during this build, so the examples on the site are real code that works against the APIs.
// A failing example fails the build; with MEANFIELD_DOCS_ALLOW_PENDING=1 (development only) an example whose package
// does not export a name yet is shown as pending instead.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const genDir = join(appDir, "docs", ".generated");
mkdirSync(genDir, { recursive: true });
// Strict by default: every package has landed. MEANFIELD_DOCS_ALLOW_PENDING=1 is the escape hatch while a package
// is being rewritten (missing exports then give marked placeholders instead of a failed build).
const strict = process.env.MEANFIELD_DOCS_ALLOW_PENDING !== "1";

const EXAMPLES = [
  { name: "dmft", file: "first-dmft.mjs" },
  { name: "capacity", file: "first-capacity.mjs" },
];

for (const ex of EXAMPLES) {
  const path = join(appDir, "examples", ex.file);
  const code = readFileSync(path, "utf8").trimEnd();
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [path], { cwd: appDir, encoding: "utf8", timeout: 60000 });
  const seconds = (Date.now() - t0) / 1000;
  const out = `${r.stdout ?? ""}`.trimEnd();
  const missingExport = /does not provide an export named|Cannot find package '@meanfield/.test(
    r.stderr ?? "",
  );
  let md = `\`\`\`js\n${code}\n\`\`\`\n\n`;
  if (r.status === 0) {
    md += `Output when this site was built (${seconds.toFixed(1)} s):\n\n\`\`\`text\n${out}\n\`\`\`\n`;
    console.log(`[examples] ${ex.file}: ok in ${seconds.toFixed(2)} s`);
  } else if (missingExport && !strict) {
    md += `::: warning Pending\nThis example runs once the package exports the names it imports.\n:::\n`;
    console.warn(`[examples] WARNING: ${ex.file} pending:\n${r.stderr}`);
  } else {
    console.error(`[examples] ${ex.file} FAILED (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
    process.exit(1);
  }
  writeFileSync(join(genDir, `example-${ex.name}.md`), md);
}
