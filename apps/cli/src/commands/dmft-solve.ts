import { defineCommand } from "../framework/command.js";
import { RuntimeFailure } from "../framework/errors.js";
import {
  alphaOption,
  deltaOption,
  pointsOption,
  priorOption,
  rhoOption,
  sigmaOption,
  tMaxOption,
  tMinOption,
} from "./dln-options.js";
import { dampingOption, maxIterationsOption, samplesOption, tolOption } from "./dmft-options.js";

export const dmftSolve = defineCommand({
  id: "dmft solve",
  summary: "(arriving)",
  options: [
    deltaOption,
    rhoOption,
    sigmaOption,
    alphaOption,
    tMaxOption,
    tMinOption,
    pointsOption,
    priorOption,
    samplesOption,
    maxIterationsOption,
    tolOption,
    dampingOption,
  ],
  output: [],
  async run() {
    throw new RuntimeFailure("not available yet");
  },
});
