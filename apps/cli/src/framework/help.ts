import { allOptions, type CommandSpec } from "./command.js";
import { allowedText, type OptionSpec } from "./options.js";

const WIDTH = 100;

function wrap(text: string, indent: number, width = WIDTH): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line && indent + line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join(`\n${" ".repeat(indent)}`);
}

function optionLine(o: OptionSpec): [string, string] {
  const ph = o.placeholder ?? (o.kind === "string" ? "VALUE" : o.kind === "numberList" ? "X,Y,…" : "X");
  const left = o.kind === "boolean" ? `--${o.flag}` : `--${o.flag} ${ph}`;
  let right = o.description;
  if (o.kind !== "boolean" || o.flag === "json") {
    const extras: string[] = [];
    if (o.kind !== "boolean" && !(o.kind === "string" && !o.choices)) extras.push(allowedText(o));
    if (o.default !== undefined && o.kind !== "boolean") extras.push(`default ${String(o.default)}`);
    if (extras.length) right += ` (${extras.join("; ")})`;
  }
  return [left, right];
}

function table(rows: [string, string][], indent = 2): string {
  const w = Math.min(28, Math.max(...rows.map(([l]) => l.length)) + 2);
  return rows
    .map(([l, r]) => {
      const pad = l.length + 2 > w ? `\n${" ".repeat(indent + w)}` : " ".repeat(w - l.length);
      return `${" ".repeat(indent)}${l}${pad}${wrap(r, indent + w)}`;
    })
    .join("\n");
}

export function commandHelp(cmd: CommandSpec): string {
  const opts = allOptions(cmd);
  const own = opts.filter((o) => !o.common);
  const common = opts.filter((o) => o.common);
  const pos = cmd.positionals ? ` [${cmd.positionals.name}${cmd.positionals.variadic ? "…" : ""}]` : "";
  const parts = [`Usage: meanfield ${cmd.id}${pos} [options]`, "", wrap(cmd.summary, 0)];
  if (cmd.description) parts.push("", wrap(cmd.description, 0));
  if (cmd.positionals) {
    parts.push("", "Arguments:", table([[cmd.positionals.name, cmd.positionals.description]]));
  }
  if (own.length) parts.push("", "Options:", table(own.map(optionLine)));
  parts.push("", "Common options:", table(common.map(optionLine)));
  parts.push(
    "",
    "JSON output (--json, and result.json in --out):",
    table(cmd.output.map((f) => [f.field, f.description])),
  );
  if (cmd.files?.length)
    parts.push("", "Files in --out:", table(cmd.files.map((f) => [f, ""]).map(([a]) => splitFile(a))));
  if (cmd.examples?.length) parts.push("", "Examples:", ...cmd.examples.map((e) => `  ${e}`));
  parts.push(
    "",
    "Exit codes: 0 success, 1 runtime failure (e.g. a solver did not converge), 2 usage error, 130 interrupted.",
  );
  return `${parts.join("\n")}\n`;
}

function splitFile(s: string): [string, string] {
  const i = s.indexOf(" — ");
  return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + 3)];
}

export function groupHelp(group: string, commands: readonly CommandSpec[], summary: string): string {
  return `Usage: meanfield ${group} <command> [options]\n\n${wrap(summary, 0)}\n\nCommands:\n${table(
    commands.map((c) => [c.id.split(" ").slice(1).join(" "), c.summary]),
  )}\n\nRun 'meanfield ${group} <command> --help' for a command's options.\n`;
}

export function rootHelp(
  groups: readonly { name: string; summary: string; commands: readonly CommandSpec[] }[],
  version: string,
): string {
  // One line per command (no wrapped continuation lines), so tools that read the list (the docs
  // site's reference generator) see exactly one command per line.
  const rows: string[] = [];
  const w = Math.max(...groups.flatMap((g) => g.commands.map((c) => c.id.length))) + 2;
  for (const g of groups) for (const c of g.commands) rows.push(`  ${c.id.padEnd(w)}${c.short ?? c.summary}`);
  return `meanfield ${version} — statistical-physics theory of neural-network learning, checked against independent methods

Usage: meanfield <command> [options]

Commands:
${rows.join("\n")}

Options:
  --help, -h    show this help (also after any command or group: 'meanfield dln --help')
  --version     print the version

Every command accepts --seed N, --out DIR, --json and --config FILE; run 'meanfield <command> --help'.
Start with: meanfield reproduce --out out/reproduce
`;
}
