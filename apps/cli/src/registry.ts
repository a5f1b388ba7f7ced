import { dlnImplicitBias } from "./commands/dln-implicit-bias.js";
import { dlnSimulate } from "./commands/dln-simulate.js";
import { dmftCompare } from "./commands/dmft-compare.js";
import { dmftSolve } from "./commands/dmft-solve.js";
import { plot } from "./commands/plot.js";
import { replicaCapacity } from "./commands/replica-capacity.js";
import { replicaSweep } from "./commands/replica-sweep.js";
import { reproduce } from "./commands/reproduce.js";
import { sweep } from "./commands/sweep.js";
import { worker } from "./commands/worker.js";
import type { CommandSpec } from "./framework/command.js";
import { registerCommandLookup } from "./framework/command-lookup.js";

export interface CommandGroup {
  name: string;
  summary: string;
  commands: readonly CommandSpec[];
}

/** Every command, by group; a group of one command with the group's name is a top-level command. */
export const GROUPS: readonly CommandGroup[] = [
  {
    name: "dln",
    summary: "Diagonal linear networks: finite-size gradient-flow simulation and the implicit-bias limit.",
    commands: [dlnSimulate, dlnImplicitBias],
  },
  {
    name: "dmft",
    summary: "The DMFT effective process of DLN gradient flow, alone or against finite-size simulation.",
    commands: [dmftSolve, dmftCompare],
  },
  {
    name: "replica",
    summary: "Replica theory of the storage capacity of fully connected two-layer networks.",
    commands: [replicaCapacity, replicaSweep],
  },
  { name: "reproduce", summary: "Re-create the papers' figures and table.", commands: [reproduce] },
  {
    name: "sweep",
    summary: "Run one command over a grid of its options, resumable, into an SQLite store.",
    commands: [sweep],
  },
  {
    name: "plot",
    summary: "Figures from stored results (a sweep's store, a result.json), without recomputing.",
    commands: [plot],
  },
  {
    name: "worker",
    summary: "Compute sweep points from a Redis queue, on any number of machines.",
    commands: [worker],
  },
];

export const COMMANDS: readonly CommandSpec[] = GROUPS.flatMap((g) => g.commands);

export function findCommand(id: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.id === id);
}

registerCommandLookup(findCommand);
