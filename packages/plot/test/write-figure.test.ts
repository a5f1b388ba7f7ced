import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { figureFormat, lineChart, PlotError, writeFigure } from "../src/index.js";
import { PNG_SIGNATURE, readPngSize } from "./helpers/png.js";
import { checkWellFormedXml } from "./helpers/xml.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "meanfield-plot-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const spec = () => lineChart({ series: [{ name: "s", x: [1, 2, 3], y: [3, 1, 2] }], x: { label: "time" } });

describe("writeFigure", () => {
  it("picks the format from the extension", async () => {
    const svg = await writeFigure(spec(), join(dir, "fig.svg"));
    expect(svg.format).toBe("svg");
    const text = await readFile(join(dir, "fig.svg"), "utf8");
    expect(checkWellFormedXml(text).texts).toContain("time");
    expect(svg.bytes).toBe(Buffer.byteLength(text));

    const png = await writeFigure(spec(), join(dir, "fig.PNG"), { png: { width: 640 } });
    expect(png.format).toBe("png");
    const bytes = await readFile(join(dir, "fig.PNG"));
    expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(readPngSize(bytes).width).toBe(640);

    const json = await writeFigure(spec(), join(dir, "fig.vl.json"));
    expect(json.format).toBe("vl.json");
    expect(JSON.parse(await readFile(join(dir, "fig.vl.json"), "utf8"))).toEqual(spec());
  });

  it("leaves no temporary files behind and replaces an existing file whole", async () => {
    const sub = join(dir, "clean");
    await mkdir(sub);
    await writeFile(join(sub, "fig.svg"), "old");
    await writeFigure(spec(), join(sub, "fig.svg"));
    await writeFigure(spec(), join(sub, "fig.png"));
    expect((await readdir(sub)).sort()).toEqual(["fig.png", "fig.svg"]);
    expect(await readFile(join(sub, "fig.svg"), "utf8")).toMatch(/^<svg/);
  });

  it("removes its temporary file when the final rename fails", async () => {
    const sub = join(dir, "fail");
    await mkdir(sub);
    // The target is a non-empty directory, so renaming the finished temp file onto it fails.
    await mkdir(join(sub, "fig.svg"));
    await writeFile(join(sub, "fig.svg", "keep"), "x");
    const err = await writeFigure(spec(), join(sub, "fig.svg")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlotError);
    expect((err as PlotError).code).toBe("IO");
    expect(await readdir(sub)).toEqual(["fig.svg"]);
  });

  it("creates no file when rendering fails or the directory does not exist", async () => {
    const sub = join(dir, "bad");
    await mkdir(sub);
    await expect(writeFigure({ mark: "nonsense" } as never, join(sub, "fig.png"))).rejects.toMatchObject({
      code: "RENDER",
    });
    await expect(writeFigure(spec(), join(sub, "missing", "fig.svg"))).rejects.toMatchObject({ code: "IO" });
    expect(await readdir(sub)).toEqual([]);
  });

  it("rejects an unknown extension before writing anything", async () => {
    await expect(writeFigure(spec(), join(dir, "fig.pdf"))).rejects.toMatchObject({ parameter: "path" });
    expect(figureFormat("a/b.json")).toBe("vl.json");
    expect(() => figureFormat("fig")).toThrow(/\.svg, \.png or \.vl\.json/);
  });
});
