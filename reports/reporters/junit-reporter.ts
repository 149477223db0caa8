/**
 * The JUnit XML reporter (`--reporter junit`, usually `--output junit=reports/junit.xml`): what
 * GitLab, Jenkins, Azure DevOps and most CI test tabs read. One `<testsuite>` per area (the part of
 * the case ID before the first dot), one `<testcase>` per result:
 *
 * - `fail` → `<failure type=REASON>`, `timeout`, `error` and `not-run` → `<error type=REASON>`, `skip` →
 *   `<skipped message=WHY/>`, `info` → a pass with the observation in `<system-out>`;
 * - `warn` (a SHOULD deviation) depends on `PIPES_CONFORMANCE_JUNIT_WARN` (see
 *   {@link junitWarnMode}): `failure`, `skipped` or `passed`; by default `failure` under `--strict`
 *   (where warnings fail the run, so the CI tab should agree with the exit code) and otherwise
 *   `passed` with a `<system-out>` note (where they do not);
 * - an incomplete run (interrupted, or stopped early) adds a `run.complete` testcase with an error.
 *
 * Every string is escaped for XML 1.0 and characters XML cannot carry are shown as `\uXXXX`, so the
 * file is well-formed whatever the program under test wrote.
 */
import type { CaseResult, Report, ReportHeader } from "../../suites/model/report.js";
import { UsageError } from "../exit-codes.js";
import type { Reporter, ReporterContext } from "../reporter.js";
import { createStyle } from "../terminal.js";
import { oneLine } from "../text-safety.js";
import { xmlAttribute, xmlText } from "../xml-escape.js";
import { describeResult, incompleteLine } from "./console-reporter.js";

/** How a `warn` result appears in JUnit. */
export type JunitWarnMode = "failure" | "skipped" | "passed";

/** The environment variable that chooses the {@link JunitWarnMode}. */
export const JUNIT_WARN_VARIABLE = "PIPES_CONFORMANCE_JUNIT_WARN";

const WARN_MODES: readonly JunitWarnMode[] = ["failure", "skipped", "passed"];

/**
 * The warn mode: `PIPES_CONFORMANCE_JUNIT_WARN` when set (an unknown value is a usage error: a
 * typo must not silently turn warnings into passes), else `failure` under `--strict` and `passed`
 * otherwise, so the test tab agrees with the exit code by default.
 */
export function junitWarnMode(env: NodeJS.ProcessEnv, strict: boolean): JunitWarnMode {
  const value = env[JUNIT_WARN_VARIABLE]?.trim().toLowerCase();
  if (value === undefined || value === "") return strict ? "failure" : "passed";
  if (!(WARN_MODES as readonly string[]).includes(value)) {
    throw new UsageError(`${JUNIT_WARN_VARIABLE}: "${env[JUNIT_WARN_VARIABLE]}" is not one of ${WARN_MODES.join(", ")}`);
  }
  return value as JunitWarnMode;
}

/** Seconds with millisecond precision, as JUnit's `time` attributes take them. */
function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** The element a result becomes inside its `<testcase>`, and which counter it increments. */
interface Outcome {
  kind: "passed" | "failure" | "error" | "skipped";
  /** The inner XML of the testcase (already escaped). */
  body: string;
}

const PLAIN = createStyle(false);

/** The plain-text details of a result: the console reporter's block, without colour. */
function details(header: ReportHeader, result: CaseResult): string {
  return describeResult(result, header, PLAIN).join("\n");
}

/** A short `message` attribute: the one-line actual (or message, or title). */
function shortMessage(result: CaseResult, prefix = ""): string {
  return oneLine(`${prefix}${result.actual ?? result.message ?? result.title}`, 300);
}

function systemOut(text: string): string {
  return `<system-out>${xmlText(text)}</system-out>`;
}

function systemErr(result: CaseResult): string {
  return result.stderrTail ? `\n      <system-err>${xmlText(result.stderrTail)}</system-err>` : "";
}

function outcomeOf(header: ReportHeader, result: CaseResult, warnMode: JunitWarnMode): Outcome {
  const type = xmlAttribute(result.reason ?? result.verdict);
  switch (result.verdict) {
    case "pass":
      return { kind: "passed", body: result.observation ? `\n      ${systemOut(result.observation)}` : "" };
    case "info":
      return { kind: "passed", body: `\n      ${systemOut(`INFO (recorded only, never fails)${result.reason ? ` [${result.reason}]` : ""}: ${result.observation ?? result.actual ?? ""}`)}` };
    case "skip":
      return { kind: "skipped", body: `\n      <skipped message="${xmlAttribute(result.message ?? "skipped")}"/>` };
    case "fail":
      return { kind: "failure", body: `\n      <failure message="${xmlAttribute(shortMessage(result))}" type="${type}">${xmlText(details(header, result))}</failure>${systemErr(result)}` };
    case "timeout":
    case "error":
    case "not-run":
      return { kind: "error", body: `\n      <error message="${xmlAttribute(shortMessage(result))}" type="${type}">${xmlText(details(header, result))}</error>${systemErr(result)}` };
    case "warn": {
      const prefix = `SHOULD warning${result.reason ? ` [${result.reason}]` : ""}: `;
      if (warnMode === "failure") {
        return { kind: "failure", body: `\n      <failure message="${xmlAttribute(shortMessage(result, prefix))}" type="${type}">${xmlText(details(header, result))}</failure>` };
      }
      if (warnMode === "skipped") return { kind: "skipped", body: `\n      <skipped message="${xmlAttribute(shortMessage(result, prefix))}"/>` };
      const note = `${prefix}a deviation from the reference that Dagster tolerates; not failing the run (${JUNIT_WARN_VARIABLE}=failure reports it as a failure)\n\n${details(header, result)}`;
      return { kind: "passed", body: `\n      ${systemOut(note)}` };
    }
  }
}

/** Renders a whole report as a JUnit XML document. */
export function renderJunit(report: Report, warnMode: JunitWarnMode): string {
  const { header } = report;
  const areas = new Map<string, CaseResult[]>();
  for (const result of report.results) {
    const list = areas.get(result.area) ?? [];
    list.push(result);
    areas.set(result.area, list);
  }
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const suites: string[] = [];
  const properties = [
    ["pipes-conformance.version", header.tool.version],
    ["protocol.version", header.protocolVersion],
    ["command", header.command.join(" ")],
    ["seed", String(header.seed)],
    ["runs", String(header.runs)],
    ["strict", String(header.strict)],
    ["junit.warn", warnMode],
  ]
    .map(([name, value]) => `      <property name="${xmlAttribute(name!)}" value="${xmlAttribute(value!)}"/>`)
    .join("\n");
  for (const [area, results] of areas) {
    const counts = { failures: 0, errors: 0, skipped: 0 };
    let time = 0;
    const cases = results.map((result) => {
      const outcome = outcomeOf(header, result, warnMode);
      if (outcome.kind === "failure") counts.failures++;
      if (outcome.kind === "error") counts.errors++;
      if (outcome.kind === "skipped") counts.skipped++;
      time += result.durationMs;
      const open = `    <testcase name="${xmlAttribute(result.id)}" classname="${xmlAttribute(area)}" time="${seconds(result.durationMs)}"`;
      return outcome.body === "" ? `${open}/>` : `${open}>${outcome.body}\n    </testcase>`;
    });
    totals.tests += results.length;
    totals.failures += counts.failures;
    totals.errors += counts.errors;
    totals.skipped += counts.skipped;
    suites.push(
      [
        `  <testsuite name="${xmlAttribute(area)}" tests="${results.length}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="${seconds(time)}" timestamp="${xmlAttribute(header.startedAt)}">`,
        `    <properties>\n${properties}\n    </properties>`,
        ...cases,
        "  </testsuite>",
      ].join("\n"),
    );
  }
  const incomplete = incompleteLine(report);
  if (incomplete !== undefined) {
    // An incomplete run must never read as green in a CI test tab: one error that says why.
    totals.tests++;
    totals.errors++;
    suites.push(
      [
        `  <testsuite name="run" tests="1" failures="0" errors="1" skipped="0" time="0" timestamp="${xmlAttribute(header.startedAt)}">`,
        `    <testcase name="run.complete" classname="run" time="0">`,
        `      <error message="${xmlAttribute(incomplete)}" type="${header.interrupted !== undefined ? "INTERRUPTED" : "INCOMPLETE"}">${xmlText(incomplete)}</error>`,
        "    </testcase>",
        "  </testsuite>",
      ].join("\n"),
    );
  }
  const root = `<testsuites name="pipes-conformance" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="${seconds(header.durationMs)}" timestamp="${xmlAttribute(header.startedAt)}">`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', root, ...suites, "</testsuites>", ""].join("\n");
}

/** Creates the JUnit reporter (the whole document is written at the end of the run). */
export function createJunitReporter(context: ReporterContext): Reporter {
  // Resolved now, so that a bad PIPES_CONFORMANCE_JUNIT_WARN is reported before any case runs.
  const warnMode = junitWarnMode(context.env, context.strict);
  return {
    onRunEnd(report) {
      context.write(renderJunit(report, warnMode));
    },
  };
}
