/**
 * `opened` comes first: Dagster warns that it received no messages without it, and the readers
 * that take their parameters from `opened` cannot read what comes before it. A session of which
 * nothing reached the channel is the channel's finding (`E_CHANNEL_UNUSED`, one root cause with the
 * session check's), not a second one.
 */
import { outcomeOf, type Verifier } from "../model/case.js";
import { nothingReceived } from "./session-findings.js";
import { parsedMessages, protocolLines, quote } from "./transcript.js";

/** The first protocol message is `opened`. */
export const openedFirst: Verifier = {
  name: "opened-first",
  codes: ["E_CLI_ARGUMENTS_IGNORED", "E_CHANNEL_UNUSED", "E_SESSION_NOT_OPENED", "E_PROGRAM_ERROR", "W_NO_CLOSED_AFTER_CRASH", "E_NO_OPENED", "E_OPENED_NOT_FIRST"],
  check: ({ record, contractChanging, setup }) => {
    const lines = protocolLines(record);
    if (lines.length === 0) return outcomeOf([nothingReceived(record, contractChanging, setup)]);
    const messages = parsedMessages(record);
    const first = messages[0];
    if (first === undefined || first.line !== lines[0] || first.method !== "opened") {
      const opened = messages.some((message) => message.method === "opened");
      return outcomeOf([
        {
          code: opened ? "E_OPENED_NOT_FIRST" : "E_NO_OPENED",
          expected: "the first message is opened",
          actual: `the first message is ${first?.line === lines[0] && first.method ? first.method : "not a message with a method"}${opened ? "" : "; no opened at all"}`,
          lines: [quote(lines[0]!)],
        },
      ]);
    }
    return { status: "pass" };
  },
};
