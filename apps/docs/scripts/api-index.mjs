// Writes docs/.generated/api-index.md from typedoc's JSON (docs/.generated/api.json, written by the typedoc step of
// build.mjs): every symbol each package exports, as a heading of its own (so that VitePress's local search finds it
// by name) with its kind, the first sentence of its doc comment and a link to its typedoc page. Every link is checked
// against the typedoc output in docs/public/api: a symbol whose page is missing fails the build.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const apiDir = join(appDir, "docs", "public", "api");
const project = JSON.parse(readFileSync(join(appDir, "docs", ".generated", "api.json"), "utf8"));

// typedoc's ReflectionKind → the folder of its pages and the word shown.
const KINDS = {
  4: ["modules", "namespace"],
  8: ["enums", "enum"],
  32: ["variables", "constant"],
  64: ["functions", "function"],
  128: ["classes", "class"],
  256: ["interfaces", "interface"],
  2097152: ["types", "type"],
};

const byId = new Map();
for (const pkg of project.children ?? []) for (const c of pkg.children ?? []) byId.set(c.id, { pkg, c });

/** `@meanfield/dln` → `_meanfield_dln`, typedoc's file-name prefix for the package. */
const prefix = (pkgName) => pkgName.replace(/[@/]/g, "_");

function pageOf(pkg, c) {
  const kind = KINDS[c.kind];
  if (!kind) return undefined;
  const rel = `${kind[0]}/${prefix(pkg.name)}.${c.name}.html`;
  return existsSync(join(apiDir, rel)) ? `/api/${rel}` : undefined;
}

/** Text outside code spans, escaped for VitePress markdown (no emphasis, math, HTML or Vue interpolation). */
function escapeText(s) {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\$/g, "&#36;")
    .replace(/\{/g, "&#123;")
    .replace(/\}/g, "&#125;")
    .replace(/([\\*_[\]|#~])/g, "\\$1")
    .replace(/\s+/g, " ");
}

/** The first sentence of a doc comment, as markdown. */
function summaryOf(c) {
  const comment = c.comment ?? c.signatures?.[0]?.comment ?? c.type?.declaration?.signatures?.[0]?.comment;
  if (!comment?.summary?.length) return "";
  let md = "";
  let plain = "";
  for (const part of comment.summary) {
    if (part.kind === "code") {
      md += part.text.replace(/\s+/g, " ");
      plain += part.text;
    } else {
      md += escapeText(part.text);
      plain += part.text;
    }
    // Stop after the first sentence (a full stop followed by white space, outside code).
    const end = part.kind === "code" ? -1 : md.search(/\.\s/);
    if (end >= 0) {
      md = md.slice(0, end + 1);
      break;
    }
    if (plain.length > 400) break;
  }
  // Drop citations of section numbers of documents the user does not have, e.g. "(spec §3–4)".
  md = md.replace(/\s*\((?:[^()]*\\?§[^()]*)\)/g, "").trim();
  return md;
}

const lines = [];
let count = 0;
for (const pkg of project.children ?? []) {
  lines.push(
    `## ${pkg.name}`,
    "",
    `[Package overview](/api/modules/${prefix(pkg.name)}.html){target="_self"}`,
    "",
  );
  const members = [...(pkg.children ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  for (const c of members) {
    let kind = KINDS[c.kind]?.[1];
    let page = pageOf(pkg, c);
    if (c.kind === 4194304 && byId.has(c.target)) {
      // A re-export under another name: link the page of what it refers to.
      const t = byId.get(c.target);
      kind = `alias of ${t.c.name}`;
      page = pageOf(t.pkg, t.c);
    }
    if (!kind || !page)
      throw new Error(`api-index: no typedoc page for ${pkg.name} ${c.name} (kind ${c.kind})`);
    const summary = summaryOf(c);
    lines.push(
      `### ${c.name}`,
      "",
      `${kind} · [typedoc page](${page}){target="_self"}${summary ? ` — ${summary}` : ""}`,
      "",
    );
    count++;
  }
}
const md = `${count} exported symbols.\n\n::: v-pre\n\n${lines.join("\n")}\n:::\n`;
writeFileSync(join(appDir, "docs", ".generated", "api-index.md"), md);
console.log(`[api-index] ${count} symbols in ${project.children?.length ?? 0} packages`);
