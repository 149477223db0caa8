/**
 * Whether messages are streamed while the process runs or batched at exit (INFO: timing is never
 * a MUST, PROTOCOL.md §1), measured from the arrival times.
 */
import type { Verifier } from "../model/case.js";
import { protocolLines } from "./transcript.js";

/** Reports how message arrivals spread over the process's run. */
export const streaming: Verifier = {
  name: "streaming",
  check: ({ record }) => {
    const lines = protocolLines(record);
    if (lines.length < 2) return { status: "not-applicable", reason: "fewer than two messages" };
    const exit = record.process.exitedAtMs === null ? record.process.endedAtMs - record.process.startedAtMs : record.process.exitedAtMs - record.process.startedAtMs;
    const first = lines[0]!.arrivalMs;
    const last = lines[lines.length - 1]!.arrivalMs;
    const observation = `first message at ${first.toFixed(0)} ms, last at ${last.toFixed(0)} ms, exit at ${exit.toFixed(0)} ms`;
    // Batched: everything arrived together at the very end of a run that took a while.
    if (exit > 200 && last - first < 5 && exit - first < 50) {
      return { status: "fail", code: "I_BATCHED", expected: "messages streamed as they happen", actual: `all messages arrived together at exit (${observation})` };
    }
    return { status: "pass", observation };
  },
};
