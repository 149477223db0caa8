/**
 * An exception reported on `closed` goes with a non-zero exit: Dagster decides the step by the
 * exit code alone, so a forwarded exception with exit 0 is a failed run reported as a success
 * (docs/PROTOCOL.md#step-exit-code-decides, docs/PROTOCOL.md#exception-forwarded).
 */
import type { Verifier } from "../model/case.js";
import { closedWithException, describeEnding, quote } from "./transcript.js";

/** `closed` with an exception ⇒ the process did not exit 0. */
export const exceptionExitsNonzero: Verifier = {
  name: "exception-exits-nonzero",
  check: ({ record }) => {
    const closed = closedWithException(record)?.message;
    if (closed === undefined) return { status: "not-applicable", reason: "no exception was reported on closed" };
    if (record.process.exitCode === 0) {
      return { status: "fail", code: "E_EXCEPTION_BUT_EXIT_ZERO", expected: "a non-zero exit after an exception", actual: "exit code 0: Dagster marks the step successful", lines: [quote(closed.line)] };
    }
    return { status: "pass", observation: describeEnding(record) };
  },
};
