/**
 * A non-zero exit comes with the exception on `closed`: otherwise Dagster knows the step failed
 * but not why (docs/PROTOCOL.md#exception-exit-without-exception; SHOULD).
 */
import type { Verifier } from "../model/case.js";
import { closedWithException, describeEnding } from "./transcript.js";

/** A failing process reported an exception (or never opened the session). */
export const nonzeroExitReportsException: Verifier = {
  name: "nonzero-exit-reports-exception",
  check: ({ record }) => {
    if (record.process.exitCode === 0 || record.process.timedOut || record.process.spawnError) {
      return { status: "not-applicable", reason: "the process did not fail by itself" };
    }
    if (closedWithException(record) === undefined) {
      return { status: "fail", code: "W_EXIT_WITHOUT_EXCEPTION", expected: "the exception reported on closed", actual: `${describeEnding(record)} with no exception reported` };
    }
    return { status: "pass" };
  },
};
