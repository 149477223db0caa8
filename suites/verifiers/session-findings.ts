/**
 * Findings several checks share, built in one place so that every case that sees the same
 * deviation reports it with the same code and shape (one root cause): the messages Dagster loses
 * (named by the rejection that lost them), a session without `closed`, and the program's own error.
 */
import type { SessionRecord } from "../../harness/session.js";
import type { CaseSetup, Finding } from "../model/case.js";
import { pointerShape } from "../model/root-cause.js";
import { errorLine, lastMeaningfulLine } from "./error-line.js";
import { programErrorHint } from "./program-error-hint.js";
import { closedWithException, describeEnding, framingMessages, parsedMessages, quote, stderrText } from "./transcript.js";
import { clipText } from "./clip-text.js";
import { CONTEXT_VARIATION_MEANING } from "../context-variations.js";

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
  return framingMessages(record).some((message) => message.method === "closed");
}

/**
 * The finding for a session that never wrote `closed`: with exit 0 Dagster judges a success while
 * warning that buffered messages may be lost (MUST); after a crash the exit code already fails the
 * step (SHOULD).
 */
export function missingClosedFinding(record: SessionRecord): Finding {
  const error = stderrError(record);
  const ending = `${describeEnding(record)}${error ? `; stderr: ${clipText(error, 200)}` : ""}`;
  if (processFailed(record)) {
    return { code: "W_NO_CLOSED_AFTER_CRASH", expected: "closed written even when the session ends with an error (with the exception)", actual: `no closed (${ending})` };
  }
  return { code: "E_NO_CLOSED", expected: "closed written before the program exits", actual: `no closed (${ending})` };
}

/**
 * The line of stderr that says what went wrong (R's `Error in ...`, Java's `Exception in thread`,
 * Node's `TypeError: ...`, a Python traceback's last line), else its last line that is not a
 * stack frame or boilerplate ("Execution halted", "Node.js v20", "... 7 more").
 */
export function stderrError(record: SessionRecord): string {
  const text = stderrText(record);
  // Without a line that reads like an error or is not boilerplate, the boilerplate's last line.
  const said = text.split("\n").map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("{"));
  return errorLine(text) ?? lastMeaningfulLine(text) ?? said[said.length - 1] ?? "";
}

/** The first line of the exception a `closed` message reports, `Type: message` where it has both. */
export function reportedExceptionText(exception: { [key: string]: unknown }): string {
  // The reference's message is already "Type: text\n" (format_exception_only); others give the name apart.
  const message = typeof exception.message === "string" ? exception.message.trim().split("\n")[0]! : "";
  const name = typeof exception.name === "string" ? exception.name : "";
  if (message === "") return name || "an exception";
  return name === "" || message.includes(name) ? message : `${name}: ${message}`;
}

/** The program's own error: the exception it reported on `closed`, else the error line of its stderr. */
export function programErrorText(record: SessionRecord): string {
  const reported = closedWithException(record)?.exception;
  if (reported !== undefined) return reportedExceptionText(reported as { [key: string]: unknown });
  return stderrError(record) || describeEnding(record);
}

/** The text of an error as a root-cause key: without the numbers that differ between runs (line numbers, ids). */
export function errorKey(error: string): string {
  return clipText(error.replace(/\d+/g, "#"), 160);
}

/** Whether the program wrote an `opened` message (received or not). */
export function openedWritten(record: SessionRecord): boolean {
  return parsedMessages(record).some((message) => message.method === "opened");
}

/** What a launch varies from Dagster's default one, and the flag that declares it when a library lacks it. */
export interface BootstrapVariation {
  /** E.g. `channel buffered-stderr`, `context form data`, `context variation unknown-keys`. */
  text: string;
  /** The flags that leave the varied part out of a run (`--channels`...), empty when it is no launch option. */
  flags: string[];
  /**
   * What is varied, without the values of the launch axes (`channel`, not `channel stdout`): one
   * error under several channels is one defect (a library that cannot write to any stdio stream).
   */
  kind: string;
}

/**
 * What this launch varies: the transport, context form, channel and include_stdio the session ran
 * with (where they are not Dagster's default env / path / file), the bootstrap and the context the
 * case sets up. Two cases that fail on the same variation with the same error are one root cause.
 */
export function bootstrapVariation(record: SessionRecord, setup: CaseSetup | undefined): BootstrapVariation {
  const parts: string[] = [];
  const kinds: string[] = [];
  const flags: string[] = [];
  const vary = (text: string, kind: string = text): void => {
    parts.push(text);
    kinds.push(kind);
  };
  if (record.transport !== "env") {
    vary(`transport ${record.transport}`, "transport");
    flags.push("--transports");
  }
  if (record.contextForm !== "path") {
    vary(`context form ${record.contextForm}`, "context form");
    flags.push("--context-forms");
  }
  if (record.channel !== "file") {
    vary(`channel ${record.channel}`, "channel");
    flags.push("--channels");
  }
  if (record.includeStdio) {
    vary("include_stdio_in_messages");
    flags.push("--without log-external-stream");
  }
  const bootstrap = setup?.bootstrap;
  if (bootstrap !== undefined && bootstrap.kind !== "normal") vary(`bootstrap ${bootstrap.kind}`);
  const context = setup?.context;
  if (context?.kind === "variation") vary(`context variation ${context.name}`);
  else if (context?.kind === "generated") vary("a generated context");
  else if (context?.kind === "literal") vary("this case's context shape");
  const text = parts.length === 0 ? "the default launch (env, context file, messages file)" : parts.join(", ");
  return { text, flags, kind: kinds.length === 0 ? text : kinds.join(", ") };
}

/**
 * The program ended before writing `opened`: the library could not open the session under what
 * this case varies (a channel, a context form, a context shape...). Not the program's context
 * contract: its error is the library's, quoted by its first meaningful line. One root cause per
 * kind of variation (any channel, any context form...) and error, in the observed and the driven
 * cases alike.
 */
export function sessionNotOpenedFinding(record: SessionRecord, setup: CaseSetup | undefined): Finding {
  const variation = bootstrapVariation(record, setup);
  const error = clipText(programErrorText(record), 300);
  const context = setup?.context;
  const hint =
    variation.flags.length > 0
      ? `; if the library does not support it, declare what it supports with ${variation.flags.join(" / ")}`
      : context?.kind === "variation"
        ? `; ${CONTEXT_VARIATION_MEANING[context.name]}`
        : "";
  return {
    code: "E_SESSION_NOT_OPENED",
    expected: `opened written under ${variation.text}`,
    actual: `the program ended (${describeEnding(record)}) before writing opened under ${variation.text}: ${error}${hint}`,
    shape: `${variation.kind}: ${errorKey(error)}`,
  };
}

/**
 * The program failed under a context that keeps its own contract: what it needs that the context
 * lacks, where the error says (a missing extra: declare it with --extras...), and its error. A
 * program that failed before writing `opened` could not open the session: `E_SESSION_NOT_OPENED`.
 */
export function programErrorFinding(record: SessionRecord, setup?: CaseSetup): Finding {
  if (!openedWritten(record)) return sessionNotOpenedFinding(record, setup);
  const error = clipText(programErrorText(record), 300);
  const hint = programErrorHint(error);
  return {
    code: "E_PROGRAM_ERROR",
    expected: "the program runs under its own context (declare it with the context flags: --asset, --extras, --check, --partition-key...)",
    actual: hint === undefined ? `the program failed: ${error} (${describeEnding(record)})` : `${hint} (the program's error: ${error})`,
    // The error's text, without the numbers that differ between runs, names the cause.
    shape: errorKey(hint ?? error),
  };
}

/** The finding for a session of which nothing reached the channel. */
export function nothingReceived(record: SessionRecord, contractChanging: boolean, setup?: CaseSetup): Finding {
  if (record.transport === "cli") {
    return {
      code: "E_CLI_ARGUMENTS_IGNORED",
      expected: "the session opened from the bootstrap given as --dagster-pipes-context / --dagster-pipes-messages arguments",
      actual: `the program ignored the bootstrap given as CLI arguments (${describeEnding(record)}): declare \`--transports env\`, or read them with your library's CLI params loader`,
    };
  }
  if (processFailed(record)) {
    if (!contractChanging) return programErrorFinding(record, setup);
    return missingClosedFinding(record);
  }
  const stray = record.strayProtocolLines[0];
  const tail = stderrError(record);
  return {
    code: "E_CHANNEL_UNUSED",
    expected: `messages on the ${record.channel} channel`,
    actual:
      stray !== undefined
        ? `${record.strayProtocolLines.length} message(s) written on ${stray.stream} instead of the ${record.channel} channel`
        : `no message on the ${record.channel} channel (${describeEnding(record)}${tail ? `; stderr: ${clipText(tail, 200)}` : ""}): the program ran as if Dagster had not launched it`,
  };
}
