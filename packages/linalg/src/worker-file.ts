import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The path of a package's built worker entry: the first of `candidates` (paths relative to
 * `moduleUrl`, the caller's `import.meta.url`: next to the module in dist/, then ../dist/ when the
 * caller runs from src/) that exists, or undefined where none does or the URL is unusable (the
 * caller then runs serially or says the package must be built).
 */
export function locateWorkerFile(moduleUrl: string, candidates: readonly string[]): string | undefined {
  for (const rel of candidates) {
    try {
      const path = fileURLToPath(new URL(rel, moduleUrl));
      if (existsSync(path)) return path;
    } catch {
      // an unusable module URL: try the next candidate
    }
  }
  return undefined;
}
