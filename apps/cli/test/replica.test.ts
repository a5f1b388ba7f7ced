import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, listTree, tempDir } from "./helpers.js";

describe("meanfield replica capacity", () => {
  it("prints the documented JSON for relu: activation, K, alphaC, divergent, alphaPSB, correlation, converged", () => {
    const r = cli(["replica", "capacity", "--activation", "relu", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.activation).toBe("relu");
    expect(j.K).toBe("infinity");
    expect(j.divergent).toBe(false);
    expect(j.alphaC).toBeGreaterThan(0);
    expect(j.alphaPSB).toBeGreaterThan(0);
    expect(j.alphaPSB).toBeLessThan(j.alphaC);
    // Division of labour: a negative cross-unit correlation (theory/replica.md, "Cancellation of the linear component").
    expect(j.correlation).toBeLessThan(0);
    expect(j.converged).toBe(true);
    expect(j.versions["@meanfield/replica"]).toMatch(/^\d/);
  });

  it("K = 2: alphaPSB from the exact RS free entropy with its quadrature error alphaPSBError", () => {
    const j = JSON.parse(cli(["replica", "capacity", "--activation", "relu", "--K", "2", "--json"]).stdout);
    // 0.632168 (docs theory/replica-finite-k.md, "The exact free entropy at K = 2"; pinned in the replica package's
    // tests), its refined rules' shift 7e-11
    expect(Math.abs(j.alphaPSB - 0.632168)).toBeLessThan(2e-6);
    expect(j.alphaPSBError).toBeGreaterThan(0);
    expect(j.alphaPSBError).toBeLessThan(1e-6);
    expect(j.transition).toBe("continuous");
  }, 60_000);

  it("K = 5 with --ps-instability: the Monte Carlo PS instability with its jackknife error and t interval", () => {
    const r = cli(
      [
        "replica",
        "capacity",
        "--activation",
        "relu",
        "--K",
        "5",
        "--ps-instability",
        "--directions",
        "32",
        "--json",
      ],
      { timeoutMs: 300_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.psInstability.method).toBe("monte-carlo");
    expect(j.psInstability.directions).toBe(32);
    expect(j.psInstability.seed).toBe(1);
    expect(j.psInstability.degreesOfFreedom).toBe(7);
    expect(j.alphaPSBError).toBe(j.psInstability.standardError);
    // small enough that the check below could see a 10 % error (0.077): measured 0.0101
    expect(j.alphaPSBError).toBeLessThan(0.02);
    expect(j.psInstability.interval95[0]).toBeLessThan(j.alphaPSB);
    expect(j.psInstability.interval95[1]).toBeGreaterThan(j.alphaPSB);
    // the order from the cubic term at the instability, with its jackknife error (measured 1.42 ± 0.04: continuous;
    // the term itself is checked against independent computations in the replica package's tests)
    expect(j.psInstability.transition.method).toBe("monte-carlo");
    expect(j.psInstability.transition.standardError).toBeGreaterThan(0);
    expect(j.psInstability.transition.order).toBe("continuous");
    expect(j.transition).toBe("continuous (cubic term)");
    expect(j.converged).toBe(true);
    // consistency with the theory page's 1008-direction value 0.7685 ± 0.0026 (docs theory/replica-finite-k.md,
    // "The PS instability at K ≥ 5 by Monte Carlo"), within t₀.₉₉₅(7) = 3.5 combined errors (measured 0.7726 ± 0.0101)
    expect(Math.abs(j.alphaPSB - 0.7685)).toBeLessThan(3.5 * Math.hypot(j.alphaPSBError, 0.0026));
  }, 300_000);

  it("closed forms need no scan: erf at K = 2 (half-planes) and linear g at K = 4 are PS-stable up to alpha_c", () => {
    for (const [g, K] of [
      ["erf", "2"],
      ["linear", "4"],
    ]) {
      const j = JSON.parse(cli(["replica", "capacity", "--activation", g, "--K", K, "--json"]).stdout);
      expect(j.alphaPSB).toBeNull();
      expect(j.transition).toBe("none");
      expect(j.psInstability.method).toBe("closed-form");
      expect(j.psInstability.stableUpTo).toBe(j.alphaC);
      expect(j.converged).toBe(true);
    }
    // K ≥ 3 without the flag: not computed, and the summary says how to ask
    const plain = cli(["replica", "capacity", "--activation", "relu", "--K", "3"]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/alpha_PSB\s+– \(add --ps-instability/);
  });

  it("--ps-instability and --directions: usage errors name the flag and the allowed values", () => {
    for (const [args, msg] of [
      [["--K", "inf", "--ps-instability"], /--ps-instability applies at 2 ≤ K ≤ 12/],
      [["--K", "20", "--ps-instability"], /--ps-instability applies at 2 ≤ K ≤ 12/],
      [
        ["--K", "3", "--ps-instability", "--threshold", "learned"],
        /--ps-instability needs --threshold centred/,
      ],
      [["--K", "5", "--directions", "17"], /--directions: must be a multiple of 16/],
      [["--K", "5", "--directions", "0"], /--directions/],
    ] as const) {
      const r = cli(["replica", "capacity", ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
  });

  it("reports the sign committee's divergence as alphaC: null with divergent: true", () => {
    const j = JSON.parse(cli(["replica", "capacity", "--activation", "sign", "--json"]).stdout);
    expect(j.alphaC).toBeNull();
    expect(j.divergent).toBe(true);
  });

  it("gives Gardner's alpha_c = 2 for the K = 1 sign perceptron at zero margin", () => {
    const j = JSON.parse(cli(["replica", "capacity", "--activation", "sign", "--K", "1", "--json"]).stdout);
    expect(j.K).toBe(1);
    expect(j.alphaC).toBeCloseTo(2, 6);
  });

  it("accepts a formula from the safe grammar and rejects JavaScript", () => {
    const ok = cli(["replica", "capacity", "--activation", "tanh(2*x)", "--json"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).activation).toBe("tanh(2*x)");
    const dir = tempDir();
    const bad = cli(["replica", "capacity", "--activation", "x => process.exit(7)", "--out", "o"], {
      cwd: dir,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid --activation formula/);
    expect(listTree(dir)).toEqual([]);
  });

  it("rejects an unknown activation name, listing the built-ins, and writes nothing", () => {
    const dir = tempDir();
    const r = cli(["replica", "capacity", "--activation", "swish2", "--out", "o"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown activation "swish2".*relu/);
    expect(listTree(dir)).toEqual([]);
  });

  it("rejects a bad --K", () => {
    const r = cli(["replica", "capacity", "--K", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--K.*positive integer up to 100 or "inf"/);
  });
});

describe("meanfield replica sweep", () => {
  it("gives the phase and order parameters at every load, PS below alpha_PSB and PSB above", () => {
    const dir = tempDir();
    const r = cli(
      [
        "replica",
        "sweep",
        "--activation",
        "relu",
        "--points",
        "6",
        "--alpha-max",
        "4",
        "--out",
        "o",
        "--json",
      ],
      {
        cwd: dir,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.alphas).toHaveLength(6);
    for (const k of ["phase", "q", "fieldOverlap", "correlation", "freeEntropy"])
      expect(j[k]).toHaveLength(6);
    j.alphas.forEach((a: number, i: number) => {
      if (a < j.alphaPSB) expect(j.phase[i]).toBe("PS");
      else expect(j.phase[i]).toBe("PSB");
    });
    expect(listTree(join(dir, "o"))).toEqual([
      "entropy.png",
      "entropy.svg",
      "result.json",
      "sweep.csv",
      "sweep.png",
      "sweep.svg",
    ]);
    expect(
      readFileSync(join(dir, "o", "sweep.csv"), "utf8")
        .trim()
        .split("\n"),
    ).toHaveLength(7);
  });

  it("refuses a finite K before any work", () => {
    const r = cli(["replica", "sweep", "--K", "3"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--K must be "inf"/);
  });
});
