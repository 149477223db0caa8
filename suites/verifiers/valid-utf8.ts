/**
 * Messages are valid UTF-8: Dagster reads the file in text mode and an invalid byte raises,
 * killing its reader (docs/PROTOCOL.md#framing-utf8).
 */
import { outcomeOf, type Verifier } from "../model/case.js";
import { protocolLines, quote } from "./transcript.js";

/** No protocol line holds an invalid UTF-8 sequence. */
export const validUtf8: Verifier = {
  name: "valid-utf8",
  codes: ["E_INVALID_UTF8"],
  check: ({ record }) => {
    const invalid = record.transcript.find((line) => line.invalidUtf8 && (line.channel === "file" || line.text.includes("__dagster_pipes_version")));
    if (invalid !== undefined) {
      return outcomeOf([{ code: "E_INVALID_UTF8", expected: "valid UTF-8", actual: `invalid bytes in line ${invalid.lineNumber}`, lines: [quote(invalid)] }]);
    }
    return protocolLines(record).length === 0 ? { status: "not-applicable", reason: "no protocol message" } : { status: "pass" };
  },
};
