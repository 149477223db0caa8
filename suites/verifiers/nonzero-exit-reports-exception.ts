/**
 * A non-zero exit comes with the exception on `closed`: otherwise Dagster knows the step failed
 * but cannot show why (SHOULD). A session that never wrote `closed` is the missing-closed root
 * cause, reported with the same code the lifecycle check gives it. A process that did not fail, or failed
before opening the session, is not judged (skip `NOT_APPLICABLE`): `driven.raise-forwarded` judges
forwarding on a driver's `raise`.
 */
import { notJudged, outcomeOf, type Verifier } from "../model/case.js";
import { closedWritten, missingClosedFinding, processFailed } from "./session-findings.js";
import { closedWithException, describeEnding, protocolLines } from "./transcript.js";

/** A failing process reported an exception (or never opened the session). */
export const nonzeroExitReportsException: Verifier = {
  name: "nonzero-exit-reports-exception",
  codes: ["W_EXCEPTION_NOT_FORWARDED", "W_NO_CLOSED_AFTER_CRASH"],
  check: ({ record }) => {
    if (!processFailed(record)) {
      return notJudged("the process did not fail by itself, so there was no error to forward; to judge it, run a program whose session fails with an error (in driven mode, driven.raise-forwarded does)");
    }
    if (protocolLines(record).length === 0) return notJudged("the program failed before opening the session, so there was no session to report the error on (the lifecycle cases judge that)");
    if (!closedWritten(record)) return outcomeOf([missingClosedFinding(record)]);
    if (closedWithException(record) === undefined) {
      return outcomeOf([{ code: "W_EXCEPTION_NOT_FORWARDED", expected: "the error that ended the session reported on closed", actual: `${describeEnding(record)} with closed and no exception: Dagster cannot show why the step failed` }]);
    }
    return { status: "pass" };
  },
};
