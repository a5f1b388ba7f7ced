// Shared by the reference generators (reference-curves.mjs, long-time-reference.mjs): the committed JSON file is read
// back so that settings can be (re)computed one at a time, and rewritten atomically after each.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** The existing reference file at `out`, or a fresh one with `init`'s fields. */
export function loadReference(out, init) {
  try {
    return JSON.parse(readFileSync(out, "utf8"));
  } catch {
    return { ...init, settings: {} }; // first run
  }
}

/** JSON with one level of indentation per object, and every array of numbers on one line. */
export function formatReference(data) {
  return `${JSON.stringify(data, null, 1).replace(/\[[\s\d.eE+,-]*\]/g, (a) => a.replace(/\s+/g, ""))}\n`;
}

/** Writes `data` to `out` atomically (temporary file, then rename). */
export function writeReference(out, data) {
  writeFileSync(`${out}.tmp`, formatReference(data));
  renameSync(`${out}.tmp`, out);
}

/** The version of @meanfield/dln whose simulation made the numbers. */
export const dlnVersion = JSON.parse(readFileSync(join(here, "../../dln/package.json"), "utf8")).version;
