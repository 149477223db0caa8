/**
 * `closed` is written exactly once. Without it: with exit 0 Dagster judges a success while warning
 * that buffered messages may have been discarded (MUST); after a crash the exit code already fails
 * the step (SHOULD). A second one is handled again after a warning (SHOULD).
 */
import { outcomeOf, type Verifier } from "../model/case.js";
import { missingClosedFinding } from "./session-findings.js";
import { framingMessages, quote } from "./transcript.js";

/** Exactly one `closed`. */
export const closedExactlyOnce: Verifier = {
  name: "closed-exactly-once",
  codes: ["E_NO_CLOSED", "W_NO_CLOSED_AFTER_CRASH", "W_CLOSED_TWICE"],
  check: ({ record }) => {
    const closed = framingMessages(record).filter((message) => message.method === "closed");
    if (closed.length === 0) return outcomeOf([missingClosedFinding(record)]);
    if (closed.length > 1) {
      return outcomeOf([{ code: "W_CLOSED_TWICE", expected: "one closed message", actual: `${closed.length} closed messages`, lines: closed.slice(0, 3).map((message) => quote(message.line)) }]);
    }
    return { status: "pass" };
  },
};
