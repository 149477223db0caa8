/**
 * Message lines over the harness's line cap (16 MiB by default, `--max-line-bytes`): the cap bounds
 * the harness's own memory, and Dagster reads such a line, so it is not the program's deviation.
 * It is recorded as INFO, because what the line would do to Dagster's reader was not judged. A run
with no such line records the longest line it saw against the cap.
 */
import { outcomeOf, type Verifier } from "../model/case.js";
import { protocolLines, quote } from "./transcript.js";

/** No protocol line over the cap. */
export const lineSize: Verifier = {
  name: "line-size",
  codes: ["I_LINE_TOO_LONG"],
  check: ({ record, maxLineBytes }) => {
    const lines = protocolLines(record);
    const oversize = lines.find((line) => line.oversize);
    if (oversize !== undefined) {
      return outcomeOf([{ code: "I_LINE_TOO_LONG", expected: "message lines the harness can judge", actual: `a line of at least ${oversize.byteLength} bytes: not judged (over the harness's line cap, which bounds its memory; raise it with --max-line-bytes to judge it)`, lines: [quote(oversize)] }]);
    }
    const longest = lines.reduce((most, line) => Math.max(most, line.byteLength), 0);
    return { status: "pass", observation: `no message line over ${maxLineBytes} bytes (the harness's line cap; the longest of ${lines.length} line(s): ${longest} bytes)` };
  },
};
