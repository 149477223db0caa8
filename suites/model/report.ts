/**
 * The report of a conformance run: the data every reporter renders and `diff`, `merge` and the
 * baseline read. Its JSON form is validated by `schemas/report.schema.json` (versioned by
 * `reportVersion`).
 */
import type { Channel, ContextForm, Transport } from "../../harness/bootstrap/bootstrap-params.js";
import type { Capability, Level, LineQuote, Mode, RuleRef } from "./case.js";

/** The version of the report format this tool writes. */
export const REPORT_VERSION = 1;

/** Result classes (DESIGN.md). */
export const VERDICTS = ["pass", "fail", "warn", "info", "skip", "timeout", "error"] as const;

/** One result class. */
export type Verdict = (typeof VERDICTS)[number];

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

/** The result of one case (one variant). */
export interface CaseResult extends CaseIdentity {
  refs: readonly RuleRef[];
  verdict: Verdict;
  /** Stable reason code of a non-pass verdict (or an INFO observation). */
  reason?: string;
  /** Why a case was skipped, or what broke on error. */
  message?: string;
  expected?: string;
  actual?: string;
  observation?: string;
  /** Offending lines (bounded). */
  lines?: LineQuote[];
  /** The last lines the target printed on stderr (bounded). */
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

/** Computes the summary of a list of results. */
export function summarize(results: readonly CaseResult[]): ReportSummary {
  const counts = Object.fromEntries(VERDICTS.map((verdict) => [verdict, 0])) as Record<Verdict, number>;
  for (const result of results) counts[result.verdict]++;
  return {
    total: results.length,
    counts,
    dagsterAcceptance: counts.fail === 0 && counts.timeout === 0,
    referenceWarnings: counts.warn,
  };
}
