/**
 * `driven.custom-payload-non-finite` puts NaN and ±Infinity in the driver's script, so the context
 * itself holds them, as Dagster writes a context whose extras hold them (Python's json writes
 * `NaN`, `Infinity`; docs/PROTOCOL.md#numbers-non-finite). A program that cannot read such a
 * context fails before writing anything: that is its own deviation
 * (`W_CONTEXT_UNREADABLE_NON_FINITE`), not a non-finite number in a message it never wrote. Any
 * other session is judged by the case's image check, its MUST findings as `W_NON_FINITE_NUMBER`.
 */
import type { Verifier } from "../model/case.js";
import { downgraded } from "./downgraded.js";
import { drivenImage } from "./driven-image.js";
import { processFailed, stderrError } from "./session-findings.js";
import { describeEnding, protocolLines } from "./transcript.js";
import { clipText } from "./clip-text.js";

/** What the image check's findings become in this case. */
const image = downgraded(drivenImage, "W_NON_FINITE_NUMBER");

/** The context with NaN/Infinity is read (else `W_CONTEXT_UNREADABLE_NON_FINITE`); the payload's image as {@link downgraded}. */
export const nonFiniteContextReadable: Verifier = {
  name: "non-finite-context-readable",
  codes: ["W_CONTEXT_UNREADABLE_NON_FINITE", ...image.codes],
  check: (input) => {
    const { record } = input;
    if (protocolLines(record).length > 0 || !processFailed(record)) return image.check(input);
    const said = stderrError(record);
    return {
      status: "fail",
      findings: [{
        code: "W_CONTEXT_UNREADABLE_NON_FINITE",
        expected: "the program reads a context holding NaN and Infinity (Dagster writes them as Python's json does) and reports the payload",
        actual: `the program could not read a context holding NaN/Infinity: it wrote no message (${describeEnding(record)})${said === "" ? "" : `; stderr: ${clipText(said, 300)}`}`,
      }],
    };
  },
};
