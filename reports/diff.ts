/**
 * The regression diff between two reports (`pipes-conformance diff old.json new.json`): results
 * aligned by case ID and each change classified, so that CI can fail on regressions only.
 *
 * Alignment: results are matched by full ID when a case has the same variants in both reports.
 * When its variant sets differ (another `--runs`, a case that became generated), its variants are
 * compared as one group under the bare case ID, the group taking its worst verdict (if any variant
 * fails the group fails), as baselines do.
 *
 * Transitions (see {@link classifyTransition}): timeouts and harness/driver errors are kept apart
 * from real regressions ("flaky") because they say more about the machine than the
 * implementation; a failure whose reason code changed is a regression (it fails for a new reason).
 */
import type { Level } from "../suites/model/case.js";
import { isNotJudged, type CaseResult, type Report, type Verdict } from "../suites/model/report.js";

/** The kinds of change, in the order they are reported. */
export const TRANSITION_KINDS = [
  "newly-failing",
  "reason-changed",
  "not-run",
  "flaky",
  "newly-warning",
  "warning-reason-changed",
  "newly-skipped",
  "no-longer-judged",
  "newly-passing",
  "warning-resolved",
  "unskipped",
  "level-changed",
  "added",
  "removed",
] as const;

/** One kind of change. */
export type TransitionKind = (typeof TRANSITION_KINDS)[number];

/** Kinds that count as regressions (the diff exits 1 when there is any). */
export const REGRESSION_KINDS: readonly TransitionKind[] = ["newly-failing", "reason-changed"];

/** What each kind means, for help texts and headings. */
export const TRANSITION_TITLES: Record<TransitionKind, string> = {
  "newly-failing": "Newly failing",
  "reason-changed": "Failing for another reason",
  "not-run": "Not run (the new report is incomplete)",
  flaky: "Timeouts and errors (not counted as regressions)",
  "newly-warning": "Newly warning",
  "warning-reason-changed": "Warning for another reason",
  "newly-skipped": "Newly skipped",
  "no-longer-judged": "No longer judged (ran, but had nothing to judge)",
  "newly-passing": "Newly passing",
  "warning-resolved": "Warning resolved",
  unskipped: "No longer skipped",
  "level-changed": "Level changed",
  added: "Added (only in the new report)",
  removed: "Removed (only in the old report)",
};

/** One side of a transition. */
export interface DiffSide {
  verdict: Verdict;
  reason?: string;
  level: Level;
}

/** One change between the reports. */
export interface Transition {
  /** Full ID, or the bare case ID when its variants are compared as a group. */
  id: string;
  title: string;
  kind: TransitionKind;
  old: DiffSide | null;
  new: DiffSide | null;
  /** Set when a case's results were compared as a group: how many each report had (its default-context twin included). */
  variants?: { old: number; new: number };
}

/** What a report says about itself, in the diff. */
export interface DiffHeader {
  tool: string;
  protocol: string;
  startedAt: string;
  /** Where the report was read from, when known. */
  file?: string;
}

/** The whole diff (its JSON form is what `diff --format json` prints). */
export interface ReportDiff {
  old: DiffHeader;
  new: DiffHeader;
  /** Changes, in {@link TRANSITION_KINDS} order, each kind in the new report's order. */
  transitions: Transition[];
  /** Newly failing plus failing for another reason. */
  regressions: number;
  /** Aligned results (or groups) whose verdict, reason and level did not change. */
  unchanged: number;
  /** Differences in how the two runs were made (protocol, tool, command, capabilities). */
  notes: string[];
  /** Why a report is incomplete (interrupted, cases not run): such a diff never passes. */
  incomplete: string[];
}

function isFailing(verdict: Verdict): boolean {
  return verdict === "fail" || verdict === "timeout";
}

/**
 * Classifies a change of one aligned result (or group); `undefined` when nothing changed.
 *
 * - same verdict: `fail` with another reason → reason-changed; `warn` with another reason →
 *   warning-reason-changed (not a regression); another level → level-changed;
 * - `error` on either side, or `fail` ↔ `timeout` → flaky;
 * - pass/warn/info/skip → fail or timeout → newly-failing (timeouts fail the gate too);
 * - anything → skip with reason NOT_APPLICABLE → no-longer-judged (the case ran and judged nothing:
 *   what passed before is no longer known to pass);
 * - anything → skip → newly-skipped (a skip can hide a failure);
 * - anything → warn → newly-warning;
 * - fail/timeout → pass/info → newly-passing; warn → pass/info → warning-resolved;
 *   skip → pass/info → unskipped;
 * - pass ↔ info is no change (INFO cases record, never judge), unless the level changed.
 */
export function classifyTransition(old: DiffSide, next: DiffSide): TransitionKind | undefined {
  // What did not run was not judged: never "unchanged", never "passing".
  if (next.verdict === "not-run") return "not-run";
  if (old.verdict === next.verdict) {
    if (old.verdict === "fail" && old.reason !== next.reason) return "reason-changed";
    if (old.verdict === "warn" && old.reason !== next.reason) return "warning-reason-changed";
    return old.level !== next.level ? "level-changed" : undefined;
  }
  if (old.verdict === "error" || next.verdict === "error") return "flaky";
  if (isFailing(old.verdict) && isFailing(next.verdict)) return "flaky";
  if (isFailing(next.verdict)) return "newly-failing";
  if (next.verdict === "skip") return isNotJudged(next) ? "no-longer-judged" : "newly-skipped";
  if (next.verdict === "warn") return "newly-warning";
  if (isFailing(old.verdict)) return "newly-passing";
  if (old.verdict === "warn") return "warning-resolved";
  if (old.verdict === "skip") return "unskipped";
  return old.level !== next.level ? "level-changed" : undefined;
}

/** Worst first: the verdict a group of variants takes. */
const GROUP_RANK: readonly Verdict[] = ["fail", "timeout", "not-run", "error", "warn", "info", "pass", "skip"];

/** The verdict of a group of variants: its worst one, with that variant's reason. */
export function groupSide(results: readonly CaseResult[]): DiffSide {
  let worst = results[0]!;
  for (const result of results) if (GROUP_RANK.indexOf(result.verdict) < GROUP_RANK.indexOf(worst.verdict)) worst = result;
  return side(worst);
}

function side(result: CaseResult): DiffSide {
  return { verdict: result.verdict, ...(result.reason === undefined ? {} : { reason: result.reason }), level: result.level };
}

function byCaseId(report: Report): Map<string, CaseResult[]> {
  const groups = new Map<string, CaseResult[]>();
  for (const result of report.results) {
    const group = groups.get(result.caseId) ?? [];
    group.push(result);
    groups.set(result.caseId, group);
  }
  return groups;
}

function describeHeader(report: Report, file?: string): DiffHeader {
  return { tool: report.header.tool.version, protocol: report.header.protocolVersion, startedAt: report.header.startedAt, ...(file === undefined ? {} : { file }) };
}

function runNotes(old: Report, next: Report): string[] {
  const notes: string[] = [];
  const a = old.header;
  const b = next.header;
  if (a.protocolVersion !== b.protocolVersion) notes.push(`protocol versions differ (${a.protocolVersion} → ${b.protocolVersion}): some cases are judged by other rules`);
  if (a.tool.version !== b.tool.version) notes.push(`pipes-conformance versions differ (${a.tool.version} → ${b.tool.version}): cases may have been added, removed or sharpened`);
  if (a.command.join("\u0000") !== b.command.join("\u0000")) notes.push(`commands differ (${a.command.join(" ")} → ${b.command.join(" ")})`);
  if (JSON.stringify(a.capabilities) !== JSON.stringify(b.capabilities) || JSON.stringify(a.axes) !== JSON.stringify(b.axes)) notes.push("declared capabilities or launch axes differ");
  if (a.strict !== b.strict) notes.push(`--strict differs (${a.strict} → ${b.strict})`);
  if (a.seed !== b.seed || a.runs !== b.runs) notes.push(`seeds or runs differ (${a.seed}×${a.runs} → ${b.seed}×${b.runs}): generated variants ran on different inputs`);
  if (a.shard !== undefined || b.shard !== undefined) notes.push("a report is one shard: cases of other shards show as added or removed (merge the shards first)");
  return notes;
}

/** Why a report is incomplete, in one line; undefined when it is complete. */
function incompleteNote(report: Report, label: string): string | undefined {
  if (!report.summary.incomplete) return undefined;
  const notRun = report.results.filter((result) => result.verdict === "not-run").length;
  const why = report.header.interrupted !== undefined ? `interrupted by ${report.header.interrupted.signal}` : "stopped early";
  return `incomplete report: the ${label} report was ${why}, ${notRun} case(s) not run`;
}

/** Compares two reports. `files` only label the headers. */
export function diffReports(old: Report, next: Report, files: { old?: string; new?: string } = {}): ReportDiff {
  const oldGroups = byCaseId(old);
  const newGroups = byCaseId(next);
  const found: { transition: Transition; order: number }[] = [];
  let unchanged = 0;
  let order = 0;
  // New report's order first, then what only the old report has.
  const caseIds = [...new Set([...newGroups.keys(), ...oldGroups.keys()])];
  for (const caseId of caseIds) {
    const before = oldGroups.get(caseId) ?? [];
    const after = newGroups.get(caseId) ?? [];
    const sameVariants = before.length === after.length && before.every((result) => after.some((other) => other.id === result.id));
    const push = (transition: Transition): void => {
      found.push({ transition, order: order++ });
    };
    if (before.length === 0 || after.length === 0 || sameVariants) {
      for (const result of after) {
        const previous = before.find((other) => other.id === result.id);
        if (previous === undefined) {
          push({ id: result.id, title: result.title, kind: "added", old: null, new: side(result) });
          continue;
        }
        const kind = classifyTransition(side(previous), side(result));
        if (kind === undefined) unchanged++;
        else push({ id: result.id, title: result.title, kind, old: side(previous), new: side(result) });
      }
      for (const result of before) {
        if (!after.some((other) => other.id === result.id)) push({ id: result.id, title: result.title, kind: "removed", old: side(result), new: null });
      }
      continue;
    }
    const oldSide = groupSide(before);
    const newSide = groupSide(after);
    const kind = classifyTransition(oldSide, newSide);
    if (kind === undefined) unchanged++;
    else push({ id: caseId, title: after[0]!.title, kind, old: oldSide, new: newSide, variants: { old: before.length, new: after.length } });
  }
  found.sort((a, b) => TRANSITION_KINDS.indexOf(a.transition.kind) - TRANSITION_KINDS.indexOf(b.transition.kind) || a.order - b.order);
  const transitions = found.map((entry) => entry.transition);
  return {
    old: describeHeader(old, files.old),
    new: describeHeader(next, files.new),
    transitions,
    regressions: transitions.filter((transition) => REGRESSION_KINDS.includes(transition.kind)).length,
    unchanged,
    notes: runNotes(old, next),
    incomplete: [incompleteNote(old, "old"), incompleteNote(next, "new")].filter((note): note is string => note !== undefined),
  };
}
