/**
 * The Markdown reporter (`--reporter markdown`, usually `--output markdown=summary.md`): a summary
 * for a pull-request comment. A headline with the gate's outcome, Dagster acceptance and reference
 * fidelity; the counts; a table of the cases that did not pass; a collapsed `<details>` per failure
 * with Expected / Actual and the replay command. Bounded to GitHub's 65 536-character comment limit
 * (what does not fit is left out with a note). See {@link renderMarkdownSummary}.
 */
import { renderMarkdownSummary } from "../markdown-summary.js";
import type { Reporter, ReporterContext } from "../reporter.js";

/** Creates the Markdown reporter (written once, at the end of the run). */
export function createMarkdownReporter(context: ReporterContext): Reporter {
  return {
    onRunEnd(report) {
      context.write(renderMarkdownSummary(report, { strict: context.strict }));
    },
  };
}
