#!/usr/bin/env node
import { isMainThread } from "node:worker_threads";
import { EXIT_FAILURE, EXIT_USAGE, internalMessage, shown, UsageError } from "./framework/errors.js";
import { commandHelp, groupHelp, rootHelp } from "./framework/help.js";
import { parseCommand } from "./framework/parse.js";
import { execute, workerMain } from "./framework/runner.js";
import { cliVersion } from "./framework/versions.js";
import { findCommand, GROUPS } from "./registry.js";

const isHelp = (a: string | undefined) => a === "--help" || a === "-h" || a === "help";

async function main(args: string[]): Promise<number> {
  // "meanfield help dln simulate" is "meanfield dln simulate --help".
  const argv = args[0] === "help" && args.length > 1 ? [...args.slice(1), "--help"] : args;
  const [first, second] = argv;
  if (first === undefined || isHelp(first)) {
    process.stdout.write(rootHelp(GROUPS, cliVersion()));
    return 0;
  }
  if (first === "--version" || first === "-V") {
    process.stdout.write(`${cliVersion()}\n`);
    return 0;
  }
  const group = GROUPS.find((g) => g.name === first);
  if (!group) {
    process.stderr.write(
      `meanfield: unknown command ${shown(first)} (commands: ${GROUPS.map((g) => g.name).join(", ")}); run 'meanfield --help'\n`,
    );
    return EXIT_USAGE;
  }
  let id: string;
  let rest: string[];
  if (group.commands.length === 1 && group.commands[0]?.id === group.name) {
    id = group.name;
    rest = argv.slice(1);
  } else {
    if (second === undefined || isHelp(second)) {
      const text = groupHelp(group.name, group.commands, group.summary);
      if (second === undefined) {
        process.stderr.write(text);
        return EXIT_USAGE;
      }
      process.stdout.write(text);
      return 0;
    }
    id = `${group.name} ${second}`;
    rest = argv.slice(2);
  }
  const cmd = findCommand(id);
  if (!cmd) {
    const names = group.commands.map((c) => c.id.split(" ")[1]).join(", ");
    process.stderr.write(`meanfield ${group.name}: unknown command ${shown(second)} (commands: ${names})\n`);
    return EXIT_USAGE;
  }
  try {
    const parsed = parseCommand(cmd, rest);
    if (parsed.help) {
      process.stdout.write(commandHelp(cmd));
      return 0;
    }
    return await execute(cmd, parsed.params);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(
        `meanfield ${cmd.id}: error: ${e.message}\nRun 'meanfield ${cmd.id} --help' for the allowed options.\n`,
      );
      return EXIT_USAGE;
    }
    process.stderr.write(`meanfield ${cmd.id}: error: ${internalMessage(e)}\n`);
    return EXIT_FAILURE;
  }
}

if (isMainThread) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`meanfield: internal error: ${internalMessage(e)}\n`);
      process.exitCode = EXIT_FAILURE;
    },
  );
} else {
  void workerMain(findCommand);
}
