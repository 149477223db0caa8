/**
 * What a target does with a context that lacks one of the ten keys (INFO): the reference reads
 * keys by name and may crash after `opened` when it reads the missing one; other shapes are
 * recorded, never failed (issue 4).
 */
import type { Verifier } from "../model/case.js";
import { describeEnding } from "./transcript.js";

/** Records the outcome of a run with an incomplete context. */
export const missingKeyObservation: Verifier = {
  name: "missing-key-observation",
  check: ({ record }) => {
    const observation = `${record.dagster.openedReceived ? "opened" : "never opened"}, ${record.dagster.closedReceived ? "closed" : "no closed"}, ${describeEnding(record)}`;
    if (record.dagster.openedReceived && !record.dagster.closedReceived) {
      return { status: "fail", code: "I_CRASHED_AFTER_OPENED", expected: "a complete session or a clean refusal", actual: observation };
    }
    return { status: "pass", observation };
  },
};
