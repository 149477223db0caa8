/**
 * A program that refuses a broken bootstrap says why on stderr: otherwise the user cannot tell
 * what failed. Only judged when the program did refuse (a non-zero exit).
 */
import { failed, type Verifier } from "../model/case.js";
import { processFailed } from "./session-findings.js";
import { stderrTail } from "./transcript.js";

/** Something was printed on stderr by a program that failed. */
export const errorOnStderr: Verifier = {
  name: "error-on-stderr",
  codes: ["W_SILENT_FAILURE"],
  check: ({ record }) => {
    if (!processFailed(record)) return { status: "not-applicable", reason: "the program did not refuse the bootstrap" };
    if (record.output.stderr.totalBytes === 0 || stderrTail(record).trim() === "") {
      return failed("W_SILENT_FAILURE", "an error message on stderr", "stderr is empty");
    }
    return { status: "pass", observation: stderrTail(record, 1).slice(0, 200) };
  },
};
