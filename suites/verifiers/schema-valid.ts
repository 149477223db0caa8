/**
 * Every message is valid against the schemas at one level: `dagster` (what Dagster's handler
 * accepts: MUST) or `reference` (what the reference writes beyond that: SHOULD), schemas and
 * number-lexeme checks together. Every problem is reported, one finding per root cause (its code
 * and the shape of the offending place), so a second deviation is never hidden behind the first.
 */
import { problemCodesOf } from "../finding-codes.js";
import { outcomeOf, type Finding, type Verifier } from "../model/case.js";
import { pointerShape, rootCauseId } from "../model/root-cause.js";
import { parsedMessages, quote } from "./transcript.js";

/** Every parsed message has no problem of `level` (the reference level reports only its own). */
export function schemaValid(level: "dagster" | "reference"): Verifier {
  return {
    name: `schema-valid-${level}`,
    codes: problemCodesOf(level),
    check: ({ record, validator }) => {
      const channel = record.channel === "file" ? "file" : "stdio";
      const messages = parsedMessages(record);
      if (messages.length === 0) return { status: "not-applicable", reason: "no protocol message" };
      const findings: Finding[] = [];
      const seen = new Map<string, Finding>();
      for (const message of messages) {
        for (const problem of validator.validateMessage(message.value, { level, channel })) {
          if (problem.level !== level) continue;
          const finding: Finding = {
            code: problem.code,
            expected: `a message valid at the ${level} level`,
            actual: `${problem.pointer === "" ? "" : `${problem.pointer}: `}${problem.message}`,
            lines: [quote(message.line)],
            shape: pointerShape(problem.pointer),
          };
          const id = rootCauseId(finding);
          const earlier = seen.get(id);
          if (earlier === undefined) {
            seen.set(id, finding);
            findings.push(finding);
          } else if (earlier.lines!.length < 3) {
            earlier.lines!.push(quote(message.line));
          }
        }
      }
      return outcomeOf(findings);
    },
  };
}
