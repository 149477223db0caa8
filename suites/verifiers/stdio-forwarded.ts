/**
 * With `include_stdio_in_messages`, what the program prints reaches Dagster as
 * `log_external_stream` messages (PROTOCOL.md §1). A program that printed nothing cannot show it
 * either way; one that printed and sent no such message ignored the flag.
 */
import type { Verifier } from "../model/case.js";
import { parsedMessages } from "./transcript.js";

/** Output printed ⇒ at least one `log_external_stream` message. */
export const stdioForwarded: Verifier = {
  name: "stdio-forwarded",
  check: ({ record }) => {
    const forwarded = parsedMessages(record).filter((message) => message.method === "log_external_stream").length;
    const printed = record.output.stdout.totalBytes + record.output.stderr.totalBytes;
    if (forwarded > 0) return { status: "pass", observation: `${forwarded} log_external_stream message(s)` };
    if (printed === 0) return { status: "not-applicable", reason: "the program printed nothing to forward" };
    return {
      status: "fail",
      code: "E_STDIO_NOT_FORWARDED",
      expected: "the program's stdout/stderr forwarded as log_external_stream messages",
      actual: `${printed} byte(s) printed, no log_external_stream message: include_stdio_in_messages was ignored`,
    };
  },
};
