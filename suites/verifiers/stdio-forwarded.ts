/**
 * With `include_stdio_in_messages`, what the program prints while the session is open reaches
 * Dagster as `log_external_stream` messages (docs/PROTOCOL.md#bootstrap-include-stdio). Only output
 * printed between `opened` and `closed` counts: a library may print its own lines just outside its
 * capture (the reference writes "Starting ..." on stderr right before `opened` and "Stopped ..."
 * after `closed`). Where strace works the case is traced, and the trace places every write to
 * stdout or stderr, by the program or a process it started, against the writes of `opened` and
 * `closed` by the trace's times.
 * Untraced, the harness can only go by the order it handled output and messages in, which come
 * down different channels (harness/reading/output-window.ts): lines handled right after `opened`
 * are then counted neither way. On a busy machine the reference's "Starting ..." line used to be
 * handled after `opened`, and counting it made the reference fail when its program printed
 * nothing of its own. A program that printed nothing inside the session (as far as can be told)
 * cannot show either way: the case is then not judged (skip `NOT_APPLICABLE`), never passed.
 */
import { notJudged, outcomeOf, type Verifier } from "../model/case.js";
import { parsedMessages } from "./transcript.js";

/** Output printed while the session was open ⇒ at least one `log_external_stream` message. */
export const stdioForwarded: Verifier = {
  name: "stdio-forwarded",
  codes: ["E_STDIO_NOT_FORWARDED"],
  check: ({ record }) => {
    const forwarded = parsedMessages(record).filter((message) => message.method === "log_external_stream").length;
    if (forwarded > 0) return { status: "pass", observation: `${forwarded} log_external_stream message(s)` };
    const traced = record.writeTrace?.available === true ? record.writeTrace.outputWritesWhileOpen : undefined;
    const printed = traced === undefined ? record.output.stdout.linesWhileOpen + record.output.stderr.linesWhileOpen : traced.stdout + traced.stderr;
    if (printed === 0) {
      // One text whatever was handled at the edges: which side of opened a library's own line lands
      // on varies from run to run, and a report's wording should not.
      return notJudged(
        `the program printed nothing on stdout or stderr while the session was open (${traced === undefined ? "untraced: a line that arrived right after opened is not counted, a library's own lines sit there" : "traced: placed by the write calls of the program and the processes it started"}), so there was nothing to forward; to judge it, have the program print a line between opening and closing the session, flushed (output a program buffers until it exits comes after closed)`,
      );
    }
    return outcomeOf([{
      code: "E_STDIO_NOT_FORWARDED",
      expected: "the program's stdout/stderr forwarded as log_external_stream messages",
      actual: `${traced === undefined ? `${printed} line(s) printed while the session was open` : `${printed} write(s) to stdout/stderr between opened and closed (traced)`}, no log_external_stream message: include_stdio_in_messages was ignored (or the library printed them outside its capture)`,
    }]);
  },
};
