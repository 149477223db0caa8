/**
 * Dagster accepts every message: none raises in its handler, so its reader never dies (file
 * channel) and no message is skipped (stdio). This is the harness's emulation of Dagster's reader
 * and handler, independent of the schemas. Each loss is named by the rejection that caused it, so
 * it groups with the schema check's finding of the same deviation.
 */
import { DAGSTER_PROBLEM_CODES } from "../finding-codes.js";
import { outcomeOf, type Verifier } from "../model/case.js";
import { lossFindings } from "./session-findings.js";

/** No line is rejected or lost in Dagster's emulation. */
export const dagsterAccepts: Verifier = {
  name: "dagster-accepts",
  codes: ["E_MESSAGE_LOST", ...DAGSTER_PROBLEM_CODES],
  check: ({ record }) => outcomeOf(lossFindings(record)),
};
