import { versions as linalgVersions } from "@meanfield/linalg";
import { version } from "../package.json";

/** The @meanfield versions a replica result was computed with: linalg's and this package's (package.json). */
export function versions(): Record<string, string> {
  return { ...linalgVersions(), "@meanfield/replica": version };
}
