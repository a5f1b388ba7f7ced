import type { CommandSpec } from "./command.js";

/**
 * The command registry as seen from framework/ and the commands (which may not import registry.ts):
 * registry.ts registers its lookup when it loads, on the main thread and on every worker.
 */
let lookup: ((id: string) => CommandSpec | undefined) | undefined;

export function registerCommandLookup(find: (id: string) => CommandSpec | undefined): void {
  lookup = find;
}

export function lookupCommand(id: string): CommandSpec | undefined {
  if (!lookup) throw new Error("the command registry is not loaded");
  return lookup(id);
}
