/**
 * A failure explains itself: a program that fails closed prints a readable error on stderr
 * rather than dying silently (issue 4: fail closed "with a readable error on stderr").
 */
import type { Verifier } from "../model/case.js";
import { stderrTail } from "./transcript.js";

/** Something was printed on stderr. */
export const errorOnStderr: Verifier = {
  name: "error-on-stderr",
  check: ({ record }) => {
    if (record.output.stderr.totalBytes === 0 || stderrTail(record).trim() === "") {
      return { status: "fail", code: "E_SILENT_FAILURE", expected: "an error message on stderr", actual: "stderr is empty" };
    }
    return { status: "pass", observation: stderrTail(record, 1).slice(0, 200) };
  },
};
