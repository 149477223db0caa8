/**
 * Whether each message line is written whole, by one write call. Dagster's file reader polls the
 * messages file with `readline()` + `json.loads`: a line written in pieces (the JSON, then its
 * newline; or the JSON in many small writes) can be read half-written, fail to parse and kill the
 * reader, losing every later message.
 *
 * Seen exactly when the session traced the program's write calls (strace): a torn line on the
 * file channel is a warning (`W_TORN_WRITE`). Without a trace, only the arrival of lines in
 * several reads hints at it, which depends on timing: recorded (`I_SPLIT_WRITE_GUESSED`).
 */
import type { SessionRecord, TranscriptLine } from "../../harness/session.js";
import { channelStream } from "../../harness/bootstrap/bootstrap-params.js";
import { outcomeOf, type CheckOutcome, type Verifier } from "../model/case.js";
import { protocolLines, quote } from "./transcript.js";

/** The harm, in the words every torn-write finding uses. */
export const TORN_WRITE_HARM = "Dagster's file reader can read the first piece, fail to parse it and stop reading";

/** Torn lines named in a finding at most. */
const NAMED = 5;

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/** Why the trace cannot say, for an observation. */
function untracedBecause(record: SessionRecord): string {
  const trace = record.writeTrace;
  if (trace === undefined) return "write calls not traced";
  return trace.available ? "" : `write calls not traced: ${trace.reason}`;
}

function fromTrace(record: SessionRecord): CheckOutcome | undefined {
  const trace = record.writeTrace;
  if (trace === undefined || !trace.available) return undefined;
  if (trace.lines.length === 0) return { status: "not-applicable", reason: "no message line to judge" };
  if (trace.tornLines.length === 0) {
    return { status: "pass", observation: `every message line was written by one write call (${plural(trace.lines.length, "line")}, ${plural(trace.calls, "call")}, traced)` };
  }
  const byLine = new Map<string, TranscriptLine>(record.transcript.map((line) => [`${line.channel}:${line.lineNumber}`, line]));
  const torn = trace.tornLines.map((traced) => ({ traced, line: byLine.get(`${traced.channel}:${traced.lineNumber}`) }));
  const named = torn
    .slice(0, NAMED)
    .map(({ traced }) => `line ${traced.lineNumber}: ${traced.calls} calls`)
    .join(", ");
  const more = torn.length > NAMED ? `, and ${torn.length - NAMED} more` : "";
  const summary = `${plural(torn.length, "message line")} of ${trace.lines.length} written in several write calls (${named}${more})`;
  if (channelStream(record.channel) !== null) {
    // A stdio channel's readers take whole lines from the stream: a torn write costs nothing there.
    return { status: "pass", observation: `${summary}; harmless on a ${record.channel} channel, whose readers take whole lines` };
  }
  return outcomeOf([{
    code: "W_TORN_WRITE",
    expected: "each message line, its newline included, written by one write call",
    actual: `${TORN_WRITE_HARM}: ${summary}`,
    lines: torn.flatMap(({ line }) => (line === undefined ? [] : [quote(line)])).slice(0, 3),
  }]);
}

/** Reports message lines written in pieces: from the write trace when there is one, else guessed from arrivals. */
export const splitWrites: Verifier = {
  name: "split-writes",
  codes: ["W_TORN_WRITE", "I_SPLIT_WRITE_GUESSED"],
  check: ({ record }) => {
    const traced = fromTrace(record);
    if (traced !== undefined) return traced;
    const because = untracedBecause(record);
    const split = protocolLines(record).filter((line) => line.pieces > 1);
    if (split.length > 0) {
      return outcomeOf([{
        code: "I_SPLIT_WRITE_GUESSED",
        expected: "each message written in one write",
        actual: `${plural(split.length, "message")} arrived in pieces, so were written in pieces; without a trace this is seen only when a read falls between two writes (${because})`,
        lines: split.slice(0, 3).map(quote),
      }]);
    }
    return { status: "pass", observation: `every message arrived whole, but arrivals cannot show a line written in pieces quickly (${because})` };
  },
};
