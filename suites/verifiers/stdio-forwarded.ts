/**
 * With `include_stdio_in_messages`, what the program prints while the session is open reaches
 * Dagster as `log_external_stream` messages (docs/PROTOCOL.md#bootstrap-include-stdio). Only output
 * printed between `opened` and `closed` counts: a library may print its own lines outside its
 * capture (the reference writes "Starting ..." before it and "Stopped ..." after), and a program
 * that printed nothing inside the session cannot show either way: the case is then not judged
(skip `NOT_APPLICABLE`), never passed. "Inside" is judged by arrival:
 * output printed within a moment of `opened` or `closed` may fall either side, which can only move
 * a library that ignores the flag between "fail" and "not judged", never fail one that forwards
 * its output.
 */
import { notJudged, outcomeOf, type Verifier } from "../model/case.js";
import { parsedMessages } from "./transcript.js";

/** Output printed while the session was open ⇒ at least one `log_external_stream` message. */
export const stdioForwarded: Verifier = {
  name: "stdio-forwarded",
  codes: ["E_STDIO_NOT_FORWARDED"],
  check: ({ record }) => {
    const forwarded = parsedMessages(record).filter((message) => message.method === "log_external_stream").length;
    const printed = record.output.stdout.linesWhileOpen + record.output.stderr.linesWhileOpen;
    if (forwarded > 0) return { status: "pass", observation: `${forwarded} log_external_stream message(s)` };
    if (printed === 0) {
      return notJudged("the program printed nothing on stdout or stderr while the session was open, so there was nothing to forward; to judge it, have the program print a line between opening and closing the session");
    }
    return outcomeOf([{
      code: "E_STDIO_NOT_FORWARDED",
      expected: "the program's stdout/stderr forwarded as log_external_stream messages",
      actual: `${printed} line(s) printed while the session was open, no log_external_stream message: include_stdio_in_messages was ignored`,
    }]);
  },
};
