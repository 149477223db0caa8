/**
 * The console reporter: live progress while cases run (a progress line on a TTY, plain lines
 * otherwise), then every failure and warning grouped at the end with the rule quoted, Expected /
 * Actual, the offending transcript lines and the replay command, then the two judgements, and as
 * the very last line the summary `N passed, N failed, ...`.
 */
import type { CaseResult, PlannedCase, Report, ReportHeader, Verdict } from "../../suites/model/report.js";
import { replayCommand } from "../replay-command.js";
import type { Reporter, ReporterContext } from "../reporter.js";
import { ruleText } from "../rule-text.js";
import type { Style } from "../terminal.js";
import { visibleControls } from "../text-safety.js";

const SYMBOLS: Record<Verdict, string> = { pass: "✓", fail: "✗", warn: "!", info: "i", skip: "-", timeout: "⏱", error: "E" };

function colourFor(style: Style, verdict: Verdict): (text: string) => string {
  switch (verdict) {
    case "pass":
      return style.green;
    case "fail":
    case "timeout":
    case "error":
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
  if (counts.info > 0) parts.push(`${counts.info} info`);
  if (counts.skip > 0) parts.push(`${counts.skip} skipped`);
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

/** Details of one non-passing result, as printed at the end. */
export function describeResult(result: CaseResult, header: ReportHeader, style: Style): string[] {
  const colour = colourFor(style, result.verdict);
  const lines = [colour(`${SYMBOLS[result.verdict]} ${result.verdict.toUpperCase()} ${result.id}${result.reason ? ` [${result.reason}]` : ""}`), `  ${safe(result.title)} (${result.level})`];
  for (const ref of result.refs) lines.push(style.dim(`  rule: ${ruleText(ref)}`));
  if (result.message) lines.push(`  ${safe(result.message)}`);
  if (result.expected !== undefined) lines.push(`  Expected: ${safe(result.expected)}`);
  if (result.actual !== undefined) lines.push(`  Actual:   ${safe(result.actual)}`);
  for (const line of result.lines ?? []) {
    const where = line.channel === "file" ? "messages file" : line.channel;
    lines.push(`  ${style.dim(`${where} line ${line.lineNumber} |`)} ${safe(line.text)}`);
  }
  if (result.stderrTail && result.verdict !== "warn") {
    for (const text of result.stderrTail.split("\n").slice(-3)) lines.push(`  ${style.dim("stderr |")} ${safe(text)}`);
  }
  if (result.generated) {
    lines.push(`  seed ${result.generated.seed}, path ${result.generated.path}${result.generated.shrunk ? " (shrunk)" : ""}`);
    lines.push(`  counterexample: ${safe(result.generated.counterexample.length > 600 ? `${result.generated.counterexample.slice(0, 600)}…` : result.generated.counterexample)}`);
  }
  if (result.verdict !== "skip") lines.push(style.dim(`  replay: ${safe(replayCommand(header, result))}`));
  return lines;
}

/** Creates the console reporter. */
export function createConsoleReporter(context: ReporterContext): Reporter {
  const { style, write } = context;
  let header: ReportHeader | undefined;
  let total = 0;
  let done = 0;
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
    },
    onCaseStart(planned) {
      running.add(planned.id);
      showProgress();
    },
    onCaseEnd(result) {
      running.delete(result.id);
      done++;
      counts[result.verdict] = (counts[result.verdict] ?? 0) + 1;
      if (context.isTTY) {
        if (result.verdict === "fail" || result.verdict === "timeout" || result.verdict === "error") {
          clearProgress();
          write(`${colourFor(style, result.verdict)(`${SYMBOLS[result.verdict]} ${result.id}`)}${result.reason ? ` [${result.reason}]` : ""}\n`);
        }
        showProgress();
        return;
      }
      const suffix = result.reason ? ` [${result.reason}]` : result.message && result.verdict === "skip" ? ` (${result.message})` : "";
      write(`${colourFor(style, result.verdict)(`${SYMBOLS[result.verdict]} ${result.verdict.padEnd(7)} ${result.id}`)}${suffix} ${style.dim(`${Math.round(result.durationMs)} ms`)}\n`);
    },
    onRunEnd(report) {
      clearProgress();
      const notable = report.results.filter((result) => ["fail", "timeout", "error", "warn"].includes(result.verdict));
      const order: Verdict[] = ["fail", "timeout", "error", "warn"];
      notable.sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict));
      if (notable.length > 0) write(`\n${style.bold("Failures and warnings")}\n`);
      for (const result of notable) write(`\n${describeResult(result, header ?? report.header, style).join("\n")}\n`);
      const summary = report.summary;
      write("\n");
      write(`Dagster acceptance: ${summary.dagsterAcceptance ? style.green("yes (no MUST case failed)") : style.red("NO (a MUST case failed: Dagster would lose or misread something)")}\n`);
      write(`Reference fidelity: ${summary.referenceWarnings === 0 ? style.green("no SHOULD warning") : style.yellow(`${summary.referenceWarnings} SHOULD warning(s)${context.strict ? " (failing: --strict)" : ""}`)}\n`);
      write(`Duration: ${(report.header.durationMs / 1000).toFixed(1)} s\n`);
      write(`${summaryLine(report)}\n`);
    },
  };
}
