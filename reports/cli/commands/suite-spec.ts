/**
 * The suite's (the default command's) declaration as data: its options and help text, loaded without the
 * command's code (which is imported only when the command runs).
 */
import type { CommandSpec } from "../options.js";
import { CHANNELS, CONTEXT_FORMS, TRANSPORTS } from "../../../harness/bootstrap/launch-axes.js";
import { CONTEXT_OPTIONS } from "../context-option-specs.js";
import { FEATURES } from "../../../suites/model/case.js";
import { GENERATED_DIMENSIONS } from "../../../suites/generators/generated-dimensions.js";
import { REPORTER_NAMES } from "../../reporters/reporter-names.js";
import { SESSION_DEFAULTS } from "../../../harness/session-defaults.js";

/** The suite's declaration (the default command). */
export const SUITE_COMMAND: CommandSpec = {
  name: "",
  usage: "pipes-conformance [options] -- <program> [args...]",
  summary: "Run the conformance suite against a program (a Pipes driver, or any program in observed mode) and judge what Dagster would accept (MUST) and how faithful it is to the reference (SHOULD).",
  details: "Capabilities default to what Dagster's PipesSubprocessClient uses: env transport, path context, file channel, observed mode. Cases needing more are skipped with the reason.",
  argv: "required",
  options: [
    { name: "driven", type: "boolean", description: "The program is a driver (docs/DRIVERS.md): run the driven cases." },
    { name: "transports", type: "string", placeholder: "LIST", description: `Transports the program supports (${TRANSPORTS.join(", ")}).`, defaultText: "env" },
    { name: "context-forms", type: "string", placeholder: "LIST", description: `Context forms it supports (${CONTEXT_FORMS.join(", ")}).`, defaultText: "path" },
    { name: "channels", type: "string", placeholder: "LIST", description: `Channels it supports (${CHANNELS.join(", ")}).`, defaultText: "file" },
    { name: "all", type: "boolean", description: "Every transport, context form and channel." },
    { name: "without", type: "string", placeholder: "LIST", description: `Features the library lacks (${FEATURES.join(", ")}).` },
    { name: "config", type: "string", placeholder: "FILE", description: "Capabilities and settings as JSON.", defaultText: "./pipes-conformance.config.json when present" },
    { name: "on-transport", type: "string", placeholder: "T", choices: TRANSPORTS, description: "Run the cases that test no particular transport on this one.", defaultText: "the first declared" },
    { name: "on-context-form", type: "string", placeholder: "F", choices: CONTEXT_FORMS, description: "Likewise for the context form.", defaultText: "the first declared" },
    { name: "on-channel", type: "string", placeholder: "C", choices: CHANNELS, description: "Likewise for the channel.", defaultText: "the first declared" },
    { name: "case", type: "string", multiple: true, placeholder: "GLOB", description: "Run only cases whose ID matches (`*` wildcard; a bare ID names all its variants)." },
    { name: "exclude", type: "string", multiple: true, placeholder: "GLOB", description: "Do not run cases whose ID matches." },
    ...CONTEXT_OPTIONS.map((option) => ({ ...option, description: `Program context: ${option.description}` })),
    { name: "generate", type: "string", placeholder: "LIST", description: `What generated contexts vary around the program's own (${GENERATED_DIMENSIONS.join(", ")}); run id, job name and retry number always vary.`, defaultText: "extras, and partitions where the context is partitioned (driven cases vary everything)" },
    { name: "seed", type: "string", placeholder: "N|random", description: "fast-check seed of generated contexts and actions; `random` explores a new one (printed).", defaultText: "fixed for this version (two runs give the same verdicts)" },
    { name: "runs", type: "string", placeholder: "N", description: "Generated inputs per generated case.", defaultText: "3" },
    { name: "explore", type: "string", placeholder: "N", description: "Explore: a random seed and N generated inputs per generated case (nightly jobs)." },
    { name: "path", type: "string", placeholder: "PATH", description: "Replay one generated input (a fast-check path; needs --seed)." },
    { name: "shard", type: "string", placeholder: "I/N", description: "Run shard I of N (deterministic split by case ID)." },
    { name: "concurrency", type: "string", placeholder: "N", description: "Cases at once.", defaultText: "the number of CPUs" },
    { name: "timeout", type: "string", placeholder: "SECONDS", description: "Per-case timeout; the case's process group is ended after it.", defaultText: "60" },
    { name: "kill-grace", type: "string", placeholder: "SECONDS", description: "Between SIGTERM and SIGKILL on timeout.", defaultText: "2" },
    { name: "max-line-bytes", type: "string", placeholder: "N", description: "Longest message line judged; a longer line is recorded as INFO (I_LINE_TOO_LONG), not judged.", defaultText: String(SESSION_DEFAULTS.maxLineBytes) },
    { name: "trace-writes", type: "string", placeholder: "MODE", choices: ["auto", "on", "off"], description: "Trace the target with strace (Linux): its write calls, to see exactly whether a message line is written in pieces and when, in the include-stdio case its output, to place it against opened and closed, and in the standalone file case the files it creates, to tell them from other processes' files: auto when strace works, on requires it, off never.", defaultText: "auto" },
    { name: "strict", type: "boolean", description: "SHOULD warnings fail the run." },
    { name: "fail-fast", type: "boolean", description: "Stop starting cases after the first failure." },
    { name: "max-fail", type: "string", placeholder: "N", description: "Stop starting cases after N failures." },
    { name: "max-timeouts", type: "string", placeholder: "N", description: "Stop after N case timeouts in a row (the target hangs): the rest is not run; 0 never stops.", defaultText: "3" },
    { name: "verbose", type: "boolean", description: "Print every case's details and every finding, not only one block per root cause." },
    { name: "reporter", type: "string", multiple: true, placeholder: "NAME", choices: REPORTER_NAMES, description: "Reporter(s) to use.", defaultText: "console" },
    { name: "output", type: "string", multiple: true, placeholder: "NAME=FILE", description: "Also write a reporter's output to a file (e.g. junit=report.xml); the console stays on unless --reporter is given." },
    { name: "expected-failures", type: "string", placeholder: "FILE", description: "Baseline of known failures: listed failures are tolerated, new ones and stale entries fail." },
    { name: "update-baseline", type: "boolean", description: "Write the --expected-failures file from this run's failures." },
    { name: "cwd", type: "string", placeholder: "DIR", description: "Working directory of the program.", defaultText: "the current directory" },
    { name: "env", type: "string", multiple: true, placeholder: "NAME=VALUE", description: "Add a variable to the program's environment." },
  ],
};
