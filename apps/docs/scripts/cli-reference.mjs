// Writes docs/.generated/cli.md from the CLI's own --help output (node apps/cli/dist/cli.js [cmd] --help),
// so the reference can never drift from the program.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(appDir, "..", "cli", "dist", "cli.js");
const outDir = join(appDir, "docs", ".generated");
mkdirSync(outDir, { recursive: true });

// Colour codes, in case the CLI colours its help.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

function help(args) {
  const r = spawnSync(process.execPath, [cli, ...args, "--help"], { encoding: "utf8", timeout: 30000 });
  if (r.error) throw r.error;
  return {
    code: r.status,
    text: `${r.stdout ?? ""}${r.stderr ?? ""}`.replace(ANSI, "").trimEnd(),
  };
}

/**
 * Commands from a help text's "Commands:" section: lines indented by a few spaces whose first column (one or more
 * words, e.g. "dmft solve") is followed by a gap of two or more spaces; deeper-indented lines continue a description.
 */
function commandsOf(text) {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => /^\s*commands:?\s*$/i.test(l));
  if (start < 0) return [];
  const names = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "") {
      if (names.length > 0) break;
      continue;
    }
    if (!/^\s/.test(line)) break; // the next unindented section header
    const m = line.match(/^ {1,4}([a-z][\w-]*(?: [a-z][\w-]*)*)(?: {2,}|$)/i);
    if (m && m[1] !== "help") names.push(m[1]);
  }
  return [...new Set(names)];
}

const fence = (t) => `\`\`\`text\n${t}\n\`\`\``;
let md;
if (!existsSync(cli)) {
  md = `::: warning\nThe CLI has not been built (\`apps/cli/dist/cli.js\` is missing), so its help could not be captured.\n:::\n`;
  console.warn("[cli-reference] WARNING: apps/cli/dist/cli.js missing; wrote a placeholder");
} else {
  const top = help([]);
  const commands = commandsOf(top.text);
  const parts = ["## `meanfield --help`", "", fence(top.text), ""];
  for (const cmd of commands) {
    const h = help(cmd.split(" "));
    parts.push(`## \`meanfield ${cmd}\``, "", fence(h.text), "");
  }
  if (commands.length === 0) {
    parts.push("::: info\nThe CLI lists no sub-commands yet.\n:::", "");
  }
  md = parts.join("\n");
  console.log(`[cli-reference] captured help for ${commands.length} command(s): ${commands.join(", ")}`);
}
writeFileSync(join(outDir, "cli.md"), md);
