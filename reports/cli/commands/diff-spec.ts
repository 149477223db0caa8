/**
 * The `diff` command's declaration as data: its options and help text, loaded without the
 * command's code (which is imported only when the command runs).
 */
import type { CommandSpec } from "../options.js";
import { DIFF_FORMATS } from "../../diff-formats.js";

/** The `diff` command's declaration. */
export const DIFF_COMMAND: CommandSpec = {
  name: "diff",
  usage: "pipes-conformance diff OLD.json NEW.json [--format console|markdown|json]",
  summary: "Compare two JSON reports case by case: newly failing, failing for another reason, timeouts and errors, newly warning or skipped, newly passing, resolved, level changes, added and removed cases.",
  details:
    "Results are aligned by ID; a case whose generated variants differ between the reports is compared as one group (its worst verdict). Works across tool and protocol versions (both are printed). Exit 1 when something newly fails or fails for another reason, or when a report is incomplete (interrupted, cases not run), else 0; 2 for an unreadable report.",
  positionals: { name: "OLD.json NEW.json", description: "The two reports.", min: 2, max: 2 },
  options: [{ name: "format", type: "string", placeholder: "F", choices: DIFF_FORMATS, description: "Output format.", defaultText: "console" }],
};
