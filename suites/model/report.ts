/**
 * The report of a conformance run: the data every reporter renders and `diff`, `merge` and the
 * baseline read. Its JSON form is validated by `schemas/report.schema.json` (versioned by
 * `reportVersion`).
 */
import type { Channel, ContextForm, Transport } from "../../harness/bootstrap/bootstrap-params.js";
import type { Capability, Finding, Level, LineQuote, Mode, RuleRef } from "./case.js";
import { groupRootCauses, type RootCause } from "./root-cause.js";

/** Lines of a program's stderr a result keeps and every reporter shows (`stderrTail`). */
export const STDERR_LINES_QUOTED = 3;

/** The version of the report format this tool writes. */
export const REPORT_VERSION = 2;

/**
 * Result classes. `not-run`: the run stopped before the case could run (interrupted, `--max-fail`,
 * a hung target); a report holding one is incomplete and never passes.
 */
export const VERDICTS = ["pass", "fail", "warn", "info", "skip", "timeout", "error", "not-run"] as const;

/** One result class. */
export type Verdict = (typeof VERDICTS)[number];

/**
 * The reason of a case that ran but judged nothing: the behaviour it exists for did not occur
 * (no exception to forward, nothing printed in the session...). Its verdict is `skip`, never a
 * pass; its message says why and how to make the case judgeable.
 */
export const NOT_APPLICABLE = "NOT_APPLICABLE";

/** The reason of a case the harness itself broke on (verdict `error`): the suite exits 3, a bug to report. */
export const HARNESS_ERROR = "HARNESS_ERROR";

/** Whether a result ran but judged nothing (a `skip` with reason {@link NOT_APPLICABLE}). */
export function isNotJudged(result: { verdict: Verdict; reason?: string }): boolean {
  return result.verdict === "skip" && result.reason === NOT_APPLICABLE;
}

/** How a case's target was launched. */
export interface LaunchSummary {
  transport: Transport;
  contextForm: ContextForm;
  channel: Channel;
  includeStdio: boolean;
  bootstrap: string;
}

/** Generated input behind a result, and how to replay it. */
export interface GeneratedInput {
  /** The fast-check seed of the run. */
  seed: number;
  /** The fast-check path of the value (after shrinking, when it failed). */
  path: string;
  /** The value (the shrunk counterexample when the case failed), as Python-style JSON text. */
  counterexample: string;
  /** Whether `counterexample` was shrunk from the first failing value. */
  shrunk: boolean;
}

/** What names a case variant, planned or run. */
export interface CaseIdentity {
  /** Full ID, with the variant suffix (`lifecycle.opened-first#ctx=3`). */
  id: string;
  /** The case's stable ID without suffix. */
  caseId: string;
  variant?: string;
  title: string;
  area: string;
  level: Level;
  mode: Mode;
}

/** A finding as reported: with its level (from the level table) and its root cause's id. */
export interface FindingResult extends Finding {
  level: Level;
  rootCause: string;
}

/** The result of one case (one variant). */
export interface CaseResult extends CaseIdentity {
  refs: readonly RuleRef[];
  verdict: Verdict;
  /**
   * Stable reason code of a non-pass verdict: the first (most severe) finding's code, or for a
   * result that is not a finding `TIMEOUT`, `HARNESS_ERROR`, `DRIVER_UNSUPPORTED`, `INTERRUPTED`,
   * `HUNG_TARGET`, `MAX_FAIL`, `NOT_STARTED`, or for a `skip` that ran but judged nothing
   * `NOT_APPLICABLE` (a skip for a missing capability has no reason).
   */
  reason?: string;
  /** Every finding of the case, most severe first (the first one is also in reason/expected/actual/lines). */
  findings?: FindingResult[];
  /** The root cause of the first finding. */
  rootCause?: string;
  /** Why a case was skipped, or what broke on error. */
  message?: string;
  expected?: string;
  actual?: string;
  observation?: string;
  /** Offending lines (bounded). */
  lines?: LineQuote[];
  /**
   * The last lines of the target's stderr that say something, at most {@link STDERR_LINES_QUOTED}:
   * stack frames and runtime boilerplate dropped, its error line always among them.
   */
  stderrTail?: string;
  durationMs: number;
  launch?: LaunchSummary;
  generated?: GeneratedInput;
}

/** The run's header. */
export interface ReportHeader {
  reportVersion: number;
  tool: { name: string; version: string };
  protocolVersion: string;
  /** The target's argv. */
  command: string[];
  capabilities: {
    driven: boolean;
    transports: Transport[];
    contextForms: ContextForm[];
    channels: Channel[];
    without: string[];
  };
  axes: { transport: Transport; contextForm: ContextForm; channel: Channel };
  seed: number;
  runs: number;
  strict: boolean;
  startedAt: string;
  durationMs: number;
  node: string;
  platform: string;
  arch: string;
  selection?: { cases: string[]; exclude: string[] };
  shard?: { index: number; count: number };
  /**
   * The program's own context as command-line flags (`--asset`, `--extras`, `--check`...), when one
   * was declared: replay commands repeat them.
   */
  contextArgs?: string[];
  /** The program's working directory, when it was not the directory the run started in (absolute): replay commands repeat it. */
  programCwd?: string;
  /**
   * Names of the variables the run added to the program's environment (`--env`); their values are
   * never recorded (they may be secrets): replay commands take them from the replaying shell.
   */
  envNames?: string[];
  /** What generated contexts of observed cases varied around the program's own context. */
  generate?: string[];
  /** The run was interrupted by a signal (CI cancellation, job timeout, Ctrl-C): the report is incomplete. */
  interrupted?: { signal: string; at: string };
  /** Whether the write calls of the cases that ask for it were traced (strace), and why not. */
  writeTracing?: { mode: WriteTracingMode; used: boolean; reason?: string };
}

/** `--trace-writes`: trace when strace works (auto), always (on: an error when it cannot), never. */
export type WriteTracingMode = "auto" | "on" | "off";

/** Counts and the two judgements. */
export interface ReportSummary {
  total: number;
  counts: Record<Verdict, number>;
  /** No MUST case failed (Dagster would not lose or misread anything the suite saw). */
  dagsterAcceptance: boolean;
  /** SHOULD warnings: deviations from the reference Dagster tolerates. */
  referenceWarnings: number;
  /** Some case did not run (`not-run`) or the run was interrupted: the report never passes. */
  incomplete: boolean;
  /** The findings grouped by root cause: one entry per deviation, with the cases it affects. */
  rootCauses: RootCause[];
}

/** A whole report. */
export interface Report {
  header: ReportHeader;
  results: CaseResult[];
  summary: ReportSummary;
}

/** A planned case (what `onRunStart` and `onCaseStart` see). */
export interface PlannedCase extends CaseIdentity {
  needs: readonly Capability[];
  /** Set when the case will not run. */
  skip?: string;
}

/** Computes the summary of a list of results (`interrupted`: the header says the run was interrupted). */
export function summarize(results: readonly CaseResult[], interrupted = false): ReportSummary {
  const counts = Object.fromEntries(VERDICTS.map((verdict) => [verdict, 0])) as Record<Verdict, number>;
  for (const result of results) counts[result.verdict]++;
  const incomplete = interrupted || counts["not-run"] > 0;
  return {
    total: results.length,
    counts,
    // What did not run was not judged: an incomplete run can never claim acceptance.
    dagsterAcceptance: counts.fail === 0 && counts.timeout === 0 && !incomplete,
    referenceWarnings: counts.warn,
    incomplete,
    rootCauses: groupRootCauses(results),
  };
}
