/**
 * Every message carries `"__dagster_pipes_version": "0.1"`, the only version there has been
 * (docs/PROTOCOL.md#envelope-version). Dagster never compares the value; the reference always
 * writes it.
 */
import { outcomeOf, type Verifier } from "../model/case.js";
import { parsedMessages, quote } from "./transcript.js";

/** Every message has the version field with the value "0.1". */
export const versionField: Verifier = {
  name: "version-field",
  codes: ["W_VERSION_MISSING", "W_VERSION_NOT_0_1"],
  check: ({ record }) => {
    for (const message of parsedMessages(record)) {
      if (!Object.prototype.hasOwnProperty.call(message.value, "__dagster_pipes_version")) {
        return outcomeOf([{ code: "W_VERSION_MISSING", expected: '"__dagster_pipes_version": "0.1"', actual: "no version field", lines: [quote(message.line)] }]);
      }
      if (message.value.__dagster_pipes_version !== "0.1") {
        return outcomeOf([{ code: "W_VERSION_NOT_0_1", expected: '"0.1"', actual: JSON.stringify(message.value.__dagster_pipes_version), lines: [quote(message.line)] }]);
      }
    }
    return { status: "pass" };
  },
};
