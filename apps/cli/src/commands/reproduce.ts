import { defineCommand } from "../framework/command.js";
import { RuntimeFailure } from "../framework/errors.js";

export const reproduce = defineCommand({
  id: "reproduce",
  summary: "(arriving)",
  options: [],
  output: [],
  async run() {
    throw new RuntimeFailure("not available yet");
  },
});
