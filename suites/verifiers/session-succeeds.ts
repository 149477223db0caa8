/**
 * The whole session works as Dagster needs: the process exits 0, `opened` and `closed` reach
 * Dagster on the channel under test, and nothing is lost. Used by the cases that exercise one
 * bootstrap transport, context form, channel or context shape.
 */
import type { Verifier } from "../model/case.js";
import { describeEnding, quote, stderrTail } from "./transcript.js";

/** Dagster's verdict on the session is clean. */
export const sessionSucceeds: Verifier = {
  name: "session-succeeds",
  check: ({ record }) => {
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
      return { status: "fail", code: "E_STEP_FAILED", expected: "the step succeeds", actual: dagster.failures.map((failure) => failure.message).join("; ") };
    }
    return { status: "pass" };
  },
};
