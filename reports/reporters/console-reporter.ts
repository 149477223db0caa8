/**
 * The console reporter: live progress while cases run (a progress line on a TTY, plain lines
 * otherwise), then one block per ROOT CAUSE (the deviation, the cases it affects, Expected/Actual,
 * the offending lines, the rule and a replay command), then what was not judged (timeouts, errors,
 * cases not run), then the two judgements, and as the very last line the summary
 * `N passed, N failed, ...`. An incomplete run says INTERRUPTED (or why it stopped) first.
 * `--verbose` adds every case's details with all its findings.
 */
import { FINDING_CODES } from "../../suites/finding-codes.js";
import { isNotJudged, STDERR_LINES_QUOTED, type CaseResult, type PlannedCase, type Report, type ReportHeader, type Verdict } from "../../suites/model/report.js";
import type { RootCause } from "../../suites/model/root-cause.js";
import { replayCommand } from "../replay-command.js";
import type { Reporter, ReporterContext } from "../reporter.js";
import { ruleText } from "../rule-text.js";
import type { Style } from "../terminal.js";
import { visibleControls } from "../text-safety.js";
import { verdictLevelText } from "../verdict-level.js";

const SYMBOLS: Record<Verdict, string> = { pass: "✓", fail: "✗", warn: "!", info: "i", skip: "-", timeout: "⏱", error: "E", "not-run": "⛔" };

/** How many affected case IDs a root cause lists before "+N more" (all of them under --verbose). */
const CASES_SHOWN = 6;

function colourFor(style: Style, verdict: Verdict): (text: string) => string {
  switch (verdict) {
    case "pass":
      return style.green;
    case "fail":
    case "timeout":
    case "error":
    case "not-run":
      return style.red;
    case "warn":
      return style.yellow;
    default:
      return style.dim;
  }
}

/** The summary line: `N passed, N failed` first, then the other classes that occurred. */
export function summaryLine(report: Report): string {
  const counts = report.summary.counts;
  const parts = [`${counts.pass} passed`, `${counts.fail} failed`];
  if (counts.warn > 0) parts.push(`${counts.warn} warned`);
  if (counts.timeout > 0) parts.push(`${counts.timeout} timed out`);
  if (counts.error > 0) parts.push(`${counts.error} errored`);
  if (counts["not-run"] > 0) parts.push(`${counts["not-run"]} not run`);
  if (counts.info > 0) parts.push(`${counts.info} info`);
  const notJudged = report.results.filter(isNotJudged).length;
  // A case that ran but had nothing to judge is counted with the skips, and said apart from them.
  if (counts.skip > 0) parts.push(`${counts.skip} skipped${notJudged > 0 ? ` (${notJudged} not judged: nothing to judge)` : ""}`);
  return parts.join(", ");
}

/**
 * Text from the program under test, made harmless for a terminal: escape sequences, NUL and other
 * controls shown as `\uXXXX`, CR as `\r` (it would overwrite the line). Our own colour codes are
 * added around it afterwards, so they are not affected.
 */
function safe(text: string): string {
  return visibleControls(text).replaceAll("\r", "\\r");
}

/** Why a report is incomplete, as its first line says it; undefined when it is complete. */
export function incompleteLine(report: Report): string | undefined {
  if (!report.summary.incomplete) return undefined;
  const notRun = report.results.filter((result) => result.verdict === "not-run");
  const interrupted = report.header.interrupted;
  const cause = interrupted !== undefined ? `INTERRUPTED by ${interrupted.signal} at ${interrupted.at}` : `STOPPED: ${notRun[0]?.message?.replace(/^not run: /, "") ?? "the run did not finish"}`;
  return `${cause}: ${notRun.length} case(s) not run; this report is incomplete and does not pass`;
}

/** Details of one non-passing result with all its findings (`--verbose`, JUnit, markdown). */
export function describeResult(result: CaseResult, header: ReportHeader, style: Style): string[] {
  const colour = colourFor(style, result.verdict);
  const lines = [colour(`${SYMBOLS[result.verdict]} ${result.verdict.toUpperCase()} ${result.id}${result.reason ? ` [${result.reason}]` : ""}`), `  ${safe(result.title)} (${verdictLevelText(result)})`];
  for (const ref of result.refs) lines.push(style.dim(`  rule: ${ruleText(ref)}`));
  if (result.message) lines.push(`  ${safe(result.message)}`);
  const findings = result.findings ?? (result.reason !== undefined && result.expected !== undefined ? [{ code: result.reason, level: result.level, expected: result.expected, actual: result.actual ?? "", lines: result.lines, rootCause: result.reason }] : []);
  for (const [index, finding] of findings.entries()) {
    if (findings.length > 1) lines.push(`  ${index + 1}. ${finding.level} ${finding.code}`);
    lines.push(`  Expected: ${safe(finding.expected)}`);
    lines.push(`  Actual:   ${safe(finding.actual)}`);
    for (const line of finding.lines ?? []) lines.push(`  ${style.dim(`${line.channel === "file" ? "messages file" : line.channel} line ${line.lineNumber} |`)} ${safe(line.text)}`);
  }
  if (result.stderrTail && result.verdict !== "warn") {
    for (const text of result.stderrTail.split("\n").slice(-STDERR_LINES_QUOTED)) lines.push(`  ${style.dim("stderr |")} ${safe(text)}`);
  }
  if (result.generated) {
    lines.push(`  seed ${result.generated.seed}, path ${result.generated.path}${result.generated.shrunk ? " (shrunk)" : ""}`);
    lines.push(`  counterexample: ${safe(result.generated.counterexample.length > 600 ? `${result.generated.counterexample.slice(0, 600)}…` : result.generated.counterexample)}`);
  }
  if (result.verdict !== "skip" && result.verdict !== "not-run") lines.push(style.dim(`  replay: ${safe(replayCommand(header, result))}`));
  return lines;
}

/** The block of one root cause: its one line, then where it was seen and one example. */
export function describeRootCause(cause: RootCause, report: Report, style: Style, verbose: boolean): string[] {
  const verdict: Verdict = cause.level === "MUST" ? "fail" : cause.level === "SHOULD" ? "warn" : "info";
  const colour = colourFor(style, verdict);
  const count = cause.cases.length;
  // One line per root cause, whatever the program's text holds.
  const lines = [colour(`${SYMBOLS[verdict]} ${cause.level} ${cause.code} in ${count} case${count === 1 ? "" : "s"}: ${safe(cause.actual).replaceAll("\n", "\\n")}`)];
  const shown = verbose ? cause.cases : cause.cases.slice(0, CASES_SHOWN);
  lines.push(style.dim(`  cases: ${shown.join(", ")}${shown.length < count ? `, +${count - shown.length} more (--verbose lists them)` : ""}`));
  lines.push(`  Expected: ${safe(cause.expected)}`);
  const example = report.results.find((result) => result.id === cause.cases[0]);
  const finding = example?.findings?.find((candidate) => candidate.rootCause === cause.id);
  for (const line of finding?.lines ?? []) lines.push(`  ${style.dim(`${line.channel === "file" ? "messages file" : line.channel} line ${line.lineNumber} |`)} ${safe(line.text)}`);
  const entry = FINDING_CODES[cause.code];
  if (entry !== undefined) {
    lines.push(style.dim(`  rule: ${entry.rule.section}: ${entry.rule.quote}`));
    lines.push(style.dim(`  why ${cause.level}: ${entry.why}`));
  }
  if (example !== undefined) {
    if (example.stderrTail && cause.level === "MUST") for (const text of example.stderrTail.split("\n").slice(-STDERR_LINES_QUOTED)) lines.push(`  ${style.dim("stderr |")} ${safe(text)}`);
    if (example.generated) lines.push(`  seed ${example.generated.seed}, path ${example.generated.path}${example.generated.shrunk ? " (shrunk)" : ""}: ${safe(example.generated.counterexample.slice(0, 300))}`);
    lines.push(style.dim(`  replay: ${safe(replayCommand(report.header, example))}`));
  }
  return lines;
}

/**
 * Results that are not findings and did not pass (timeouts, errors, cases not run, cases that ran
 * but had nothing to judge): grouped by their reason and message.
 */
function notJudgedLines(report: Report, style: Style): string[] {
  const groups = new Map<string, CaseResult[]>();
  for (const result of report.results) {
    if (result.verdict !== "timeout" && result.verdict !== "error" && result.verdict !== "not-run" && !isNotJudged(result)) continue;
    const key = `${result.verdict}|${result.reason ?? ""}|${result.message ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  const lines: string[] = [];
  for (const results of groups.values()) {
    const first = results[0]!;
    const ids = results.slice(0, CASES_SHOWN).map((result) => result.id).join(", ");
    const label = first.reason === undefined || first.reason === first.verdict.toUpperCase() ? first.verdict.toUpperCase() : `${first.verdict.toUpperCase()} ${first.reason}`;
    lines.push(colourFor(style, first.verdict)(`${SYMBOLS[first.verdict]} ${label} in ${results.length} case${results.length === 1 ? "" : "s"}: ${safe(first.message ?? "")}`));
    lines.push(style.dim(`  cases: ${ids}${results.length > CASES_SHOWN ? `, +${results.length - CASES_SHOWN} more` : ""}`));
    // The program's stderr explains a timeout or an error; a case not run or with nothing to judge has nothing it could explain.
    if (first.stderrTail && (first.verdict === "timeout" || first.verdict === "error")) for (const text of first.stderrTail.split("\n").slice(-STDERR_LINES_QUOTED)) lines.push(`  ${style.dim("stderr |")} ${safe(text)}`);
  }
  return lines;
}

/** Creates the console reporter. */
export function createConsoleReporter(context: ReporterContext): Reporter {
  const { style, write } = context;
  const verbose = context.verbose === true;
  let header: ReportHeader | undefined;
  let total = 0;
  let done = 0;
  let stopAnnounced = false;
  const running = new Set<string>();
  const counts: Partial<Record<Verdict, number>> = {};
  let progressShown = false;

  const clearProgress = (): void => {
    if (progressShown) write("\r\u001b[2K");
    progressShown = false;
  };
  const showProgress = (): void => {
    if (!context.isTTY) return;
    const current = [...running][0] ?? "";
    const tally = `${style.green(`${counts.pass ?? 0} passed`)} ${style.red(`${(counts.fail ?? 0) + (counts.timeout ?? 0) + (counts.error ?? 0)} failed`)} ${style.yellow(`${counts.warn ?? 0} warned`)}`;
    write(`\r\u001b[2K[${done}/${total}] ${tally} ${style.dim(current)}`);
    progressShown = true;
  };

  return {
    onRunStart(runHeader, plan: readonly PlannedCase[]) {
      header = runHeader;
      total = plan.length;
      const skipped = plan.filter((planned) => planned.skip !== undefined).length;
      write(`${style.bold("pipes-conformance")} ${runHeader.tool.version} · protocol ${runHeader.protocolVersion} · ${runHeader.command.join(" ")}\n`);
      write(style.dim(`${total} cases (${skipped} skipped for undeclared capabilities) · seed ${runHeader.seed} · ${runHeader.runs} generated runs · ${runHeader.axes.transport}/${runHeader.axes.contextForm}/${runHeader.axes.channel}\n`));
      if (runHeader.contextArgs !== undefined) write(style.dim(`program context: ${runHeader.contextArgs.join(" ")}\n`));
    },
    onCaseStart(planned) {
      running.add(planned.id);
      showProgress();
    },
    onCaseEnd(result) {
      running.delete(result.id);
      done++;
      counts[result.verdict] = (counts[result.verdict] ?? 0) + 1;
      // The moment the run stops (a hung target, --max-fail, a signal), say so at once and once.
      if (result.verdict === "not-run" && !stopAnnounced) {
        stopAnnounced = true;
        clearProgress();
        write(`${style.red(`⛔ stopping: ${safe((result.message ?? "the run stopped").replace(/^not run: /, ""))}`)}\n`);
      }
      if (context.isTTY) {
        if (result.verdict === "fail" || result.verdict === "timeout" || result.verdict === "error") {
          clearProgress();
          write(`${colourFor(style, result.verdict)(`${SYMBOLS[result.verdict]} ${result.id}`)}${result.reason ? ` [${result.reason}]` : ""}\n`);
        }
        showProgress();
        return;
      }
      if (result.verdict === "not-run") return;
      const suffix = result.reason ? ` [${result.reason}]` : result.message && result.verdict === "skip" ? ` (${result.message})` : "";
      write(`${colourFor(style, result.verdict)(`${SYMBOLS[result.verdict]} ${result.verdict.padEnd(7)} ${result.id}`)}${suffix} ${style.dim(`${Math.round(result.durationMs)} ms`)}\n`);
    },
    onRunEnd(report) {
      clearProgress();
      const incomplete = incompleteLine(report);
      if (incomplete !== undefined) write(`\n${style.red(style.bold(incomplete))}\n`);
      const causes = report.summary.rootCauses;
      if (causes.length > 0) write(`\n${style.bold(`Root causes (${causes.length})`)}\n`);
      for (const cause of causes) write(`\n${describeRootCause(cause, report, style, verbose).join("\n")}\n`);
      const notJudged = notJudgedLines(report, style);
      if (notJudged.length > 0) write(`\n${style.bold("Not judged")}\n${notJudged.join("\n")}\n`);
      if (verbose) {
        const notable = report.results.filter((result) => ["fail", "warn", "info", "timeout", "error"].includes(result.verdict) && (result.reason !== undefined || result.message !== undefined));
        if (notable.length > 0) write(`\n${style.bold("Every case's findings")}\n`);
        for (const result of notable) write(`\n${describeResult(result, header ?? report.header, style).join("\n")}\n`);
      }
      const summary = report.summary;
      write("\n");
      if (incomplete !== undefined) write(`${style.red(`Incomplete: ${summary.counts["not-run"]} case(s) not run`)}\n`);
      write(
        `Dagster acceptance: ${summary.dagsterAcceptance ? style.green("yes (no MUST case failed)") : incomplete !== undefined && summary.counts.fail === 0 && summary.counts.timeout === 0 ? style.red("NOT JUDGED (the run is incomplete)") : style.red("NO (a MUST case failed: Dagster would lose or misread something)")}\n`,
      );
      write(`Reference fidelity: ${summary.referenceWarnings === 0 ? style.green("no SHOULD warning") : style.yellow(`${summary.referenceWarnings} SHOULD warning(s)${context.strict ? " (failing: --strict)" : ""}`)}\n`);
      write(`Duration: ${(report.header.durationMs / 1000).toFixed(1)} s\n`);
      write(`${summaryLine(report)}\n`);
    },
  };
}
