/**
 * Reading a saved JSON report (`--output json=FILE`) for `diff`, `merge` and `report`. Every way
 * a file can be wrong is a usage error naming the file, in one line: unreadable, not JSON, written
 * by a newer pipes-conformance, or not a report.
 */
import { readFileSync } from "node:fs";
import { levelOfPrefix } from "../suites/finding-codes.js";
import { REPORT_VERSION, summarize, type CaseResult, type Report } from "../suites/model/report.js";
import { UsageError } from "./exit-codes.js";
import { reportSchemaProblem } from "./report-schema.js";

/**
 * Parses a report's text. The version is checked before the schema: a report from a newer tool may
 * have a shape this one does not know, and "upgrade" is the useful thing to say then.
 */
export function parseReport(text: string, file: string): Report {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
  }
  const version = (value as { header?: { reportVersion?: unknown } } | null)?.header?.reportVersion;
  if (typeof version === "number" && version > REPORT_VERSION) {
    throw new UsageError(`${file}: report version ${version} was written by a newer pipes-conformance (this one reads version ${REPORT_VERSION}); upgrade`);
  }
  const problem = reportSchemaProblem(value);
  if (problem !== undefined) throw new UsageError(`${file}: not a pipes-conformance report (${problem})`);
  return upgradeReport(value as Report);
}

/**
 * A report as this version reads it: a version-1 result's reason code becomes its one finding, and
 * the summary (root causes, completeness) is recomputed from the results, which are the truth.
 */
export function upgradeReport(report: Report): Report {
  const results = report.results.map((result): CaseResult => {
    if (result.findings !== undefined || result.reason === undefined || result.expected === undefined) return result;
    const level = levelOfPrefix(result.reason);
    if (level === undefined) return result;
    const finding = { code: result.reason, level, expected: result.expected, actual: result.actual ?? "", ...(result.lines ? { lines: result.lines } : {}), rootCause: result.reason };
    return { ...result, findings: [finding], rootCause: result.reason };
  });
  return { header: report.header, results, summary: summarize(results, report.header.interrupted !== undefined) };
}

/**
 * Reads and validates a saved JSON report; throws a {@link UsageError} naming the file (as
 * `label`, by default the path: commands pass what the user typed).
 */
export function readReport(path: string, label: string = path): Report {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : (code ?? String(error));
    throw new UsageError(`cannot read report ${label}: ${why}`);
  }
  return parseReport(text, label);
}
