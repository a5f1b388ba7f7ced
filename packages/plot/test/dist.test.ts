/**
 * The published builds, not the sources: `require("@meanfield/plot")` (CJS) and `import` (ESM) must both
 * render. Runs against dist/, which `pnpm test` builds first (turbo) — run `pnpm build` before running
 * this file alone.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");

// Each script renders a spec to SVG and PNG and prints what it got; self-reference by package name
// resolves through package.json "exports", exactly as a consumer's require/import would.
const body = `
  const spec = p.lineChart({ series: [{ name: "from-dist", x: [1, 2, 3], y: [1, 4, 9] }], legend: true });
  const svg = await p.renderSvg(spec);
  const png = p.svgToPng(svg, { width: 320 });
  console.log(JSON.stringify({ svg: svg.startsWith("<svg") && svg.includes("from-dist"), png: png.readUInt32BE(16) }));
`;

describe("built package", () => {
  it("has been built", () => {
    expect(existsSync(join(pkg, "dist", "index.cjs")), "run `pnpm build` first").toBe(true);
    expect(existsSync(join(pkg, "dist", "index.js"))).toBe(true);
  });

  it("renders through require() of the CJS build", async () => {
    const code = `const p = require("@meanfield/plot"); (async () => { ${body} })().catch((e) => { console.error(e); process.exit(1); });`;
    const { stdout } = await run(process.execPath, ["-e", code], { cwd: pkg });
    expect(JSON.parse(stdout)).toEqual({ svg: true, png: 320 });
  });

  it("renders through import() of the ESM build", async () => {
    const code = `const p = await import("@meanfield/plot"); ${body}`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", code], { cwd: pkg });
    expect(JSON.parse(stdout)).toEqual({ svg: true, png: 320 });
  });
});
