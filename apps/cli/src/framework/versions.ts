import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

const PACKAGES = [
  "@meanfield/linalg",
  "@meanfield/plot",
  "@meanfield/dln",
  "@meanfield/dmft",
  "@meanfield/replica",
] as const;

let cached: Record<string, string> | undefined;

/** The CLI's own version (apps/cli/package.json, one level above dist/). */
export function cliVersion(): string {
  try {
    return (require("../package.json") as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** The @meanfield entries of a versions record (Node's own version may differ between machines). */
export function meanfieldVersions(v: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (k.startsWith("@meanfield/")) out[k] = x;
  return out;
}

/** Versions of the CLI, every @meanfield package and Node, recorded in every result. */
export function packageVersions(): Record<string, string> {
  if (cached) return cached;
  const out: Record<string, string> = { "@meanfield/cli": cliVersion() };
  for (const name of PACKAGES) {
    try {
      out[name] = (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      out[name] = "unavailable";
    }
  }
  out.node = process.versions.node;
  cached = out;
  return out;
}
