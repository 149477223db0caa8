/**
 * The last message ends with its newline: a reader that waits for whole lines would never see it,
 * and appending to the file afterwards would corrupt two messages
 * (docs/PROTOCOL.md#framing-final-newline: SHOULD).
 */
import { outcomeOf, type Verifier } from "../model/case.js";
import { protocolLines, quote } from "./transcript.js";

/** No protocol line is a partial last line. */
export const finalNewline: Verifier = {
  name: "final-newline",
  codes: ["W_NO_FINAL_NEWLINE"],
  check: ({ record }) => {
    const partial = protocolLines(record).find((line) => line.terminator === "");
    if (partial !== undefined) {
      return outcomeOf([{ code: "W_NO_FINAL_NEWLINE", expected: "every message ends with \\n", actual: "the last message has no newline", lines: [quote(partial)] }]);
    }
    return { status: "pass" };
  },
};
