import { defineCommand } from "../framework/command.js";
import { RuntimeFailure } from "../framework/errors.js";
import { activationOption, kOption, marginOption } from "./replica-options.js";

export const replicaCapacity = defineCommand({
  id: "replica capacity",
  summary: "(arriving)",
  options: [activationOption, kOption, marginOption],
  output: [],
  async run() {
    throw new RuntimeFailure("not available yet");
  },
});
