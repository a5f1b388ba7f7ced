import { defineProject } from "vitest/config";

// The browser test serves the built site (docs/.vitepress/dist), so `pnpm build` must run first.
export default defineProject({
  test: {
    name: "docs",
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 60000,
    hookTimeout: 60000,
  },
});
