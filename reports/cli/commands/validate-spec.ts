/**
 * The `validate` command's declaration as data: its options and help text, loaded without the
 * command's code (which is imported only when the command runs).
 */
import type { CommandSpec } from "../options.js";

/** The `validate` command's declaration. */
export const VALIDATE_COMMAND: CommandSpec = {
  name: "validate",
  usage: "pipes-conformance validate FILE [--level dagster|reference] [--stream]",
  summary: "Validate a saved transcript offline: every message against the schemas and number checks of a level, every line's framing.",
  details:
    "Exit 1 if any message breaks the chosen level, 4 if the file holds no protocol message, 0 otherwise. In a messages file every line must be a protocol message (a blank line is a framing failure); with --stream the file is captured stdout/stderr and other lines are the program's own output.",
  positionals: { name: "FILE", description: "the transcript", min: 1, max: 1 },
  options: [
    { name: "level", type: "string", placeholder: "L", choices: ["dagster", "reference"], description: "dagster: what Dagster accepts (MUST); reference: also what the reference writes (SHOULD).", defaultText: "dagster" },
    { name: "stream", type: "boolean", description: "FILE is captured stdout/stderr, not a messages file." },
    { name: "show-output", type: "boolean", description: "With --stream, also list the lines that are the program's own output." },
  ],
};
