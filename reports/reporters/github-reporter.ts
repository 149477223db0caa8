/**
 * The GitHub Actions reporter (`--reporter github`): annotations on the workflow run, and the
 * Markdown summary appended to the job's step summary.
 *
 * - `::error` for each `fail`, `timeout` and `error` (and `warn` under `--strict`, where warnings
 *   fail the run), `::warning` for each other `warn`. GitHub shows at most 10 annotations of each
 *   kind per step and drops the rest silently, so at most 10 of each are written, most important
 *   first (MUST failures, then timeouts, errors, warnings), and when some are left out one
 *   `::notice` (a kind with its own quota, so it is always shown) says how many and where to find
 *   them.
 * - When `GITHUB_STEP_SUMMARY` is set, the Markdown summary (with every result in a collapsed
 *   table) is appended to that file, as GitHub expects: other steps write there too.
 *
 * The annotation lines go to the reporter's output (stdout), where the runner reads them.
 */
import { appendFileSync } from "node:fs";
import type { CaseResult, Report } from "../../suites/model/report.js";
import { ANNOTATIONS_PER_KIND, ANNOTATION_MESSAGE_LIMIT, workflowCommand } from "../github-commands.js";
import { renderMarkdownSummary } from "../markdown-summary.js";
import { replayCommand } from "../replay-command.js";
import type { Reporter, ReporterContext } from "../reporter.js";
import { ruleText } from "../rule-text.js";
import { clamp } from "../text-safety.js";
import { verdictLevelText } from "../verdict-level.js";

/** GitHub's limit on what one step may add to the step summary (1 MiB); kept well below. */
export const STEP_SUMMARY_LIMIT = 900_000;

function annotationTitle(result: CaseResult): string {
  return `${result.verdict.toUpperCase()} ${result.id}${result.reason ? ` [${result.reason}]` : ""}`;
}

function annotationMessage(report: Report, result: CaseResult): string {
  const lines = [`${result.title} (${verdictLevelText(result)})`];
  for (const ref of result.refs) lines.push(`rule: ${ruleText(ref)}`);
  if (result.message) lines.push(result.message);
  if (result.expected !== undefined) lines.push(`Expected: ${clamp(result.expected, 1_000)}`);
  if (result.actual !== undefined) lines.push(`Actual:   ${clamp(result.actual, 1_000)}`);
  const line = result.lines?.[0];
  if (line) lines.push(`${line.channel === "file" ? "messages file" : line.channel} line ${line.lineNumber} | ${clamp(line.text, 300)}`);
  if (result.generated) lines.push(`seed ${result.generated.seed}, path ${result.generated.path}`);
  if (result.verdict !== "skip") lines.push(`replay: ${replayCommand(report.header, result)}`);
  return clamp(lines.join("\n"), ANNOTATION_MESSAGE_LIMIT);
}

/** The annotation lines of a report (at most 10 errors, 10 warnings and one notice). */
export function renderAnnotations(report: Report, strict: boolean): string {
  const order = ["fail", "timeout", "error", "warn"];
  const rank = (result: CaseResult): number => order.indexOf(result.verdict) * 2 + (result.level === "MUST" ? 0 : 1);
  const isError = (result: CaseResult): boolean => ["fail", "timeout", "error"].includes(result.verdict) || (strict && result.verdict === "warn");
  const errors = report.results.filter(isError).sort((a, b) => rank(a) - rank(b));
  const warnings = report.results.filter((result) => result.verdict === "warn" && !isError(result));
  let output = "";
  for (const result of errors.slice(0, ANNOTATIONS_PER_KIND)) output += workflowCommand("error", { title: annotationTitle(result) }, annotationMessage(report, result));
  for (const result of warnings.slice(0, ANNOTATIONS_PER_KIND)) output += workflowCommand("warning", { title: annotationTitle(result) }, annotationMessage(report, result));
  const moreErrors = Math.max(0, errors.length - ANNOTATIONS_PER_KIND);
  const moreWarnings = Math.max(0, warnings.length - ANNOTATIONS_PER_KIND);
  if (moreErrors + moreWarnings > 0) {
    const parts = [moreErrors > 0 ? `${moreErrors} more failure(s)` : "", moreWarnings > 0 ? `${moreWarnings} more warning(s)` : ""].filter(Boolean);
    output += workflowCommand(
      "notice",
      { title: "pipes-conformance: more results than annotations" },
      `${parts.join(" and ")} not annotated: GitHub shows at most ${ANNOTATIONS_PER_KIND} annotations of each kind per step. Every result is in the job's step summary and the console output.`,
    );
  }
  return output;
}

/** Creates the GitHub Actions reporter. */
export function createGithubReporter(context: ReporterContext): Reporter {
  return {
    onRunEnd(report) {
      context.write(renderAnnotations(report, context.strict));
      const summaryFile = context.env.GITHUB_STEP_SUMMARY;
      if (summaryFile === undefined || summaryFile === "") return;
      try {
        appendFileSync(summaryFile, `${renderMarkdownSummary(report, { strict: context.strict, maxLength: STEP_SUMMARY_LIMIT, allResults: true })}\n`);
      } catch (error) {
        // The summary is a convenience: failing to write it must not turn a run into an internal error.
        context.write(workflowCommand("warning", { title: "pipes-conformance" }, `cannot append to GITHUB_STEP_SUMMARY (${summaryFile}): ${(error as NodeJS.ErrnoException).code ?? String(error)}`));
      }
    },
  };
}
