/**
 * Shows one session as Dagster would show it, live: logs with their level, materializations and
 * checks with their resolved metadata, custom messages, the program's own output (marked as such),
 * every warning or framework error Dagster would raise (with the message that would be lost), and
 * at the end a verdict: would the step succeed, and why not.
 */
import type { SessionEvent, SessionRecord, TranscriptLine } from "../harness/session.js";
import type { DagsterEffect, PipesErrorInfo } from "../harness/dagster/message-handler.js";
import type { ResolvedMetadataValue } from "../harness/dagster/metadata-resolution.js";
import { sameAssetKey, toUserString } from "../harness/dagster/asset-key.js";
import type { CheckSpec } from "../harness/dagster/step-verdict.js";
import { serializePythonJson } from "../harness/json/serialize-python-json.js";
import type { JsonValue } from "../harness/json/number-lexemes.js";
import type { Style } from "./terminal.js";

/** Where and how to print. */
export interface SessionPrinterOptions {
  write: (text: string) => void;
  style: Style;
  /**
   * The step's declared check specs (`run --check`): a reported check that matches none is shown
   * as what Dagster concludes (the step fails), not as passed. Undefined: names not verified.
   */
  checkSpecs?: readonly CheckSpec[];
}

const EXCERPT = 160;

function excerpt(text: string, limit = EXCERPT): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

function compactJson(value: JsonValue, lexeme?: string): string {
  return excerpt(serializePythonJson(value, { compact: false, ensureAscii: false }, lexeme), 120);
}

function where(line: TranscriptLine): string {
  return line.channel === "file" ? `messages file line ${line.lineNumber}` : `${line.channel} line ${line.lineNumber}`;
}

/** Formats resolved metadata, one entry a line. */
export function formatMetadata(metadata: Record<string, ResolvedMetadataValue>, indent: string): string[] {
  return Object.keys(metadata).map((label) => {
    const entry = metadata[label]!;
    return `${indent}${label}: ${entry.kind} ${compactJson(entry.value, entry.lexeme)}`;
  });
}

function formatException(exception: PipesErrorInfo, style: Style, indent: string): string[] {
  const lines = [`${indent}${style.red(String(exception.name ?? "Exception"))}: ${excerpt(String(exception.message).trimEnd())}`];
  if (Array.isArray(exception.stack)) {
    for (const frame of exception.stack.slice(-6)) lines.push(...String(frame).trimEnd().split("\n").map((part) => `${indent}  ${style.dim(part)}`));
  }
  if (exception.cause) lines.push(`${indent}caused by:`, ...formatException(exception.cause, style, `${indent}  `));
  if (exception.context) lines.push(`${indent}while handling:`, ...formatException(exception.context, style, `${indent}  `));
  return lines;
}

/** Whether Dagster would accept a reported check's name against the declared specs. */
function checkDeclared(effect: Extract<DagsterEffect, { kind: "check" }>, checkSpecs: readonly CheckSpec[] | undefined): boolean {
  return checkSpecs === undefined || checkSpecs.some((spec) => sameAssetKey(spec.assetKey, effect.assetKey) && spec.name === effect.checkName);
}

function describeEffect(effect: DagsterEffect, style: Style, checkSpecs?: readonly CheckSpec[]): string[] {
  switch (effect.kind) {
    case "opened":
      return [style.dim("[pipes] external process successfully opened dagster pipes.")];
    case "closed":
      return effect.exception === null
        ? [style.dim("[pipes] closed")]
        : [style.yellow("[pipes] external process pipes closed with exception"), ...formatException(effect.exception, style, "    ")];
    case "log": {
      const colour = effect.levelNumber >= 40 ? style.red : effect.levelNumber >= 30 ? style.yellow : (text: string) => text;
      return [`${colour(`log ${effect.level.padEnd(8)}`)} ${effect.message}`];
    }
    case "materialization":
      return [
        `${style.green("materialized")} ${style.bold(toUserString(effect.assetKey))}${effect.dataVersion === null ? "" : ` (data version ${effect.dataVersion})`}`,
        ...formatMetadata(effect.metadata, "    "),
      ];
    case "check": {
      const name = style.bold(`${toUserString(effect.assetKey)}:${effect.checkName}`);
      if (!checkDeclared(effect, checkSpecs)) {
        // Dagster raises on a check no spec declares: the step fails, whatever the check says.
        return [
          `${style.red("✗ check not declared")} ${name} (reported ${effect.passed ? "passed" : "failed"}, severity ${effect.severity}): Dagster raises and the step fails`,
          ...formatMetadata(effect.metadata, "    "),
        ];
      }
      return [`${effect.passed ? style.green("check passed") : style.red("check failed")} ${name} severity ${effect.severity}`, ...formatMetadata(effect.metadata, "    ")];
    }
    case "custom":
      return [`custom message ${compactJson(effect.payload)}`];
    case "external-stream":
      return effect.text
        .replace(/\n$/, "")
        .split("\n")
        .map((text) => `${style.dim(`${effect.stream} (via log_external_stream) |`)} ${text}`);
  }
}

/** Prints each live event of a session. */
export function printSessionEvent(event: SessionEvent, options: SessionPrinterOptions): void {
  const { write, style } = options;
  const out = (lines: string[]): void => write(lines.map((line) => `${line}\n`).join(""));
  switch (event.type) {
    case "launched":
      return;
    case "output":
      out([`${style.dim(`${event.line.stream} |`)} ${event.line.text}`]);
      return;
    case "file-event":
      out([
        style.yellow(
          event.event.kind === "unread"
            ? `warning: ${event.event.bytes ?? 0} bytes of the messages file were left unread at the session's deadline`
            : `warning: the messages file was ${event.event.kind} by the program; Dagster's reader would not see what follows`,
        ),
      ]);
      return;
    case "exited":
      return;
    case "message":
      out(describeLine(event.line, style, options.checkSpecs));
  }
}

function describeLine(line: TranscriptLine, style: Style, checkSpecs: readonly CheckSpec[] | undefined): string[] {
  const verdict = line.verdict;
  switch (verdict.kind) {
    case "accepted": {
      const lines = describeEffect(verdict.result.effect, style, checkSpecs);
      if (verdict.result.afterClosed) lines.unshift(style.yellow("warning: [pipes] unexpected message received after closed (still processed)"));
      return lines;
    }
    case "rejected": {
      const rejection = verdict.rejection;
      const lines = [
        style.red(`✗ message lost (${where(line)}): ${rejection.pointer === "" ? "" : `${rejection.pointer}: `}${rejection.message} [${rejection.code}]`),
        `    ${style.dim("line:")} ${excerpt(line.text)}`,
        `    ${style.dim("Dagster raises:")} ${rejection.pythonError}`,
        `    ${style.dim("rule:")} ${rejection.rule}`,
      ];
      if (verdict.fatal) lines.push(style.red("    Dagster's file reader dies here: every later message is lost."));
      else lines.push(style.dim("    Dagster's stdio reader prints the line as text and skips it."));
      return lines;
    }
    case "lost":
      return [
        style.red(
          `✗ message lost (${where(line)}): ${verdict.cause === "reader-dead" ? `Dagster's reader died at line ${verdict.deathLine}` : `the program ${verdict.cause === "file-truncated" ? "truncated" : "replaced"} the messages file`}`,
        ),
        `    ${style.dim("line:")} ${excerpt(line.text)}`,
      ];
    case "oversize":
      return [style.yellow(`warning: ${where(line)} is ${line.byteLength} bytes, over the line cap: not judged`)];
    case "output":
      return [`${style.dim(`${line.channel} |`)} ${line.text}`];
  }
}

function countOf(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The final verdict block; returns whether `run` succeeds (exit 0). */
export function printSessionVerdict(record: SessionRecord, options: SessionPrinterOptions): boolean {
  const { write, style } = options;
  const dagster = record.dagster;
  const lines: string[] = [""];
  const outcome = record.process;
  const seconds = ((outcome.endedAtMs - outcome.startedAtMs) / 1000).toFixed(2);
  const ending = outcome.spawnError
    ? outcome.spawnError.message
    : outcome.timedOut
      ? `timed out and was ended after ${seconds} s`
      : outcome.signal !== null
        ? `ended by ${outcome.signal} after ${seconds} s`
        : `exited with code ${outcome.exitCode} after ${seconds} s`;
  lines.push(style.bold("── what Dagster would conclude ──"), `process: ${ending}`);
  // Not Dagster's concern, but the harness had to clean up after the program.
  if (outcome.groupProcessesEnded > 0) {
    lines.push(style.yellow(`${countOf(outcome.groupProcessesEnded, "process", "processes")} of its process group ${outcome.groupProcessesEnded === 1 ? "was" : "were"} still running and ${outcome.groupProcessesEnded === 1 ? "was" : "were"} ended`));
  }
  if (outcome.escapedProcessesEnded > 0) {
    lines.push(style.yellow(`${countOf(outcome.escapedProcessesEnded, "process", "processes")} escaped the process group (setsid?) and ${outcome.escapedProcessesEnded === 1 ? "was" : "were"} ended`));
  }
  for (const warning of dagster.warnings.filter((notice) => notice.code !== "W_MESSAGE_AFTER_CLOSED" && notice.code !== "W_READER_DIED")) {
    lines.push(style.yellow(`warning: ${warning.message}`));
  }
  if (dagster.implicitMaterializations.length > 0) {
    lines.push(`implicit materializations (assets the process did not report): ${dagster.implicitMaterializations.map(toUserString).join(", ")}`);
  }
  if (dagster.checkNamesUnverified) lines.push(style.dim("note: checks were shown as accepted; their names were not verified (declare them with --check ASSET:NAME)"));
  lines.push(
    `messages: ${dagster.acceptedCount} handled, ${dagster.lostCount} lost; ${dagster.materializationCount} materializations, ${dagster.checkCount} checks, ${dagster.customMessageCount} custom messages, ${dagster.logCount} logs`,
  );
  if (record.strayProtocolLines.length > 0) {
    lines.push(style.yellow(`warning: ${record.strayProtocolLines.length} protocol message(s) written on ${[...new Set(record.strayProtocolLines.map((line) => line.stream))].join(" and ")}, not on the channel: Dagster never reads them`));
  }
  const reasons: string[] = [...dagster.failures.map((failure) => failure.message)];
  if (!dagster.openedReceived) reasons.push("no opened message was received");
  else if (!dagster.closedReceived) reasons.push("no closed message was received");
  if (dagster.lostCount > 0) reasons.push(`${dagster.lostCount} message(s) would be lost`);
  const ok = dagster.ok;
  if (dagster.stepSucceeded) lines.push(`step: ${style.green("SUCCEEDED")}`);
  else lines.push(`step: ${style.red("FAILED")} (${dagster.failures.map((failure) => failure.message).join("; ")})`);
  lines.push(ok ? style.green("OK: Dagster would run this step successfully and lose nothing.") : style.red(`NOT OK: ${reasons.join("; ")}.`));
  write(lines.map((line) => `${line}\n`).join(""));
  return ok;
}
