import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smokes } from "./smoke.js";

// Packs each library as users get it and installs the tarballs with plain npm into an empty project
// (no workspace, no pnpm), then runs the same smoke computation through `import` and through `require`.
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(join(tmpdir(), "meanfield-release-"));
const tarballs = new Map<string, string>();

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

beforeAll(() => {
  const packDir = join(work, "tarballs");
  mkdirSync(packDir);
  for (const s of smokes) {
    run("pnpm", ["pack", "--pack-destination", packDir], join(root, "packages", s.pkg));
    const file = readdirSync(packDir).find((f) => f.startsWith(`meanfield-${s.pkg}-`));
    if (!file) throw new Error(`pnpm pack produced no tarball for ${s.pkg}`);
    tarballs.set(s.pkg, join(packDir, file));
  }
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(smokes)("@meanfield/$pkg from its packed tarball", (s) => {
  let project = "";

  beforeAll(() => {
    project = join(work, `project-${s.pkg}`);
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: `smoke-${s.pkg}`, private: true }));
    const files = [...s.deps, s.pkg].map((p) => tarballs.get(p) ?? "");
    run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...files], project);
  });

  it("works from import (ESM)", () => {
    const src = `import * as LIB from "@meanfield/${s.pkg}";\nawait (async () => {${s.body}})();\nconsole.log("ok");\n`;
    writeFileSync(join(project, "smoke.mjs"), src);
    expect(run("node", ["smoke.mjs"], project).trim()).toBe("ok");
  });

  it("works from require (CJS)", () => {
    const src = `const LIB = require("@meanfield/${s.pkg}");\n(async () => {${s.body}})().then(() => console.log("ok"), (e) => { console.error(e); process.exit(1); });\n`;
    writeFileSync(join(project, "smoke.cjs"), src);
    expect(run("node", ["smoke.cjs"], project).trim()).toBe("ok");
  });
});
