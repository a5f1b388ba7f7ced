import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { simulateGradientDescent, simulateGradientFlow, simulateSeeds, versions } from "../src/index.js";

const own = (pkg: string) =>
  (
    JSON.parse(readFileSync(new URL(`../../${pkg}/package.json`, import.meta.url), "utf8")) as {
      version: string;
    }
  ).version;

describe("results carry the package versions they were computed with", () => {
  const expected = { "@meanfield/linalg": own("linalg"), "@meanfield/dln": own("dln") };
  const params = { d: 30, n: 15, rho: 0.2, alpha: 1, T: 2, seed: 1 };
  it("versions() is linalg's and dln's package.json versions", () => {
    expect(versions()).toEqual(expected);
  });
  it("gradient flow, gradient descent and many seeds (on worker threads) carry them", async () => {
    expect(simulateGradientFlow(params).versions).toEqual(expected);
    expect(simulateGradientDescent(params, { learningRate: 0.1 }).versions).toEqual(expected);
    const many = await simulateSeeds(params, { seeds: 2, workers: 2 });
    expect(many.versions).toEqual(expected);
    for (const run of many.runs) expect(run.versions).toEqual(expected);
  });
});
