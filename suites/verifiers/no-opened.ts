/**
 * A broken bootstrap fails closed: the library raises while decoding, before anything is written,
 * so no `opened` reaches Dagster (docs/PROTOCOL.md#lifecycle-decode-first).
 */
import type { Verifier } from "../model/case.js";
import { parsedMessages, quote } from "./transcript.js";

/** No `opened` was written anywhere; `code` names the failure (e.g. `W_ACCEPTS_GZIP`). */
export function noOpened(code: string): Verifier {
  return {
    name: "no-opened",
    check: ({ record }) => {
      const opened = parsedMessages(record).find((message) => message.method === "opened");
      if (opened !== undefined) {
        return { status: "fail", code, expected: "no opened message", actual: "the session was opened", lines: [quote(opened.line)] };
      }
      const stray = record.strayProtocolLines.find((line) => line.text.includes('"opened"'));
      if (stray !== undefined) return { status: "fail", code, expected: "no opened message", actual: `opened written on ${stray.stream}` };
      return { status: "pass" };
    },
  };
}
