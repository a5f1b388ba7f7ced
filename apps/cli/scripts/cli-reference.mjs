// Writes apps/cli/CLI.md, the CLI reference, from the built CLI's own --help output
// (node apps/cli/dist/cli.js … --help), so the reference cannot drift from the program.
// Run after building: node apps/cli/scripts/cli-reference.mjs [OUTPUT] (default apps/cli/CLI.md); the
// test suite writes it to a temporary file and checks that the committed CLI.md is up to date.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(appDir, "dist", "cli.js");

function help(args) {
  const r = spawnSync(process.execPath, [cli, ...args, "--help"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`meanfield ${args.join(" ")} --help exited ${r.status}: ${r.stderr}`);
  return r.stdout.trimEnd();
}

const root = help([]);
const ids = [];
const lines = root.split("\n");
const start = lines.findIndex((l) => l.trim() === "Commands:");
for (const line of lines.slice(start + 1)) {
  if (!line.startsWith("  ")) break;
  const m = /^ {2}(\S+(?: \S+)?)\s{2,}/.exec(line);
  if (m) ids.push(m[1]);
}
const groups = [...new Set(ids.filter((id) => id.includes(" ")).map((id) => id.split(" ")[0]))];

const fence = (t) => `\`\`\`text\n${t}\n\`\`\``;
const parts = [
  "# meanfield CLI reference",
  "",
  "Generated from the program's own `--help` by `node apps/cli/scripts/cli-reference.mjs`; do not edit by hand.",
  "",
  "Every command validates its input before any work, prints errors on stderr and exits with 0 (success), " +
    "1 (runtime failure, e.g. a solver that did not converge), 2 (usage error) or 130 (Ctrl-C). `--json` prints " +
    "the result on stdout; `--out DIR` writes `result.json` (the same JSON), CSV tables and SVG + PNG figures, " +
    "atomically: files are staged beside DIR and renamed into it only when complete.",
  "",
  "## Contents",
  "",
  ...ids.map((id) => `- [\`meanfield ${id}\`](#meanfield-${id.replace(/ /g, "-")})`),
  "",
  "## `meanfield --help`",
  "",
  fence(root),
  "",
];
for (const g of groups) parts.push(`## \`meanfield ${g} --help\``, "", fence(help([g])), "");
for (const id of ids) parts.push(`## meanfield ${id}`, "", fence(help(id.split(" "))), "");
const output = process.argv[2] ?? join(appDir, "CLI.md");
writeFileSync(output, parts.join("\n"));
console.log(`wrote ${output} (${ids.length} commands)`);
