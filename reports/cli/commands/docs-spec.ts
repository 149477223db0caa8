/**
 * The `docs` command's declaration as data: its options and help text, loaded without the
 * command's code (which is imported only when the command runs).
 */
import type { CommandSpec } from "../options.js";

/** The `docs` command's declaration. */
export const DOCS_COMMAND: CommandSpec = {
  name: "docs",
  usage: "pipes-conformance docs",
  summary: "Print the command-line reference (every command and option, the exit codes) as Markdown.",
  options: [],
};
