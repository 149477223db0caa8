/**
 * On a stdio channel the version field is what makes a line a message: Dagster's stdio readers
 * treat a JSON object without `__dagster_pipes_version` as the program's own output, so the
 * message is lost (docs/PROTOCOL.md#envelope-version-on-stdio).
 */
import { outcomeOf, type Verifier } from "../model/case.js";
import { quote } from "./transcript.js";

/** No would-be message on the stdio channel lacks the version field. */
export const versionOnStdio: Verifier = {
  name: "version-on-stdio",
  codes: ["E_VERSION_MISSING_ON_STDIO"],
  check: ({ record }) => {
    if (record.channel === "file") return { status: "not-applicable", reason: "the file channel does not need the version field" };
    const unversioned = record.transcript.filter((line) => line.verdict.kind === "output" && line.verdict.looksLikeMessage);
    if (unversioned.length > 0) {
      return outcomeOf([{
        code: "E_VERSION_MISSING_ON_STDIO",
        expected: "every message on the stream carries __dagster_pipes_version",
        actual: `${unversioned.length} message(s) without it, which Dagster treats as plain output`,
        lines: unversioned.slice(0, 3).map(quote),
      }]);
    }
    return { status: "pass" };
  },
};
