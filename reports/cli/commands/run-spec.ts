/**
 * The `run` command's declaration as data: its options and help text, loaded without the
 * command's code (which is imported only when the command runs).
 */
import type { CommandSpec } from "../options.js";
import { CHANNELS, CONTEXT_FORMS, TRANSPORTS } from "../../../harness/bootstrap/launch-axes.js";
import { CONTEXT_OPTIONS } from "../context-option-specs.js";
import { SESSION_DEFAULTS } from "../../../harness/session-defaults.js";

/** The `run` command's declaration. */
export const RUN_COMMAND: CommandSpec = {
  name: "run",
  usage: "pipes-conformance run [options] -- <program> [args...]",
  summary: "Run a program once under a mock Dagster and show, live, what Dagster would show: logs, materializations and checks with resolved metadata, custom messages, the program's own output, every warning and every message Dagster would lose; then whether the step would succeed.",
  details:
    "Exit 0 when Dagster would mark the step successful, saw opened and closed, and lost nothing; 1 otherwise (a timeout, a signal and a missing opened included); 2 for usage errors and a command that does not exist.",
  argv: "required",
  options: [
    ...CONTEXT_OPTIONS,
    { name: "transport", type: "string", placeholder: "T", choices: TRANSPORTS, description: "How the bootstrap params reach the program: environment variables or CLI arguments.", defaultText: "env" },
    { name: "context-form", type: "string", placeholder: "F", choices: CONTEXT_FORMS, description: "Context in a temp file (path) or inline (data).", defaultText: "path" },
    { name: "channel", type: "string", placeholder: "C", choices: CHANNELS, description: "Message channel.", defaultText: "file" },
    { name: "include-stdio", type: "boolean", description: "Set include_stdio_in_messages (file channel only): the program forwards its stdout/stderr as log_external_stream messages." },
    { name: "timeout", type: "string", placeholder: "SECONDS", description: "End the program's whole process group after this long.", defaultText: "60" },
    { name: "kill-grace", type: "string", placeholder: "SECONDS", description: "Between SIGTERM and SIGKILL on timeout.", defaultText: "2" },
    { name: "cwd", type: "string", placeholder: "DIR", description: "Working directory of the program.", defaultText: "the current directory" },
    { name: "env", type: "string", multiple: true, placeholder: "NAME=VALUE", description: "Add a variable to the program's environment (the bootstrap variables still win)." },
    { name: "max-line-bytes", type: "string", placeholder: "N", description: "Longest message line judged; a longer line is reported as oversize, not judged.", defaultText: String(SESSION_DEFAULTS.maxLineBytes) },
    { name: "json", type: "boolean", description: "Print the session record as JSON on stdout instead of the live view (every count, and the first lines and results: up to 10,000, or 64 KiB of message text)." },
  ],
};
