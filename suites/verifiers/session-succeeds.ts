/**
 * The whole session works as Dagster needs: the process exits 0, `opened` and `closed` reach
 * Dagster on the channel under test, and nothing is lost. Used by the cases that exercise one
 * bootstrap transport, context form, channel or context shape.
 *
 * Under a context other than the default one, a program that stops with its own error, reported
 * on `closed` with a non-zero exit, is a clean failure Dagster shows with its cause, not a fault of
 * the library: a user's script that materializes without naming the asset cannot run with several
 * assets or none, and the reference refuses it the same way. That ending is "not applicable", with
 * the error quoted. Under the default context a program must succeed, and a library that crashes
 * on a context shape without reporting it still fails (no `closed`, or an exit without exception).
 */
import type { Verifier } from "../model/case.js";
import { closedWithException, describeEnding, quote, stderrTail } from "./transcript.js";

/** Dagster's verdict on the session is clean. */
export const sessionSucceeds: Verifier = {
  name: "session-succeeds",
  check: ({ record, setup }) => {
    const dagster = record.dagster;
    const tail = stderrTail(record);
    const ending = `${describeEnding(record)}${tail ? `; stderr ends: ${tail.slice(0, 200)}` : ""}`;
    if (!dagster.openedReceived) {
      const stray = record.strayProtocolLines.length > 0 ? `; ${record.strayProtocolLines.length} message(s) were written on ${record.strayProtocolLines[0]!.stream} instead of the channel` : "";
      return { status: "fail", code: "E_CHANNEL_UNUSED", expected: `opened received on the ${record.channel} channel`, actual: `no opened (${ending})${stray}` };
    }
    if (dagster.lostCount > 0) {
      const first = record.transcript.find((line) => line.verdict.kind === "rejected" || line.verdict.kind === "lost");
      return { status: "fail", code: "E_MESSAGE_LOST", expected: "no message lost", actual: `${dagster.lostCount} message(s) lost`, lines: first ? [quote(first)] : [] };
    }
    if (!dagster.closedReceived) return { status: "fail", code: "E_NO_CLOSED", expected: "closed received", actual: `no closed (${ending})` };
    if (!dagster.stepSucceeded) {
      const reported = closedWithException(record)?.exception;
      if (setup.context !== undefined && reported !== undefined && dagster.failures.every((failure) => failure.code === "F_EXIT_CODE")) {
        // The reference's message is already "Type: text\n" (format_exception_only); others may give the name apart.
        const message = typeof reported.message === "string" ? reported.message.trim().split("\n")[0]! : "";
        const error = message || (typeof reported.name === "string" ? reported.name : "an exception");
        return { status: "not-applicable", reason: `the program stopped with its own error, reported on closed (${error.slice(0, 200)}); what it wrote reached Dagster whole` };
      }
      return { status: "fail", code: "E_STEP_FAILED", expected: "the step succeeds", actual: dagster.failures.map((failure) => failure.message).join("; ") };
    }
    return { status: "pass" };
  },
};
