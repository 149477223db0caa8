/**
 * The baseline of expected failures (`--expected-failures FILE`): lets a project adopt the suite
 * with known failures and still be protected against new ones. One entry a line: a case ID (a bare
 * ID covers all its generated variants), optionally followed by the reason code it must fail with;
 * `#` starts a comment. An entry that names no case of the suite (a typo would silently tolerate
 * nothing) is a usage error naming its line.
 *
 *     # known: our library writes WARN
 *     schema.reference-level W_LOG_LEVEL_NOT_CANONICAL
 *     bootstrap.cli-arguments
 */
import { readFileSync } from "node:fs";
import type { CaseResult, Report } from "../suites/model/report.js";
import { writeFileAtomically } from "./atomic-file.js";
import { UsageError } from "./exit-codes.js";

/** One expected failure. */
export interface BaselineEntry {
  id: string;
  reason?: string;
  line: number;
}

const ID = /^[a-z0-9-]+\.[a-z0-9.-]+(#[a-z]+=\d+)?$/;
const REASON = /^[A-Z][A-Z0-9_]*$/;

/**
 * Parses a baseline file's text; a malformed line is a usage error naming it, and so is an entry
 * whose case ID (without its variant suffix) is not in `knownCaseIds`, when given.
 */
export function parseBaseline(text: string, file: string, knownCaseIds?: ReadonlySet<string>): BaselineEntry[] {
  const entries: BaselineEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#(?![a-z]+=).*$/, "").trim();
    if (line === "") return;
    const [id, reason, ...rest] = line.split(/\s+/);
    if (!ID.test(id!) || (reason !== undefined && !REASON.test(reason)) || rest.length > 0) {
      throw new UsageError(`${file}:${index + 1}: not "CASE_ID [REASON_CODE]": ${raw.trim()}`);
    }
    const caseId = id!.replace(/#.*$/, "");
    if (knownCaseIds !== undefined && !knownCaseIds.has(caseId)) {
      const near = closestId(caseId, knownCaseIds);
      throw new UsageError(`${file}:${index + 1}: no case "${caseId}" in this suite${near === undefined ? "" : ` (did you mean ${near}?)`}; see pipes-conformance list`);
    }
    entries.push({ id: id!, ...(reason === undefined ? {} : { reason }), line: index + 1 });
  });
  return entries;
}

/**
 * Reads a baseline file, checking every entry against the suite's case IDs (`listCases()`; passed
 * in so that this module, which reporters import, does not load the whole case catalogue).
 */
export function readBaseline(file: string, caseIds: Iterable<string>): BaselineEntry[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`--expected-failures: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseBaseline(text, file, new Set(caseIds));
}

/** The known ID nearest to a mistyped one (a few edits away at most), for the error message. */
function closestId(id: string, known: ReadonlySet<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(id.length / 4)) + 1;
  for (const candidate of known) {
    const distance = editDistance(id, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance (IDs are short: the quadratic table is fine). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
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
    writeFileAtomically(file, `${lines.join("\n")}\n`);
  } catch (error) {
    throw new UsageError(`--expected-failures: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
