/**
 * Nothing after `closed`: Dagster's blob-store and log readers stop reading once closed has
 * arrived, so a message after it can be lost, and a library must refuse writes after close. A
 * second `closed` is its own, milder deviation (`W_CLOSED_TWICE`, the same root cause the
 * closed-exactly-once check reports).
 */
import { outcomeOf, type Finding, type Verifier } from "../model/case.js";
import { afterFirstClosed, quote } from "./transcript.js";

/** No protocol line follows the first `closed`. */
export const nothingAfterClosed: Verifier = {
  name: "nothing-after-closed",
  codes: ["E_MESSAGE_AFTER_CLOSED", "W_CLOSED_TWICE"],
  check: ({ record }) => {
    const after = afterFirstClosed(record);
    if (after === undefined) return { status: "not-applicable", reason: "no closed message" };
    const { late, closedAgain } = after;
    const findings: Finding[] = [];
    if (late.length > 0) findings.push({ code: "E_MESSAGE_AFTER_CLOSED", expected: "nothing after closed", actual: `${late.length} line(s) after closed`, lines: late.slice(0, 3).map(quote) });
    if (closedAgain.length > 0) findings.push({ code: "W_CLOSED_TWICE", expected: "one closed message", actual: `${closedAgain.length + 1} closed messages`, lines: closedAgain.slice(0, 2).map(quote) });
    return outcomeOf(findings);
  },
};
