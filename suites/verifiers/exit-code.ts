/**
 * The process's exit status, as a data expectation: zero or non-zero, with the reason code a case
 * gives for the other outcome.
 */
import { failed, type Verifier } from "../model/case.js";
import { describeEnding, stderrTail } from "./transcript.js";
import { clipText } from "./clip-text.js";

/** Expects the process to exit 0 (`"zero"`) or not (`"non-zero"`); `code` names the failure. */
export function exitCode(expected: "zero" | "non-zero", code: string): Verifier {
  return {
    name: `exit-${expected}`,
    codes: [code],
    check: ({ record }) => {
      const outcome = record.process;
      const zero = outcome.exitCode === 0 && outcome.signal === null && !outcome.timedOut;
      if ((expected === "zero") === zero) return { status: "pass", observation: describeEnding(record) };
      const tail = stderrTail(record);
      return failed(code, expected === "zero" ? "exit code 0" : "a non-zero exit", `${describeEnding(record)}${tail ? `; stderr ends: ${clipText(tail, 200)}` : ""}`);
    },
  };
}
