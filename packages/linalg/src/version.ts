import { version } from "../package.json";

/**
 * The versions of the @meanfield packages a result was computed with: here @meanfield/linalg's own
 * (read from its package.json at build time). Each package's `versions()` adds its own entry to those
 * of the packages it computes through, and its results carry the record (`result.versions`).
 */
export function versions(): Record<string, string> {
  return { "@meanfield/linalg": version };
}
