/**
 * Findings several checks share, built in one place so that every case that sees the same
 * deviation reports it with the same code and shape (one root cause): the messages Dagster loses
 * (named by the rejection that lost them), a session without `closed`, and the program's own error.
 */
import type { SessionRecord } from "../../harness/session.js";
import type { Finding } from "../model/case.js";
import { pointerShape } from "../model/root-cause.js";
import { programErrorHint } from "./program-error-hint.js";
import { closedWithException, describeEnding, parsedMessages, quote, stderrTail } from "./transcript.js";

/** Whether the process failed by itself (a non-zero exit or a signal, not the harness's timeout). */
export function processFailed(record: SessionRecord): boolean {
  const outcome = record.process;
  return !outcome.timedOut && outcome.spawnError === undefined && (outcome.signal !== null || (outcome.exitCode !== null && outcome.exitCode !== 0));
}

/**
 * Every message Dagster loses, one finding per root cause: a message its handler rejects (named by
 * the rejection's code and the place of the offending value), a message on stdio without the
 * version field, a line it never reads (the file truncated or replaced under it). Lines lost
 * because an earlier rejection killed the reader are counted in the rejection's finding.
 */
export function lossFindings(record: SessionRecord): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const add = (key: string, finding: Finding): void => {
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(finding);
  };
  for (const line of record.transcript) {
    const verdict = line.verdict;
    if (verdict.kind === "rejected") {
      const rejection = verdict.rejection;
      const shape = pointerShape(rejection.pointer);
      const consequence = verdict.fatal ? `its reader dies: ${record.dagster.lostCount} message(s) lost` : "the message is lost";
      add(`${rejection.code}@${shape}`, {
        code: rejection.code,
        expected: "Dagster handles every message",
        actual: `${rejection.pointer === "" ? "" : `${rejection.pointer}: `}${rejection.message} (Dagster raises ${rejection.pythonError}; ${consequence})`,
        lines: [quote(line)],
        shape,
      });
    } else if (verdict.kind === "output" && verdict.looksLikeMessage) {
      add("E_VERSION_MISSING_ON_STDIO", {
        code: "E_VERSION_MISSING_ON_STDIO",
        expected: "Dagster reads every message",
        actual: `a message without __dagster_pipes_version on ${line.channel} is read as plain output and lost`,
        lines: [quote(line)],
      });
    } else if (verdict.kind === "lost" && verdict.cause !== "reader-dead") {
      add(`E_MESSAGE_LOST:${verdict.cause}`, {
        code: "E_MESSAGE_LOST",
        expected: "Dagster reads every message",
        actual: `line ${line.lineNumber} never reaches Dagster (${verdict.cause})`,
        lines: [quote(line)],
        shape: verdict.cause,
      });
    }
  }
  return findings;
}

/** Whether the program wrote a `closed` message (received or not). */
export function closedWritten(record: SessionRecord): boolean {
  return parsedMessages(record).some((message) => message.method === "closed");
}

/**
 * The finding for a session that never wrote `closed`: with exit 0 Dagster judges a success while
 * warning that buffered messages may be lost (MUST); after a crash the exit code already fails the
 * step (SHOULD).
 */
export function missingClosedFinding(record: SessionRecord): Finding {
  const last = lastStderrLine(record);
  const ending = `${describeEnding(record)}${last ? `; stderr ends: ${last.slice(0, 200)}` : ""}`;
  if (processFailed(record)) {
    return { code: "W_NO_CLOSED_AFTER_CRASH", expected: "closed written even when the session ends with an error (with the exception)", actual: `no closed (${ending})` };
  }
  return { code: "E_NO_CLOSED", expected: "closed written before the program exits", actual: `no closed (${ending})` };
}

/** The last non-blank line the program printed on stderr (usually its error). */
export function lastStderrLine(record: SessionRecord): string {
  const lines = stderrTail(record, 8).split("\n").map((line) => line.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? "";
}

/** The program's own error: the exception it reported on `closed`, else the last line it printed on stderr. */
export function programErrorText(record: SessionRecord): string {
  const reported = closedWithException(record)?.exception;
  if (reported !== undefined) {
    // The reference's message is already "Type: text\n" (format_exception_only); others give the name apart.
    const message = typeof reported.message === "string" ? reported.message.trim().split("\n")[0]! : "";
    return message || (typeof reported.name === "string" ? reported.name : "an exception");
  }
  return lastStderrLine(record) || describeEnding(record);
}

/**
 * The program failed under a context that keeps its own contract: what it needs that the context
 * lacks, where the error says (a missing extra: declare it with --extras...), and its error.
 */
export function programErrorFinding(record: SessionRecord): Finding {
  const error = programErrorText(record).slice(0, 300);
  const hint = programErrorHint(error);
  return {
    code: "E_PROGRAM_ERROR",
    expected: "the program runs under its own context (declare it with the context flags: --asset, --extras, --check, --partition-key...)",
    actual: hint === undefined ? `the program failed: ${error} (${describeEnding(record)})` : `${hint} (the program's error: ${error})`,
    // The error's text, without the numbers that differ between runs, names the cause.
    shape: (hint ?? error).replace(/\d+/g, "#").slice(0, 160),
  };
}

/** The finding for a session of which nothing reached the channel. */
export function nothingReceived(record: SessionRecord, contractChanging: boolean): Finding {
  if (record.transport === "cli") {
    return {
      code: "E_CLI_ARGUMENTS_IGNORED",
      expected: "the session opened from the bootstrap given as --dagster-pipes-context / --dagster-pipes-messages arguments",
      actual: `the program ignored the bootstrap given as CLI arguments (${describeEnding(record)}): declare \`--transports env\`, or read them with your library's CLI params loader`,
    };
  }
  if (processFailed(record)) {
    if (!contractChanging) return programErrorFinding(record);
    return missingClosedFinding(record);
  }
  const stray = record.strayProtocolLines[0];
  const tail = lastStderrLine(record);
  return {
    code: "E_CHANNEL_UNUSED",
    expected: `messages on the ${record.channel} channel`,
    actual:
      stray !== undefined
        ? `${record.strayProtocolLines.length} message(s) written on ${stray.stream} instead of the ${record.channel} channel`
        : `no message on the ${record.channel} channel (${describeEnding(record)}${tail ? `; stderr ends: ${tail.slice(0, 200)}` : ""}): the program ran as if Dagster had not launched it`,
  };
}
