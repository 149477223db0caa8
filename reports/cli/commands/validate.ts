/**
 * `pipes-conformance validate FILE`: validates a saved transcript offline, a messages file by
 * default or captured stdout/stderr with `--stream`, at the dagster level (MUST) by default or the
 * reference level (SHOULD), printing each problem with its line number as it is found (at most
 * {@link PROBLEMS_SHOWN_PER_CODE} of each code, then a count). It stops when interrupted, and
 * refuses a device that may never end; a FIFO is read until its writer closes it.
 */
import { resolve } from "node:path";
import { formatProblem, TranscriptInterrupted, TranscriptNotAFile, validateTranscript, type TranscriptValidation } from "../../../schemas/validate-transcript.js";
import { EXIT, UsageError, type ExitCode } from "../../exit-codes.js";
import { stdoutStyle, type CliIo } from "../io.js";
import { stringOption, type ParsedCommandLine } from "../options.js";

/** The command's declaration (in validate-spec.ts, loaded without this module). */
export { VALIDATE_COMMAND } from "./validate-spec.js";

/** Problems printed per code; the rest are counted in one line per code. */
export const PROBLEMS_SHOWN_PER_CODE = 100;

/** Runs the `validate` command. */
export async function validateCommand(parsed: ParsedCommandLine, io: CliIo): Promise<ExitCode> {
  const file = parsed.positionals[0]!;
  const level = (stringOption(parsed.values, "level") ?? "dagster") as "dagster" | "reference";
  const showOutput = parsed.values["show-output"] === true;
  const style = stdoutStyle(io, parsed.values["no-color"] === true);
  let result: TranscriptValidation;
  try {
    result = await validateTranscript(resolve(io.cwd, file), {
      level,
      stream: parsed.values.stream === true,
      retain: false,
      maxProblemsPerCode: PROBLEMS_SHOWN_PER_CODE,
      signal: io.signal,
      onProblem: (problem) => {
        if (problem.code === "I_PROGRAM_OUTPUT" && !showOutput) return;
        const text = formatProblem(file, problem);
        io.stdout(`${problem.level === "dagster" ? style.red(text) : problem.level === "reference" ? style.yellow(text) : style.dim(text)}\n`);
      },
    });
  } catch (error) {
    if (error instanceof TranscriptNotAFile) throw new UsageError(`${file} is ${error.kind}, not a transcript file: it may never end (save the transcript to a file first)`);
    if (error instanceof TranscriptInterrupted) {
      printSummary(error.partial, file, level, showOutput, parsed.values.stream === true, io);
      io.stderr(`pipes-conformance: validate: interrupted after ${error.partial.counts.lines} line(s) of ${file}\n`);
      // The process exits with the signal's code (entry); in-process callers see a failed check.
      return EXIT.FAILURES;
    }
    // Only the file's own failures are the user's; anything else is ours (exit 3).
    const code = (error as NodeJS.ErrnoException).code;
    if ((error as NodeJS.ErrnoException).syscall !== undefined && code !== undefined) throw new UsageError(`cannot read ${file} (${code})`);
    throw error;
  }
  printSummary(result, file, level, showOutput, parsed.values.stream === true, io);
  if (result.exitCode === EXIT.NOTHING_RAN) io.stdout(`${file}: no protocol message found\n`);
  return result.exitCode;
}

/** The per-code counts of problems not shown, then the totals line. */
function printSummary(result: TranscriptValidation, file: string, level: string, showOutput: boolean, stream: boolean, io: CliIo): void {
  const counts = result.counts;
  for (const [code, count] of Object.entries(counts.unreportedByCode)) {
    if (code === "I_PROGRAM_OUTPUT" && !showOutput) continue;
    io.stdout(`${file}: … and ${count.toLocaleString("en-US")} more ${code}\n`);
  }
  const byLevel = counts.problemsByLevel;
  const output = stream ? `, ${counts.outputLines} line(s) of program output` : "";
  io.stdout(
    `${file}: ${counts.protocolMessages} protocol message(s) in ${counts.lines} line(s)${output}; ${byLevel.dagster} dagster-level, ${level === "reference" ? `${byLevel.reference} reference-level, ` : ""}${byLevel.info - (showOutput ? 0 : counts.outputLines)} info problem(s)\n`,
  );
}
