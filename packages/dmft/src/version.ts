import { versions as dlnVersions } from "@meanfield/dln";
import { version } from "../package.json";

/** The @meanfield versions a DMFT result was computed with: linalg's, dln's and this package's (package.json). */
export function versions(): Record<string, string> {
  return { ...dlnVersions(), "@meanfield/dmft": version };
}
