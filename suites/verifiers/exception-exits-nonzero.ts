/**
 * An exception reported on `closed` goes with a non-zero exit: the exit code decides the step, so
 * an error with exit 0 is judged a success (MUST). A session that reported no exception is not
judged (skip `NOT_APPLICABLE`): `driven.raise-exits-nonzero` judges it on a driver's `raise`.
 */
import { failed, notJudged, type Verifier } from "../model/case.js";
import { closedWithException, describeEnding, quote } from "./transcript.js";

/** A session closed with an exception exits non-zero. */
export const exceptionExitsNonzero: Verifier = {
  name: "exception-exits-nonzero",
  codes: ["E_EXIT_ZERO_AFTER_EXCEPTION"],
  check: ({ record }) => {
    const closed = closedWithException(record)?.message;
    if (closed === undefined) {
      return notJudged("no exception was reported on closed, so there was no exit code to judge; to judge it, run a program whose session fails with an error (in driven mode, driven.raise-exits-nonzero does)");
    }
    if (record.process.exitCode === 0) {
      return failed("E_EXIT_ZERO_AFTER_EXCEPTION", "a non-zero exit after an exception", "exit code 0: Dagster marks the step successful", [quote(closed.line)]);
    }
    return { status: "pass", observation: describeEnding(record) };
  },
};
