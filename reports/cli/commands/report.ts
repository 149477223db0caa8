/**
 * `pipes-conformance report FILE --reporter NAME [--output NAME=FILE]`: re-renders a saved JSON
 * report through any reporter, as if the run were happening now (run start with the plan the
 * results imply, each case's end, run end). Exit 0, or 2 when the file is not a readable report:
 * judging is the suite's job, re-rendering only shows.
 */
import { resolve } from "node:path";
import { listCases } from "../../../suites/api.js";
import { isNotJudged, type CaseResult, type PlannedCase } from "../../../suites/model/report.js";
import { EXIT, UsageError, type ExitCode } from "../../exit-codes.js";
import { readReport } from "../../report-file.js";
import type { CliIo } from "../io.js";
import { closeStreams, combineReporters, openReporters } from "../reporter-outputs.js";
import type { ParsedCommandLine } from "../options.js";

/** The command's declaration (in report-spec.ts, loaded without this module). */
export { REPORT_COMMAND } from "./report-spec.js";

/** The planned case a result implies (capabilities from the catalogue when it knows the case). */
export function plannedFromResult(result: CaseResult): PlannedCase {
  const definition = listCases().find((entry) => entry.id === result.caseId);
  return {
    id: result.id,
    caseId: result.caseId,
    ...(result.variant === undefined ? {} : { variant: result.variant }),
    title: result.title,
    area: result.area,
    level: result.level,
    mode: result.mode,
    needs: definition?.needs ?? [],
    // A case that ran with nothing to judge was planned to run: only a planned skip is one here.
    ...(result.verdict === "skip" && !isNotJudged(result) ? { skip: result.message ?? "skipped" } : {}),
  };
}

/** Runs the `report` command. */
export async function reportCommand(parsed: ParsedCommandLine, io: CliIo): Promise<ExitCode> {
  const file = parsed.positionals[0]!;
  const report = readReport(resolve(io.cwd, file), file);
  const { reporters, streams } = openReporters(parsed.values, io, report.header.strict);
  const hooks = combineReporters(reporters);
  try {
    await hooks.onRunStart?.(report.header, report.results.map(plannedFromResult));
    for (const result of report.results) await hooks.onCaseEnd?.(result);
    await hooks.onRunEnd?.(report);
  } finally {
    await closeStreams(streams).catch((error: unknown) => {
      throw new UsageError(`cannot write a report file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    });
  }
  return EXIT.OK;
}
