import { defineCommand } from "../framework/command.js";
import { RuntimeFailure } from "../framework/errors.js";

export const dmftCompare = defineCommand({
  id: "dmft compare",
  summary: "(arriving)",
  options: [],
  output: [],
  async run() {
    throw new RuntimeFailure("not available yet");
  },
});
