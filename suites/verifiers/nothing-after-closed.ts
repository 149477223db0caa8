/**
 * Nothing after `closed`: Dagster's blob-store and log readers stop reading once closed has
 * arrived, so a message after it can be lost, and a library must refuse writes after close. A
 * second `closed` is its own, milder deviation (`W_CLOSED_TWICE`, the same root cause the
 * closed-exactly-once check reports).
 */
import { outcomeOf, type Finding, type Verifier } from "../model/case.js";
import { parsedMessages, protocolLines, quote } from "./transcript.js";

/** No protocol line follows the first `closed`. */
export const nothingAfterClosed: Verifier = {
  name: "nothing-after-closed",
  codes: ["E_MESSAGE_AFTER_CLOSED", "W_CLOSED_TWICE"],
  check: ({ record }) => {
    const messages = parsedMessages(record);
    const closed = messages.find((message) => message.method === "closed");
    if (closed === undefined) return { status: "not-applicable", reason: "no closed message" };
    const after = protocolLines(record).filter((line) => line.seq > closed.line.seq);
    const closedAgain = new Set(messages.filter((message) => message.method === "closed" && message !== closed).map((message) => message.line));
    const others = after.filter((line) => !closedAgain.has(line));
    const findings: Finding[] = [];
    if (others.length > 0) findings.push({ code: "E_MESSAGE_AFTER_CLOSED", expected: "nothing after closed", actual: `${others.length} line(s) after closed`, lines: others.slice(0, 3).map(quote) });
    if (closedAgain.size > 0) findings.push({ code: "W_CLOSED_TWICE", expected: "one closed message", actual: `${closedAgain.size + 1} closed messages`, lines: [...closedAgain].slice(0, 2).map(quote) });
    return outcomeOf(findings);
  },
};
