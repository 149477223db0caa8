/**
 * `opened` comes first: Dagster logs "did not receive any messages" without it, and a library
 * must write it before any user code runs (docs/PROTOCOL.md#lifecycle-opened-first).
 */
import type { Verifier } from "../model/case.js";
import { parsedMessages, protocolLines, quote } from "./transcript.js";

/** The first protocol message is `opened`. */
export const openedFirst: Verifier = {
  name: "opened-first",
  check: ({ record }) => {
    const lines = protocolLines(record);
    if (lines.length === 0) {
      return { status: "fail", code: "E_NO_OPENED", expected: "an opened message first", actual: "no protocol message at all" };
    }
    const first = parsedMessages(record)[0];
    if (first === undefined || first.line !== lines[0] || first.method !== "opened") {
      return {
        status: "fail",
        code: parsedMessages(record).some((message) => message.method === "opened") ? "E_OPENED_NOT_FIRST" : "E_NO_OPENED",
        expected: "the first message is opened",
        actual: `the first message is ${first?.line === lines[0] && first.method ? first.method : "not a message with a method"}`,
        lines: [quote(lines[0]!)],
      };
    }
    return { status: "pass" };
  },
};
