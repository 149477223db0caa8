/**
 * What a target does with a context that lacks one of the ten keys (INFO): the reference reads
 * keys by name and may crash after `opened` when it reads the missing one; other endings are
 * recorded, never failed. What was written is told apart from what Dagster received: a `closed`
 * lost to a dead reader is still a session the program closed.
 */
import { failed, type Verifier } from "../model/case.js";
import { closedWritten } from "./session-findings.js";
import { describeEnding, parsedMessages } from "./transcript.js";

/** Records the outcome of a run with an incomplete context. */
export const missingKeyObservation: Verifier = {
  name: "missing-key-observation",
  codes: ["I_MISSING_KEY_CRASH"],
  check: ({ record }) => {
    const opened = parsedMessages(record).some((message) => message.method === "opened");
    const closed = closedWritten(record);
    const lost = record.dagster.lostCount > 0 ? `, ${record.dagster.lostCount} message(s) lost by Dagster's reader` : "";
    const observation = `${opened ? "opened" : "never opened"}, ${closed ? "closed" : "no closed"}${lost}, ${describeEnding(record)}`;
    if (opened && !closed) return failed("I_MISSING_KEY_CRASH", "a complete session or a clean refusal", `crashed after opened: ${observation}`);
    return { status: "pass", observation };
  },
};
