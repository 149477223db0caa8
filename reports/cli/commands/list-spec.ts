/**
 * The `list` command's declaration as data: its options and help text, loaded without the
 * command's code (which is imported only when the command runs).
 */
import type { CommandSpec } from "../options.js";

/** The `list` command's declaration. */
export const LIST_COMMAND: CommandSpec = {
  name: "list",
  usage: "pipes-conformance list [--case GLOB] [--format text|json|markdown]",
  summary: "List the cases: ID, level (MUST/SHOULD/INFO), mode (observed/driven), needed capabilities and the rule each stands for.",
  options: [
    { name: "case", type: "string", multiple: true, placeholder: "GLOB", description: "Only cases whose ID matches." },
    { name: "format", type: "string", placeholder: "F", choices: ["text", "json", "markdown"], description: "Output format.", defaultText: "text" },
  ],
};
