/**
 * Reading a session's transcript the way verifiers need it: the protocol messages in arrival
 * order with their method, and short quotes of lines for failure reports.
 */
import type { JsonObject } from "../../harness/json/number-lexemes.js";
import type { SessionRecord, TranscriptLine } from "../../harness/session.js";
import type { LineQuote } from "../model/case.js";

/** A protocol line that parsed as a JSON object. */
export interface ParsedMessage {
  line: TranscriptLine;
  value: JsonObject;
  /** The `method` field when it is a string. */
  method: string | undefined;
}

const QUOTE_LIMIT = 240;

/** A line quoted for a report (bounded). */
export function quote(line: TranscriptLine): LineQuote {
  return { channel: line.channel, lineNumber: line.lineNumber, text: line.text.length > QUOTE_LIMIT ? `${line.text.slice(0, QUOTE_LIMIT - 1)}…` : line.text };
}

/** Protocol lines of the session (every line of a file channel; protocol lines of a stdio channel). */
export function protocolLines(record: SessionRecord): TranscriptLine[] {
  return record.transcript.filter((line) => line.protocol);
}

/** Protocol lines that parsed as JSON objects, with their method. */
export function parsedMessages(record: SessionRecord): ParsedMessage[] {
  return parsedOf(protocolLines(record));
}

/**
 * {@link parsedMessages} and the `opened`/`closed` lines the session kept past its transcript's
 * budget: for what framing decides (closed written, with which exception, how often), never for
 * what follows what.
 */
export function framingMessages(record: SessionRecord): ParsedMessage[] {
  return [...parsedMessages(record), ...parsedOf(record.framingPastBudget ?? [])];
}

function parsedOf(lines: readonly TranscriptLine[]): ParsedMessage[] {
  const messages: ParsedMessage[] = [];
  for (const line of lines) {
    const parse = line.parse;
    if (parse === undefined || !parse.ok || parse.value === null || typeof parse.value !== "object" || Array.isArray(parse.value)) continue;
    const value = parse.value as JsonObject;
    messages.push({ line, value, method: typeof value.method === "string" ? value.method : undefined });
  }
  return messages;
}

/**
 * What follows the first `closed`: the protocol lines after it other than another `closed` (a
 * second one is its own deviation, closed twice), and those second `closed` lines apart.
 */
export function afterFirstClosed(record: SessionRecord): { late: TranscriptLine[]; closedAgain: TranscriptLine[] } | undefined {
  const messages = parsedMessages(record);
  const closed = messages.find((message) => message.method === "closed");
  if (closed === undefined) return undefined;
  const closedAgain = new Set(messages.filter((message) => message.method === "closed" && message !== closed).map((message) => message.line));
  const after = protocolLines(record).filter((line) => line.seq > closed.line.seq);
  return { late: after.filter((line) => !closedAgain.has(line)), closedAgain: [...closedAgain] };
}

/** The `closed` message that carries an exception, with that exception, if there is one. */
export function closedWithException(record: SessionRecord): { message: ParsedMessage; exception: JsonObject } | undefined {
  for (const message of framingMessages(record)) {
    const params = message.value.params;
    if (message.method !== "closed" || params === null || typeof params !== "object" || Array.isArray(params)) continue;
    const exception = params.exception;
    if (exception !== null && typeof exception === "object" && !Array.isArray(exception)) return { message, exception };
  }
  return undefined;
}

/** A short, human description of how a process ended. */
export function describeEnding(record: SessionRecord): string {
  const outcome = record.process;
  if (outcome.spawnError) return outcome.spawnError.message;
  if (outcome.timedOut) return "timed out";
  if (outcome.signal !== null) return `ended by ${outcome.signal}`;
  return `exit code ${outcome.exitCode}`;
}

/** Everything of stderr the session kept (head and tail). */
export function stderrText(record: SessionRecord): string {
  const output = record.output.stderr;
  return output.tail === "" ? output.head : `${output.head}\n${output.tail}`;
}

/** The last lines of stderr (for quoting an error the target printed). */
export function stderrTail(record: SessionRecord, lines = 3): string {
  const text = (record.output.stderr.tail || record.output.stderr.head).trimEnd();
  return text.split("\n").slice(-lines).join("\n");
}
