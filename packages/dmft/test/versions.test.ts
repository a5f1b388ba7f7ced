import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { solveDmft, versions } from "../src/index.js";

const own = (pkg: string) =>
  (
    JSON.parse(readFileSync(new URL(`../../${pkg}/package.json`, import.meta.url), "utf8")) as {
      version: string;
    }
  ).version;

describe("DMFT results carry the package versions they were computed with", () => {
  it("versions() and a solve's result give linalg's, dln's and dmft's package.json versions", () => {
    const expected = {
      "@meanfield/linalg": own("linalg"),
      "@meanfield/dln": own("dln"),
      "@meanfield/dmft": own("dmft"),
    };
    expect(versions()).toEqual(expected);
    const r = solveDmft(
      { alpha: 1, delta: 0.5, rho: 0.1, sigma: 0, T: 1 },
      { gridPoints: 10, samples: 200, replicas: 2, allowNonConverged: true },
    );
    expect(r.versions).toEqual(expected);
  });
});
