/**
 * The suite's exit code from its report (the precedence of exit-codes.ts): 3 when the harness
 * itself broke, 1 for failures (timeouts included; warnings under --strict) not covered by the
 * baseline and for stale baseline entries, 4 when nothing ran, else 0.
 */
import { HARNESS_ERROR, isNotJudged, type Report } from "../suites/model/report.js";
import { entryCovers, isGateFailure, type BaselineEntry } from "./baseline.js";
import { combineExitCodes, EXIT, type ExitCode } from "./exit-codes.js";

/** The exit code and the notes that explain it. */
export interface SuiteOutcome {
  code: ExitCode;
  notes: string[];
}

/** Computes the suite's exit code. */
export function suiteExitCode(report: Report, options: { strict: boolean; baseline?: readonly BaselineEntry[] }): SuiteOutcome {
  const notes: string[] = [];
  const codes: ExitCode[] = [];
  if (report.results.some((result) => result.verdict === "error" && result.reason === HARNESS_ERROR)) {
    codes.push(EXIT.INTERNAL);
    notes.push("the harness itself failed on some case (verdict error, HARNESS_ERROR): this is a bug in pipes-conformance, please report it");
  }
  const failing = report.results.filter((result) => isGateFailure(result, options.strict));
  if (options.baseline === undefined) {
    if (failing.length > 0) codes.push(EXIT.FAILURES);
  } else {
    const baseline = options.baseline;
    const untolerated = failing.filter((result) => !baseline.some((entry) => entryCovers(entry, result)));
    const tolerated = failing.length - untolerated.length;
    if (tolerated > 0) notes.push(`${tolerated} failure(s) tolerated by the baseline`);
    for (const [cause, results] of groupBy(untolerated, (result) => result.rootCause ?? result.reason ?? result.verdict)) {
      const first = results[0]!;
      notes.push(
        results.length === 1
          ? `new failure (not in the baseline): ${first.id}${first.reason ? ` ${first.reason}` : ""}`
          : `new failure (not in the baseline): ${cause} in ${results.length} cases: ${listSome(results.map((result) => result.id))}`,
      );
    }
    // An entry is stale when nothing it covers still fails that way. Warnings count here even
    // without --strict: the baseline lists them (so that --strict can use the same file), and a
    // case that still warns is not fixed. A skip (planned, or a case that ran with nothing to
    // judge) says nothing either way: an entry whose cases were all skipped is not stale.
    const stillFailing = report.results.filter((result) => isGateFailure(result, true));
    const stale = baseline.filter((entry) => {
      const covered = report.results.filter((result) => entry.id === result.id || entry.id === result.caseId);
      return covered.length > 0 && covered.every((result) => result.verdict !== "skip") && !stillFailing.some((result) => entryCovers(entry, result));
    });
    for (const [reason, entries] of groupBy(stale, (entry) => entry.reason ?? "")) {
      const first = entries[0]!;
      notes.push(
        entries.length === 1
          ? `stale baseline entry (line ${first.line}): ${first.id}${first.reason ? ` ${first.reason}` : ""} no longer fails that way; remove it`
          : `stale baseline entries (lines ${listSome(entries.map((entry) => String(entry.line)))}): ${entries.length} cases${reason ? ` ${reason}` : ""} no longer fail that way (${listSome(entries.map((entry) => entry.id))}); remove them`,
      );
    }
    if (untolerated.length > 0 || stale.length > 0) codes.push(EXIT.FAILURES);
  }
  if (report.results.length === 0 || report.results.every((result) => result.verdict === "skip")) {
    codes.push(EXIT.NOTHING_RAN);
    const notJudged = report.results.filter(isNotJudged).length;
    notes.push(report.results.length === 0 ? "no case selected" : `every case was skipped${notJudged > 0 ? ` (${notJudged} ran but had nothing to judge)` : ""}`);
  }
  return { code: combineExitCodes(...codes), notes };
}

/** Groups items by a key, in first-seen order: one note per root cause, not one per case. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group === undefined) groups.set(name, [item]);
    else group.push(item);
  }
  return groups;
}

/** The first few names, then how many more. */
function listSome(names: readonly string[], shown = 5): string {
  return names.length <= shown ? names.join(", ") : `${names.slice(0, shown).join(", ")}, +${names.length - shown} more`;
}
