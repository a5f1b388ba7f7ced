import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { versions } from "../src/index.js";

const own = (pkg: string) =>
  (
    JSON.parse(readFileSync(new URL(`../../${pkg}/package.json`, import.meta.url), "utf8")) as {
      version: string;
    }
  ).version;

describe("versions()", () => {
  it("is this package's version, as its package.json states it", () => {
    expect(versions()).toEqual({ "@meanfield/linalg": own("linalg") });
  });
});
