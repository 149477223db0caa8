/**
 * Dagster accepts every message: none raises in its handler, so its reader never dies (file
 * channel) and no message is skipped (stdio). This is the harness's emulation of Dagster's reader
 * and handler, independent of the schemas (docs/PROTOCOL.md#reader-message-lost).
 */
import type { Verifier } from "../model/case.js";
import { quote } from "./transcript.js";

/** No line is rejected or lost in Dagster's emulation. */
export const dagsterAccepts: Verifier = {
  name: "dagster-accepts",
  check: ({ record }) => {
    const rejected = record.transcript.find((line) => line.verdict.kind === "rejected");
    if (rejected !== undefined && rejected.verdict.kind === "rejected") {
      const lost = record.dagster.lostCount;
      const rejection = rejected.verdict.rejection;
      return {
        status: "fail",
        code: rejection.code,
        expected: "Dagster handles every message",
        actual: `${rejection.pointer === "" ? "" : `${rejection.pointer}: `}${rejection.message} (Dagster raises ${rejection.pythonError}; ${rejected.verdict.fatal ? `its reader dies: ${lost} message(s) lost` : "the message is lost"})`,
        lines: [quote(rejected)],
      };
    }
    const unversioned = record.transcript.find((line) => line.verdict.kind === "output" && line.verdict.looksLikeMessage);
    if (unversioned !== undefined) {
      return { status: "fail", code: "E_VERSION_MISSING_ON_STDIO", expected: "Dagster reads every message", actual: `a message without __dagster_pipes_version on ${unversioned.channel} is read as plain output and lost`, lines: [quote(unversioned)] };
    }
    const lost = record.transcript.find((line) => line.verdict.kind === "lost");
    if (lost !== undefined) {
      return { status: "fail", code: "E_MESSAGE_LOST", expected: "Dagster reads every message", actual: `line ${lost.lineNumber} never reaches Dagster (${lost.verdict.kind === "lost" ? lost.verdict.cause : ""})`, lines: [quote(lost)] };
    }
    return { status: "pass" };
  },
};
