import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  alphaPSB,
  satExperiment,
  solveSaddlePoint,
  storageCapacity,
  sweepAlpha,
  versions,
} from "../src/index.js";

const own = (pkg: string) =>
  (
    JSON.parse(readFileSync(new URL(`../../${pkg}/package.json`, import.meta.url), "utf8")) as {
      version: string;
    }
  ).version;

describe("replica results carry the package versions they were computed with", () => {
  const expected = { "@meanfield/linalg": own("linalg"), "@meanfield/replica": own("replica") };
  it("versions() is linalg's and replica's package.json versions", () => {
    expect(versions()).toEqual(expected);
  });
  it("capacity, α_PSB, saddle points, sweeps and SAT experiments carry them", async () => {
    expect(storageCapacity({ activation: "relu" }).versions).toEqual(expected);
    expect(storageCapacity({ activation: "relu", K: 1 }).versions).toEqual(expected);
    expect(alphaPSB({ activation: "relu" }).versions).toEqual(expected);
    expect(solveSaddlePoint({ activation: "relu", alpha: 3 }).versions).toEqual(expected);
    expect(sweepAlpha({ activation: "relu", alphas: [1, 2] }).versions).toEqual(expected);
    const exp = await satExperiment({
      activation: "relu",
      N: 10,
      K: 1,
      alphas: [0.5],
      instances: 2,
      seed: 1,
      workers: 1,
    });
    expect(exp.versions).toEqual(expected);
  });
});
