import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "release",
    include: ["*.test.ts"],
    environment: "node",
    testTimeout: 300000,
    hookTimeout: 300000,
  },
});
