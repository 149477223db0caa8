/**
 * The baseline of expected failures (`--expected-failures FILE`): lets a project adopt the suite
 * with known failures and still be protected against new ones. One entry a line: a case ID (a bare
 * ID covers all its generated variants), optionally followed by the reason code it must fail with;
 * `#` starts a comment.
 *
 *     # known: our library writes WARN
 *     schema.reference-level W_LOG_LEVEL_NOT_CANONICAL
 *     bootstrap.cli-arguments
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { CaseResult, Report } from "../suites/model/report.js";
import { UsageError } from "./exit-codes.js";

/** One expected failure. */
export interface BaselineEntry {
  id: string;
  reason?: string;
  line: number;
}

const ID = /^[a-z0-9-]+\.[a-z0-9.-]+(#[a-z]+=\d+)?$/;
const REASON = /^[A-Z][A-Z0-9_]*$/;

/** Parses a baseline file's text; a malformed line is a usage error naming it. */
export function parseBaseline(text: string, file: string): BaselineEntry[] {
  const entries: BaselineEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#(?![a-z]+=).*$/, "").trim();
    if (line === "") return;
    const [id, reason, ...rest] = line.split(/\s+/);
    if (!ID.test(id!) || (reason !== undefined && !REASON.test(reason)) || rest.length > 0) {
      throw new UsageError(`${file}:${index + 1}: not "CASE_ID [REASON_CODE]": ${raw.trim()}`);
    }
    entries.push({ id: id!, ...(reason === undefined ? {} : { reason }), line: index + 1 });
  });
  return entries;
}

/** Reads a baseline file. */
export function readBaseline(file: string): BaselineEntry[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`--expected-failures: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseBaseline(text, file);
}

/** Whether a result is a failure for the gate (warnings too under --strict). */
export function isGateFailure(result: CaseResult, strict: boolean): boolean {
  // A case that did not run was not judged: it fails the gate like a timeout.
  return result.verdict === "fail" || result.verdict === "timeout" || result.verdict === "error" || result.verdict === "not-run" || (strict && result.verdict === "warn");
}

/** Whether a baseline entry covers a result. */
export function entryCovers(entry: BaselineEntry, result: CaseResult): boolean {
  // A baseline tolerates known deviations, never a case that did not run.
  if (result.verdict === "not-run") return false;
  const idMatches = entry.id === result.id || entry.id === result.caseId;
  return idMatches && (entry.reason === undefined || entry.reason === result.reason);
}

/** Writes the baseline of a run: one line per failing case (warnings included, so --strict can use it). */
export function writeBaseline(file: string, report: Report): void {
  const failing = report.results.filter((result) => isGateFailure(result, true));
  const lines = [
    `# pipes-conformance baseline: expected failures of ${report.header.command.join(" ")}`,
    `# written ${report.header.startedAt} by pipes-conformance ${report.header.tool.version}`,
    ...failing.map((result) => `${result.id}${result.reason ? ` ${result.reason}` : ""}`),
  ];
  try {
    writeFileSync(file, `${lines.join("\n")}\n`);
  } catch (error) {
    throw new UsageError(`--expected-failures: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
