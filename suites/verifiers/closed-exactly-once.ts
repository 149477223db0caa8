/**
 * `closed` is written exactly once: without it Dagster warns that buffered messages may have been
 * discarded; a second one shows a broken lifecycle (docs/PROTOCOL.md#lifecycle-closed-once).
 */
import type { Verifier } from "../model/case.js";
import { parsedMessages, quote } from "./transcript.js";

/** Exactly one `closed`. */
export const closedExactlyOnce: Verifier = {
  name: "closed-exactly-once",
  check: ({ record }) => {
    const closed = parsedMessages(record).filter((message) => message.method === "closed");
    if (closed.length === 0) return { status: "fail", code: "E_NO_CLOSED", expected: "one closed message", actual: "none" };
    if (closed.length > 1) {
      return { status: "fail", code: "E_CLOSED_TWICE", expected: "one closed message", actual: `${closed.length}`, lines: closed.slice(0, 3).map((message) => quote(message.line)) };
    }
    return { status: "pass" };
  },
};
