/**
 * This tool's version (from its package.json), for `--version` and report headers.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's root directory (found upward from this module, built or not). */
export const PACKAGE_ROOT: string = (() => {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(directory, "package.json");
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, "utf8")) as { name?: string }).name === "pipes-conformance") return directory;
    const parent = dirname(directory);
    if (parent === directory) throw new Error("pipes-conformance: package.json not found");
    directory = parent;
  }
})();

/** The version of pipes-conformance. */
export const TOOL_VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
