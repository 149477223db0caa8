/**
 * Whether messages arrived in pieces (INFO): Dagster's file reader polls with `readline()`, which
 * returns a half-written line and dies on it; whether a poll lands between two writes depends on
 * timing, so this is recorded, never failed (docs/PROTOCOL.md#level-info).
 */
import { outcomeOf, type Verifier } from "../model/case.js";
import { protocolLines, quote } from "./transcript.js";

/** Reports lines that took more than one read to arrive. */
export const splitWrites: Verifier = {
  name: "split-writes",
  codes: ["I_SPLIT_WRITE_GUESSED"],
  check: ({ record }) => {
    const split = protocolLines(record).filter((line) => line.pieces > 1);
    if (split.length > 0) {
      return outcomeOf([{ code: "I_SPLIT_WRITE_GUESSED", expected: "each message written in one write", actual: `${split.length} message(s) arrived in pieces`, lines: split.slice(0, 3).map(quote) }]);
    }
    return { status: "pass", observation: "every message arrived whole" };
  },
};
