/**
 * Reading a saved JSON report (`--output json=FILE`) for `diff`, `merge` and `report`. Every way
 * a file can be wrong is a usage error naming the file, in one line: unreadable, not JSON, written
 * by a newer pipes-conformance, or not a report.
 */
import { readFileSync } from "node:fs";
import { REPORT_VERSION, type Report } from "../suites/model/report.js";
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
  return value as Report;
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
