/**
 * `pipes-conformance merge a.json b.json ... > all.json`: rebuilds one report from the reports of
 * the shards of one run (`--shard I/N` in a CI matrix), as the unsharded run would have written it.
 */
import { resolve } from "node:path";
import { writeFileAtomically } from "../../atomic-file.js";
import { EXIT, UsageError, type ExitCode } from "../../exit-codes.js";
import { mergeReports } from "../../merge.js";
import { readReport } from "../../report-file.js";
import { formatJsonReport } from "../../reporters/json-reporter.js";
import type { CliIo } from "../io.js";
import { stringOption, type ParsedCommandLine } from "../options.js";

/** The command's declaration (in merge-spec.ts, loaded without this module). */
export { MERGE_COMMAND } from "./merge-spec.js";

/** Runs the `merge` command. */
export async function mergeCommand(parsed: ParsedCommandLine, io: CliIo): Promise<ExitCode> {
  const inputs = parsed.positionals.map((file) => ({ file, report: readReport(resolve(io.cwd, file), file) }));
  const { report, notes } = mergeReports(inputs);
  for (const note of notes) io.stderr(`pipes-conformance: merge: ${note}\n`);
  const output = stringOption(parsed.values, "output");
  if (output === undefined) {
    io.stdout(formatJsonReport(report));
    return EXIT.OK;
  }
  try {
    // Atomically: a failed write leaves the previous file, never a truncated one.
    writeFileAtomically(resolve(io.cwd, output), formatJsonReport(report));
  } catch (error) {
    throw new UsageError(`--output: cannot write ${output} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return EXIT.OK;
}
