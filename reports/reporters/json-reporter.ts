/**
 * The JSON reporter: the report itself, the source of truth every other rendering, `diff`,
 * `merge` and the baseline read (validated by `schemas/report.schema.json`).
 */
import type { Reporter, ReporterContext } from "../reporter.js";

/** Creates the JSON reporter. */
export function createJsonReporter(context: ReporterContext): Reporter {
  return {
    onRunEnd(report) {
      context.write(`${JSON.stringify(report, null, 2)}\n`);
    },
  };
}
