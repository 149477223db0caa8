/**
 * Nothing after `closed`: Dagster warns "unexpected message received after closed", and a library
 * must refuse writes after close (docs/PROTOCOL.md#lifecycle-closed-once).
 */
import type { Verifier } from "../model/case.js";
import { protocolLines, parsedMessages, quote } from "./transcript.js";

/** No protocol line follows the first `closed`. */
export const nothingAfterClosed: Verifier = {
  name: "nothing-after-closed",
  check: ({ record }) => {
    const closed = parsedMessages(record).find((message) => message.method === "closed");
    if (closed === undefined) return { status: "not-applicable", reason: "no closed message" };
    const after = protocolLines(record).filter((line) => line.seq > closed.line.seq);
    if (after.length > 0) {
      return { status: "fail", code: "E_MESSAGE_AFTER_CLOSED", expected: "nothing after closed", actual: `${after.length} line(s) after closed`, lines: after.slice(0, 3).map(quote) };
    }
    return { status: "pass" };
  },
};
