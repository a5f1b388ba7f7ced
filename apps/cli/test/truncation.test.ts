import { describe, expect, it } from "vitest";
import { cli } from "./helpers.js";

// --truncation τ (theory/dln.md, "Truncated DLN"): passed to the simulation and to the DMFT, recorded in
// the params, and it changes the dynamics once |w| exceeds τ (the settings below make it active).
describe("--truncation (dln simulate, dmft solve, dmft compare)", () => {
  const sim = ["dln", "simulate", "--n", "40", "--d", "80", "--rho", "0.2", "--alpha", "0.3"];
  const tail = ["--t-max", "10", "--points", "5", "--seeds", "2", "--workers", "0", "--json"];

  it("dln simulate: a small τ changes the curves, a huge τ does not (the plain DLN)", () => {
    const plain = JSON.parse(cli([...sim, ...tail]).stdout);
    const huge = JSON.parse(cli([...sim, "--truncation", "1e9", ...tail]).stdout);
    const small = cli([...sim, "--truncation", "0.5", ...tail]);
    expect(small.code, small.stderr).toBe(0);
    const j = JSON.parse(small.stdout);
    expect(j.params.truncation).toBe(0.5);
    expect(huge.genError.mean.at(-1)).toBeCloseTo(plain.genError.mean.at(-1), 10);
    expect(Math.abs(j.genError.mean.at(-1) - plain.genError.mean.at(-1))).toBeGreaterThan(1e-3);
  });

  it("dmft solve: the truncation reaches the DMFT and is recorded", () => {
    const base = ["dmft", "solve", "--delta", "0.5", "--rho", "0.2", "--alpha", "0.3", "--t-max", "10"];
    const fast = ["--grid-points", "24", "--samples", "800", "--rtol", "10", "--json"];
    const plain = JSON.parse(cli([...base, ...fast]).stdout);
    const r = cli([...base, "--truncation", "0.5", ...fast]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.params.truncation).toBe(0.5);
    expect(Math.abs(j.genError.at(-1) - plain.genError.at(-1))).toBeGreaterThan(1e-3);
  });

  it("refuses τ ≤ 0 and a truncated linear model (exit 2, naming --truncation)", () => {
    const r = cli(["dln", "simulate", "--truncation=0", "--t-max", "3"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--truncation/);
    const lin = cli([
      "dln",
      "simulate",
      "--model",
      "linear",
      "--truncation",
      "1",
      "--t-max",
      "3",
      "--n",
      "20",
      "--d",
      "40",
    ]);
    expect(lin.code).toBe(2);
    expect(lin.stderr).toMatch(/--truncation/);
  });
});
