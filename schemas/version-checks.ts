/**
 * What the version field means per channel, which JSON Schema cannot say: Dagster's handler and
 * its file reader never read `__dagster_pipes_version`, but its stdio readers (and blob readers)
 * handle a line only when the key is present (any value, null included) and print any other line
 * as the program's output. So a message without it is a reference-level deviation on the file
 * channel (the schema's W_VERSION_MISSING) and a lost message on stdio.
 */
import { hasKey, isDict } from "../harness/dagster/python-types.js";
import type { JsonValue } from "../harness/json/number-lexemes.js";
import { PROBLEM_CODES, type Problem } from "./problem-codes.js";
import { problemMessage } from "./problem-messages.js";

/** The key whose presence marks a protocol line on stdio channels. */
export const VERSION_FIELD = "__dagster_pipes_version";

/** A message channel as far as the version field is concerned. */
export type MessageChannel = "file" | "stdio";

/**
 * Applies the channel's version rule to the problems found so far: on stdio a missing version
 * becomes E_VERSION_MISSING_ON_STDIO (and replaces the reference-level W_VERSION_MISSING).
 */
export function applyVersionRule(message: JsonValue, channel: MessageChannel, problems: Problem[]): Problem[] {
  if (channel !== "stdio" || !isDict(message) || hasKey(message, VERSION_FIELD)) return problems;
  const kept = problems.filter((problem) => problem.code !== "W_VERSION_MISSING");
  kept.unshift({
    pointer: "",
    code: "E_VERSION_MISSING_ON_STDIO",
    message: problemMessage("E_VERSION_MISSING_ON_STDIO", { keyword: "check" }),
    level: PROBLEM_CODES.E_VERSION_MISSING_ON_STDIO.level,
    rule: PROBLEM_CODES.E_VERSION_MISSING_ON_STDIO.rule,
  });
  return kept;
}
