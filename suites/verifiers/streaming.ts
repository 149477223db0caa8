/**
 * Whether messages are streamed while the process runs or batched at exit (INFO: timing is never
 * a MUST, docs/PROTOCOL.md#channel-arrival-timing), measured from the arrival times.
 */
import { outcomeOf, type Verifier } from "../model/case.js";
import { protocolLines } from "./transcript.js";

/** Below this run time, streaming and batching cannot be told apart (ms). */
const SHORTEST_TELLING_RUN_MS = 500;

/** Reports how message arrivals spread over the process's run. */
export const streaming: Verifier = {
  name: "streaming",
  codes: ["W_BATCHED_AT_EXIT"],
  check: ({ record }) => {
    const lines = protocolLines(record);
    if (lines.length < 2) return { status: "not-applicable", reason: "fewer than two messages" };
    const outcome = record.process;
    const exit = (outcome.exitedAtMs ?? outcome.endedAtMs) - outcome.startedAtMs;
    const first = lines[0]!.arrivalMs;
    const last = lines[lines.length - 1]!.arrivalMs;
    const observation = `first message at ${first.toFixed(0)} ms, last at ${last.toFixed(0)} ms, exit at ${exit.toFixed(0)} ms`;
    if (exit < SHORTEST_TELLING_RUN_MS) return { status: "pass", observation: `${observation} (too short a run to tell streaming from batching)` };
    // Batched: nothing arrived until the last fifth of a run long enough to tell.
    if (first > exit * 0.8) {
      return outcomeOf([{ code: "W_BATCHED_AT_EXIT", expected: "messages streamed as they happen", actual: `no message before the end of the run (${observation})` }]);
    }
    return { status: "pass", observation };
  },
};
