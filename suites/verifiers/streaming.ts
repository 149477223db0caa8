/**
 * Whether messages are streamed while the program runs or batched until it exits. Judged from
 * `opened` on, never from the process's start: an interpreter that starts slowly on a loaded
 * machine has not batched anything. The times are the write calls' (from the trace) when the
 * session traced them, else the arrivals; the program's exit is on the same clock.
 *
 * Batched (`W_BATCHED_AT_EXIT`, file channel only): the program lived at least a second after
 * `opened` and every later message came at its exit. "At exit" is wide: within a quarter of the
 * program's life after `opened`, plus 250 ms, of its end, so a loaded machine's delays (a late
 * read, a slow interpreter teardown) never turn streaming into batching. Anything else is an
 * observation when streamed (with the spread); too short a life, no message between `opened` and
`closed`, or a stdio channel (read only at exit) leave the case not judged (skip `NOT_APPLICABLE`),
never passed.
 */
import type { SessionRecord, TranscriptLine } from "../../harness/session.js";
import { channelStream } from "../../harness/bootstrap/bootstrap-params.js";
import { notJudged, outcomeOf, type CheckOutcome, type Verifier } from "../model/case.js";
import { parsedMessages, protocolLines, quote } from "./transcript.js";

/** A shorter life after `opened` cannot tell streaming from batching (ms). */
export const SHORTEST_JUDGED_LIFE_MS = 1_000;

/** How close to the exit a message counts as written at exit (ms), for a life after `opened` (ms). */
export function atExitMargin(lifeMs: number): number {
  return 250 + lifeMs / 4;
}

const seconds = (ms: number): string => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/** The times of the lines and of the exit, on one clock: the trace's when it has them all, else arrivals. */
function clock(record: SessionRecord, lines: readonly TranscriptLine[]): { timeOf: (line: TranscriptLine) => number; exitMs: number; source: string } {
  const trace = record.writeTrace;
  if (trace?.available && trace.exitedMs !== null) {
    const written = new Map(trace.lines.map((line) => [`${line.channel}:${line.lineNumber}`, line.writtenMs]));
    if (lines.every((line) => written.has(`${line.channel}:${line.lineNumber}`))) {
      return { timeOf: (line) => written.get(`${line.channel}:${line.lineNumber}`)!, exitMs: trace.exitedMs, source: "write times traced" };
    }
  }
  const outcome = record.process;
  return { timeOf: (line) => line.arrivalMs, exitMs: (outcome.exitedAtMs ?? outcome.endedAtMs) - outcome.startedAtMs, source: "arrival times" };
}

function judge(record: SessionRecord): CheckOutcome {
  const lines = protocolLines(record);
  const methods = new Map(parsedMessages(record).map((message) => [message.line.seq, message.method]));
  const openedIndex = lines.findIndex((line) => methods.get(line.seq) === "opened");
  if (openedIndex < 0) return notJudged("no opened message, so no session to judge (the lifecycle cases judge that)");
  const opened = lines[openedIndex]!;
  const later = lines.slice(openedIndex + 1);
  if (later.every((line) => methods.get(line.seq) === "closed")) return notJudged("no message between opened and closed, so nothing could be streamed or batched; to judge it, report something in a session that lasts at least a second");
  const { timeOf, exitMs, source } = clock(record, [opened, ...later]);
  const openedAt = timeOf(opened);
  const life = exitMs - openedAt;
  if (life < SHORTEST_JUDGED_LIFE_MS) {
    return notJudged(`the program lived ${seconds(life)} after opened (${source}), under the ${seconds(SHORTEST_JUDGED_LIFE_MS)} it takes to tell streaming from batching; to judge it, run a program that reports over at least a second`);
  }
  const times = later.map(timeOf);
  const first = Math.min(...times);
  const last = Math.max(...times);
  const margin = atExitMargin(life);
  if (first < exitMs - margin) {
    return { status: "pass", observation: `streamed: ${plural(later.length, "message")} spread over ${seconds(last - first)} of the ${seconds(life)} the program lived after opened (${source})` };
  }
  const batched = `every one of the ${plural(later.length, "message")} after opened came at exit (the first ${seconds(exitMs - first)} before it), after the program had lived ${seconds(life)} since opened (${source})`;
  if (channelStream(record.channel) !== null) return notJudged(`${batched}; batching is judged on the file channel only, not on a ${record.channel} channel: run with --channel file to judge it`);
  return outcomeOf([{
    code: "W_BATCHED_AT_EXIT",
    expected: "messages written as they happen, while the program runs",
    actual: `${batched}: Dagster shows nothing of the run until it ends, and loses it all if the program is killed first`,
    lines: [quote(later[times.indexOf(first)]!)],
  }]);
}

/** Reports whether messages after `opened` were streamed or batched at exit. */
export const streaming: Verifier = {
  name: "streaming",
  codes: ["W_BATCHED_AT_EXIT"],
  check: ({ record }) => judge(record),
};
