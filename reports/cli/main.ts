/**
 * The `pipes-conformance` command: a thin layer over the programmatic API. It parses arguments
 * (declared as data in each command), runs the command, and turns every outcome into one of the
 * documented exit codes; a user's mistake is one line on stderr, never a stack trace.
 */
import { EXIT, EXIT_CODE_MEANINGS, SIGNAL_EXIT_CODES, UsageError, type ExitCode } from "../exit-codes.js";
import { COMMANDS, findCommand } from "./commands/registry.js";
import { processIo, type CliIo } from "./io.js";
import { parseCommandLine, renderHelp, renderOptionList } from "./options.js";
import { cleanUpAfterKilledRuns, handleInterruptions, handleUncaughtErrors, launchesPrograms, sweepOwnProcesses } from "./process-lifecycle.js";
import { TOOL_VERSION } from "../tool-version.js";

/** Where to report internal errors. */
export const BUG_REPORT_SENTENCE =
  "This is a bug in pipes-conformance, not in the program under test: please report it with the command line and this message (set PIPES_CONFORMANCE_DEBUG=1 for a stack trace).";

function overview(): string {
  const lines = [
    "Usage: pipes-conformance [options] -- <program> [args...]   run the conformance suite",
    "       pipes-conformance <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.filter((command) => command.spec.name !== "").map((command) => `  ${command.spec.name.padEnd(10)}${command.spec.summary.split(". ")[0]!.replace(/\.$/, "")}.`),
    "",
    "Run `pipes-conformance <command> --help` for a command's options (`--help-suite`: the suite's alone, with its details).",
    "",
    "Suite options (pipes-conformance [options] -- <program>):",
    renderOptionList(findCommand("")!.spec),
    "",
    "Exit codes:",
    ...Object.entries(EXIT_CODE_MEANINGS).map(([code, meaning]) => `  ${code}  ${meaning}`),
  ];
  return lines.join("\n");
}

/** Runs the CLI with `args` (without node and script) and returns the exit code. */
export async function main(args: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    const first = args[0];
    if (first === "--version" || first === "-v") {
      io.stdout(`${TOOL_VERSION}\n`);
      return EXIT.OK;
    }
    if (first === undefined || first === "--help" || first === "-h" || first === "help") {
      const topic = first === "help" ? args[1] : undefined;
      const command = topic === undefined ? undefined : findCommand(topic);
      if (topic !== undefined && command === undefined) throw new UsageError(`unknown command "${topic}"`);
      io.stdout(`${command === undefined ? overview() : renderHelp(command.spec)}\n`);
      return first === undefined ? EXIT.USAGE : EXIT.OK;
    }
    if (first === "--help-suite") {
      io.stdout(`${renderHelp(findCommand("")!.spec)}\n`);
      return EXIT.OK;
    }
    const named = first.startsWith("-") ? undefined : findCommand(first);
    if (named === undefined && !first.startsWith("-")) {
      throw new UsageError(`unknown command "${first}" (commands: ${COMMANDS.map((command) => command.spec.name).filter(Boolean).join(", ")}; the suite takes its program after --)`);
    }
    const command = named ?? findCommand("")!;
    const rest = named === undefined ? args : args.slice(1);
    const parsed = parseCommandLine(command.spec, rest);
    if (parsed.values.help === true) {
      io.stdout(`${renderHelp(command.spec)}\n`);
      return EXIT.OK;
    }
    return await command.run(parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`pipes-conformance: ${error.message}\n`);
      return EXIT.USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`pipes-conformance: internal error: ${message.split("\n")[0]}\n${BUG_REPORT_SENTENCE}\n`);
    if (io.env.PIPES_CONFORMANCE_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT.INTERNAL;
  }
}

/**
 * The process entry point: real streams, exit code set. SIGINT, SIGTERM and SIGHUP end the
 * running programs and stop the run (exit 130, 143, 129; a second signal forces it); before a run
 * starts programs, what an earlier run killed by SIGKILL left is cleaned up; on every way out,
 * whatever the run started is swept.
 */
export async function entry(): Promise<void> {
  handleUncaughtErrors((error) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`pipes-conformance: internal error: ${message.split("\n")[0]}\n${BUG_REPORT_SENTENCE}\n`);
    if (process.env.PIPES_CONFORMANCE_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  });
  const interruption = handleInterruptions((text) => process.stderr.write(text));
  const args = process.argv.slice(2);
  const launches = launchesPrograms(args);
  if (launches) {
    const notice = await cleanUpAfterKilledRuns();
    if (notice !== undefined) process.stderr.write(`pipes-conformance: ${notice}\n`);
  }
  const code = await main(args, processIo(interruption.signal));
  if (launches) await sweepOwnProcesses();
  const signal = interruption.received();
  process.exitCode = signal === undefined ? code : SIGNAL_EXIT_CODES[signal];
}
