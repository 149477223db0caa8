/**
 * The exception forwarded on `closed` has the reference's shape (docs/PROTOCOL.md#exception-shape):
 * `message` and `name` strings, `stack` a list of strings, `cause` and `context` an exception or
 * null. Dagster copes with other shapes; its UI renders them badly (SHOULD). Only the exception is
 * judged here: the rest of the transcript is the other cases' business. A session with no exception
 * on `closed` leaves nothing to judge (skip `NOT_APPLICABLE`, never a pass).
 */
import { problemCodesOf } from "../finding-codes.js";
import { failed, notJudged, type Verifier } from "../model/case.js";
import { parsedMessages, quote } from "./transcript.js";

/** The exception on `closed` is valid at the reference level. */
export const forwardedExceptionShape: Verifier = {
  name: "forwarded-exception-shape",
  codes: problemCodesOf("reference"),
  check: ({ record, validator }) => {
    const closed = parsedMessages(record).find((message) => message.method === "closed");
    const params = closed?.value.params;
    if (closed === undefined || params === null || typeof params !== "object" || Array.isArray(params) || !params.exception) {
      return notJudged("no exception on closed, so no shape to judge (driven.raise-forwarded judges the missing exception); it is judged once the library forwards the raise's exception");
    }
    const problem = validator
      .validateMessage(closed.value, { level: "reference", channel: record.channel === "file" ? "file" : "stdio" })
      .find((candidate) => candidate.level === "reference" && (candidate.pointer === "/params/exception" || candidate.pointer.startsWith("/params/exception/")));
    if (problem !== undefined) {
      return failed(problem.code, "an exception of the reference's shape", `${problem.pointer}: ${problem.message}`, [quote(closed.line)]);
    }
    return { status: "pass" };
  },
};
