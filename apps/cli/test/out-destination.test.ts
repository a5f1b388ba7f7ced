import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, cliWhenStaging, listTree, tempDir } from "./helpers.js";

/** Issue 16, defects 1 and 2: --out is checked before any work, and no failure leaves staging folders. */

const STACK = /\n\s+at /;
const staging = (dir: string) => listTree(dir).filter((f) => f.includes(".meanfield-staging-"));

describe("--out destination problems: a clear usage error before computing, nothing left behind", () => {
  it("refuses a directory where result.json must go (EISDIR)", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "x", "result.json"), { recursive: true });
    const r = cli(["replica", "capacity", "--activation", "linear", "--out", "x"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out "x".*result\.json.*EISDIR/);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stdout).toBe("");
    expect(listTree(dir)).toEqual(["x", "x/result.json"]);
  });

  it("refuses a folder name longer than the file system allows (ENAMETOOLONG)", () => {
    const dir = tempDir();
    const r = cli(["replica", "capacity", "--activation", "linear", "--out", `x/${"a".repeat(300)}`], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out .*ENAMETOOLONG/);
    expect(r.stderr).not.toMatch(STACK);
    expect(listTree(dir)).toEqual([]);
  });

  it("refuses a path through a file (ENOTDIR)", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "f"), "x");
    const r = cli(["dln", "simulate", "--n", "10", "--d", "20", "--out", "f/sub"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out "f\/sub".*ENOTDIR/);
    expect(listTree(dir)).toEqual(["f"]);
  });

  it.skipIf(process.platform !== "linux")("refuses a place where nothing can be created", () => {
    const r = cli(["replica", "capacity", "--activation", "linear", "--out", "/proc/meanfield-out"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write to --out "\/proc\/meanfield-out"/);
    expect(r.stderr).not.toMatch(STACK);
  });

  it.skipIf(process.platform === "win32" || process.getuid?.() === 0)(
    "refuses a directory that is not writable (EACCES)",
    () => {
      const dir = tempDir();
      mkdirSync(join(dir, "ro"));
      chmodSync(join(dir, "ro"), 0o500);
      try {
        const r = cli(["replica", "capacity", "--activation", "linear", "--out", "ro/out"], { cwd: dir });
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/--out "ro\/out".*not writable/);
        expect(staging(dir)).toEqual([]);
      } finally {
        chmodSync(join(dir, "ro"), 0o700);
      }
    },
  );

  it("reports a destination that goes bad during the run as a usage error, and removes the staging folder", async () => {
    const dir = tempDir();
    const args = ["dln", "simulate", "--n", "100", "--d", "200", "--seeds", "1", "--alpha", "0.01"];
    // Once the run has started (its staging folder exists), put a directory where result.json goes.
    const r = await cliWhenStaging(
      [...args, "--t-max", "1000", "--out", "o"],
      dir,
      { ...process.env, MEANFIELD_NO_PROGRESS: "1" },
      () => mkdirSync(join(dir, "o", "result.json"), { recursive: true }),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write result\.json into --out "o".*EISDIR/);
    expect(r.stderr).not.toMatch(STACK);
    expect(staging(dir)).toEqual([]);
  });
});

describe('--out "" (an unset shell variable)', () => {
  it("is a usage error naming --out, and nothing is written to the current directory", () => {
    const dir = tempDir();
    const r = cli(["replica", "capacity", "--activation", "linear", "--out", ""], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out.*must not be empty/);
    expect(listTree(dir)).toEqual([]);
  });

  it("is refused from a config file too", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "c.json"), JSON.stringify({ out: " " }));
    const r = cli(["replica", "capacity", "--activation", "linear", "--config", "c.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"out" \(--out\) must not be empty/);
    expect(listTree(dir)).toEqual(["c.json"]);
  });
});
