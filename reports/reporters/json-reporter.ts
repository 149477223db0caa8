/**
 * The JSON reporter: the report itself, the source of truth every other rendering, `diff`,
 * `merge` and the baseline read (validated by `schemas/report.schema.json`).
 */
import type { Report } from "../../suites/model/report.js";
import type { Reporter, ReporterContext } from "../reporter.js";

/** The report as the JSON reporter writes it (and `merge` prints it): indented, with a final newline. */
export function formatJsonReport(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Creates the JSON reporter. */
export function createJsonReporter(context: ReporterContext): Reporter {
  return {
    onRunEnd(report) {
      context.write(formatJsonReport(report));
    },
  };
}
