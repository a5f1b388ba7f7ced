import { describe, expect, it } from "vitest";
import { cli } from "./helpers.js";

/** Issue 16, defect 6: a long run is not silent when stderr is not a terminal; --quiet silences it. */

const ARGS = [
  "dln",
  "simulate",
  "--n",
  "100",
  "--d",
  "200",
  "--seeds",
  "1",
  "--alpha",
  "0.01",
  "--t-max",
  "1000",
];
// Progress on (the test helper turns it off by default), a line every 0.1 s instead of every 2 s.
const ENV = { MEANFIELD_NO_PROGRESS: undefined, MEANFIELD_PROGRESS_INTERVAL: "0.1" };
const LINE = /^meanfield dln simulate: (running|gradient flow \d+\/40 \(\d+%\) t=\S+), \d+ s$/;

describe("progress on a stderr that is not a terminal", () => {
  it("prints periodic plain lines (no carriage returns or escape codes)", () => {
    const r = cli(ARGS, { env: ENV });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(LINE);
    expect(r.stderr.includes("\r") || r.stderr.includes(String.fromCharCode(27))).toBe(false);
    expect(r.stdout).toMatch(/^dln simulate:/);
  });

  it("--quiet prints none", () => {
    const r = cli([...ARGS, "--quiet"], { env: ENV });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
  });
});
