/**
 * The names `--reporter` and `--output NAME=FILE` accept, declared apart from the reporters
 * themselves so that the CLI's option declarations can list them without loading any reporter
 * (registry.ts checks that both lists agree).
 */

/** The names `--reporter` accepts, in the order help lists them. */
export const REPORTER_NAMES: readonly string[] = ["console", "json", "junit", "github", "markdown"];
