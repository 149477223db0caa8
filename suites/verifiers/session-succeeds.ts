/**
 * The whole session works as Dagster needs: messages reach Dagster on the channel under test,
 * nothing is lost, `closed` is written, and the step succeeds. Used by the cases that exercise one
 * bootstrap transport, context form, channel or context shape.
 *
 * Under a context that keeps the program's contract (its own context, or one that only adds extras
 * and varies run ids), the program must succeed: its failure is `E_PROGRAM_ERROR`, with what the
 * context lacks where its error says. Under a context that changes the contract (assets beside its
 * own, none, a partition where it has none), a program that stops with its own error, reported on
 * `closed` with a non-zero exit, is a clean failure Dagster shows with its cause, not a fault of the
 * library: "not applicable", with the error quoted; only what Dagster would still lose or misread
 * is reported (the error not forwarded is a SHOULD, as it is everywhere).
 */
import { fromEscapedUserString, toUserString } from "../../harness/dagster/asset-key.js";
import type { StepFailure } from "../../harness/dagster/step-verdict.js";
import { DAGSTER_PROBLEM_CODES } from "../finding-codes.js";
import { outcomeOf, type Finding, type Verifier } from "../model/case.js";
import { closedWritten, lossFindings, missingClosedFinding, nothingReceived, processFailed, programErrorFinding, programErrorText } from "./session-findings.js";
import { closedWithException, describeEnding, protocolLines } from "./transcript.js";
import { clipText } from "./clip-text.js";

/** Whether a step failure is about an asset the program's own context selects (it reports its own asset). */
function isOwnAssetFailure(failure: StepFailure, baseAssetKeys: readonly string[] | null): boolean {
  if (failure.code !== "F_UNSELECTED_ASSET" && failure.code !== "F_MATERIALIZATION_WITHOUT_ASSETS") return false;
  return (baseAssetKeys ?? []).some((key) => failure.message.includes(toUserString(fromEscapedUserString(key))));
}

/** Dagster's verdict on the session is clean. */
export const sessionSucceeds: Verifier = {
  name: "session-succeeds",
  codes: ["E_CLI_ARGUMENTS_IGNORED", "E_CHANNEL_UNUSED", "E_SESSION_NOT_OPENED", "E_PROGRAM_ERROR", "W_NO_CLOSED_AFTER_CRASH", "E_NO_CLOSED", "W_EXCEPTION_NOT_FORWARDED", "E_ASSET_KEY_NOT_IN_CONTEXT", "E_DUPLICATE_MATERIALIZATION", "E_UNDECLARED_CHECK", "E_MESSAGE_LOST", ...DAGSTER_PROBLEM_CODES],
  check: ({ record, contractChanging, baseAssetKeys, setup }) => {
    if (protocolLines(record).length === 0) return outcomeOf([nothingReceived(record, contractChanging, setup)]);
    const findings: Finding[] = lossFindings(record);
    const failedByItself = processFailed(record);
    const notes: string[] = [];
    if (!closedWritten(record)) findings.push(missingClosedFinding(record));
    if (failedByItself) {
      const forwarded = closedWithException(record) !== undefined;
      if (!contractChanging) findings.push(programErrorFinding(record, setup));
      else if (forwarded) notes.push(`the program stopped with its own error, reported on closed (${clipText(programErrorText(record), 200)}); what it wrote reached Dagster whole`);
      if (!forwarded && closedWritten(record)) {
        findings.push({ code: "W_EXCEPTION_NOT_FORWARDED", expected: "the error that ended the session reported on closed", actual: `${describeEnding(record)} with closed and no exception: Dagster cannot show why the step failed` });
      }
    }
    for (const failure of record.dagster.failures) {
      switch (failure.code) {
        case "F_UNSELECTED_ASSET":
        case "F_MATERIALIZATION_WITHOUT_ASSETS":
          if (contractChanging && isOwnAssetFailure(failure, baseAssetKeys)) notes.push(`the program reported its own asset, which this context does not select (${failure.message})`);
          else findings.push({ code: "E_ASSET_KEY_NOT_IN_CONTEXT", expected: "results only for the assets the context selects", actual: failure.message });
          break;
        case "F_DUPLICATE_MATERIALIZATION":
          findings.push({ code: "E_DUPLICATE_MATERIALIZATION", expected: "each asset materialized once", actual: failure.message });
          break;
        case "F_UNDECLARED_CHECK":
        case "F_UNEXPECTED_CHECK":
          findings.push({ code: "E_UNDECLARED_CHECK", expected: "checks declared for the step (declare them with --check ASSET:NAME)", actual: failure.message });
          break;
        default:
          // Exit code and signal are judged above; the timeout is the runner's.
          break;
      }
    }
    if (findings.length > 0) return outcomeOf(findings);
    if (notes.length > 0) return { status: "not-applicable", reason: notes.join("; ") };
    return { status: "pass" };
  },
};
