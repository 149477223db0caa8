/**
 * Message lines stay within the harness's line cap (16 MiB by default, `--max-line-bytes` for
 * `run`): a longer line is counted, not judged, so what it would do to Dagster's reader is
 * unknown; and a message that big is a transcript nobody can read (SHOULD).
 */
import { outcomeOf, type Verifier } from "../model/case.js";
import { protocolLines, quote } from "./transcript.js";

/** No protocol line over the cap. */
export const lineSize: Verifier = {
  name: "line-size",
  codes: ["I_LINE_TOO_LONG"],
  check: ({ record }) => {
    const oversize = protocolLines(record).find((line) => line.oversize);
    if (oversize !== undefined) {
      return outcomeOf([{ code: "I_LINE_TOO_LONG", expected: "message lines the harness can judge", actual: `a line of ${oversize.byteLength} bytes: not judged`, lines: [quote(oversize)] }]);
    }
    return { status: "pass" };
  },
};
