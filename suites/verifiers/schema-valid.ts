/**
 * Every message is valid against the schemas at one level: `dagster` (what Dagster's handler
 * accepts: MUST) or `reference` (what the reference writes: SHOULD), schemas and number-lexeme
 * checks together (schemas/).
 */
import type { Verifier } from "../model/case.js";
import { parsedMessages, quote } from "./transcript.js";

/** Every parsed message has no problem at `level`. */
export function schemaValid(level: "dagster" | "reference"): Verifier {
  return {
    name: `schema-valid-${level}`,
    check: ({ record, validator }) => {
      const channel = record.channel === "file" ? "file" : "stdio";
      const messages = parsedMessages(record);
      if (messages.length === 0) return { status: "not-applicable", reason: "no protocol message" };
      for (const message of messages) {
        const problems = validator.validateMessage(message.value, { level, channel }).filter((problem) => problem.level === level || (level === "reference" && problem.level === "dagster"));
        const problem = problems[0];
        if (problem !== undefined) {
          return {
            status: "fail",
            code: problem.code,
            expected: `a message valid at the ${level} level`,
            actual: `${problem.pointer === "" ? "" : `${problem.pointer}: `}${problem.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : ""}`,
            lines: [quote(message.line)],
          };
        }
      }
      return { status: "pass" };
    },
  };
}
