/**
 * The driven image on hand-made transcripts: a materialization line written twice is the observed
 * cases' `E_DUPLICATE_MATERIALIZATION`, the rest of the image is still compared without it, and a
 * divergence it does not explain is reported beside it (never hidden by it). A message added, left
 * out, replaced or moved is one finding, and the messages around it are still compared.
 */
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../harness/json/number-lexemes.js";
import { parsePythonJson } from "../../../harness/json/parse-python-json.js";
import type { SessionRecord, TranscriptLine } from "../../../harness/session.js";
import type { DriverAction } from "../../../suites/driven/actions.js";
import type { VerifyInput } from "../../../suites/model/case.js";
import { drivenImage } from "../../../suites/verifiers/driven-image.js";

const CONTEXT: JsonObject = { asset_keys: ["my_asset"], extras: {} };
const ACTIONS: DriverAction[] = [
  { op: "log", message: "a", level: "INFO" },
  { op: "report_asset_materialization", asset_key: "my_asset", data_version: null, metadata: null },
  { op: "report_custom_message", payload: 1 },
];
const envelope = (method: string, params: unknown): string => JSON.stringify({ __dagster_pipes_version: "0.1", method, params });
const OPENED = envelope("opened", { extras: {} });
const LOG = envelope("log", { message: "a", level: "INFO" });
const MATERIALIZED = envelope("report_asset_materialization", { asset_key: "my_asset", data_version: null, metadata: null });
const CUSTOM = envelope("report_custom_message", { payload: 1 });
const CLOSED = envelope("closed", {});

/** What the verifier reads of a session that wrote `lines` on the file channel and exited 0 (or crashed, printing `crash`). */
function input(lines: string[], actions: DriverAction[] = ACTIONS, crash?: string): VerifyInput {
  const transcript = lines.map((text, index) => ({ seq: index, channel: "file", lineNumber: index + 1, text, protocol: true, parse: parsePythonJson(text) }) as unknown as TranscriptLine);
  const record = {
    channel: "file",
    transport: "env",
    contextForm: "path",
    includeStdio: false,
    transcript,
    transcriptCount: transcript.length,
    process: { exitCode: crash === undefined ? 0 : 1, signal: null, timedOut: false, aborted: false },
    output: { stdout: { head: "", tail: "", totalBytes: 0 }, stderr: { head: crash ?? "", tail: "", totalBytes: crash?.length ?? 0 } },
  } as unknown as SessionRecord;
  return { record, context: CONTEXT, actions, without: [] } as unknown as VerifyInput;
}

function codes(lines: string[]): string[] {
  const outcome = drivenImage.check(input(lines));
  return outcome.status === "fail" ? outcome.findings.map((finding) => finding.code) : [outcome.status];
}

describe("driven image and a materialization written twice", () => {
  it("passes the exact image", () => {
    expect(codes([OPENED, LOG, MATERIALIZED, CUSTOM, CLOSED])).toEqual(["pass"]);
  });

  it("is E_DUPLICATE_MATERIALIZATION alone when the image is exact but for the repeat", () => {
    expect(codes([OPENED, LOG, MATERIALIZED, MATERIALIZED, CUSTOM, CLOSED])).toEqual(["E_DUPLICATE_MATERIALIZATION"]);
  });

  it("still compares what follows the repeat: a later wrong message is not hidden behind it", () => {
    const wrongPayload = envelope("report_custom_message", { payload: 2 });
    expect(codes([OPENED, LOG, MATERIALIZED, MATERIALIZED, wrongPayload, CLOSED])).toEqual(["E_DUPLICATE_MATERIALIZATION", "E_IMAGE_WRONG_PARAMS"]);
  });

  it("keeps the divergence that the repeat does not explain, and reports the repeat beside it", () => {
    expect(codes([OPENED, CUSTOM, LOG, MATERIALIZED, MATERIALIZED, CLOSED])).toEqual(["E_DUPLICATE_MATERIALIZATION", "E_IMAGE_WRONG_METHOD"]);
  });

  it("names the other lines written twice in a row in the same finding (one defect), and compares the rest", () => {
    const outcome = drivenImage.check(input([OPENED, LOG, LOG, MATERIALIZED, MATERIALIZED, CUSTOM, CUSTOM, CLOSED]));
    expect(outcome.status === "fail" ? outcome.findings.map((finding) => [finding.code, finding.actual]) : outcome).toEqual([
      ["E_DUPLICATE_MATERIALIZATION", expect.stringMatching(/materialized twice.*; also written twice in a row: log, report_custom_message \(2 line\(s\)\)$/)],
    ]);
  });

  it("does not let the repeat excuse a line that is no repeat: an extra log is still a wrong image", () => {
    const other = envelope("log", { message: "b", level: "INFO" });
    expect(codes([OPENED, LOG, other, MATERIALIZED, MATERIALIZED, CUSTOM, CLOSED])).toEqual(["E_DUPLICATE_MATERIALIZATION", "E_IMAGE_EXTRA_MESSAGE"]);
  });
});

describe("driven image lined up with what was written", () => {
  const wrongPayload = envelope("report_custom_message", { payload: 2 });
  const findingsOf = (lines: string[]): [string, string][] => {
    const outcome = drivenImage.check(input(lines));
    return outcome.status === "fail" ? outcome.findings.map((finding) => [finding.code, finding.actual]) : [];
  };

  it("reads a message of the library's own as one extra message and still compares the rest: a later wrong payload is not hidden", () => {
    const own = envelope("log", { message: "mylib 1.2 ready", level: "DEBUG" });
    expect(findingsOf([OPENED, own, LOG, MATERIALIZED, wrongPayload, CLOSED])).toEqual([
      ["E_IMAGE_EXTRA_MESSAGE", "log as written message 2, which no action of the script produces (the messages around it are compared with their images)"],
      ["E_IMAGE_WRONG_PARAMS", "/params/payload: expected 1, got 2 (value)"],
    ]);
  });

  it("reads a message left out in the middle as missing and still compares the rest", () => {
    expect(codes([OPENED, LOG, wrongPayload, CLOSED])).toEqual(["E_IMAGE_MISSING_MESSAGE", "E_IMAGE_WRONG_PARAMS"]);
  });

  it("reads a session cut short as one missing message (the first), whatever else was not written", () => {
    const closedWithError = envelope("closed", { exception: { message: "ValueError: boom\n", stack: [], name: "ValueError", cause: null, context: null } });
    expect(findingsOf([OPENED, LOG, closedWithError])).toEqual([["E_IMAGE_MISSING_MESSAGE", "the session closed first, with the exception ValueError: boom"]]);
  });

  it("reads two messages swapped as one moved message, whose params are still compared", () => {
    expect(codes([OPENED, MATERIALIZED, LOG, CUSTOM, CLOSED])).toEqual(["E_IMAGE_WRONG_METHOD"]);
    const otherLog = envelope("log", { message: "b", level: "INFO" });
    expect(findingsOf([OPENED, MATERIALIZED, otherLog, CUSTOM, CLOSED])).toEqual([
      ["E_IMAGE_WRONG_METHOD", "written as message 3 instead: the script's messages came in another order"],
      ["E_IMAGE_WRONG_PARAMS", '/params/message: expected "a", got "b" (value)'],
    ]);
  });

  it("reads one message in place of another as a wrong method, and compares the rest", () => {
    const check = envelope("report_asset_check", { asset_key: "my_asset", check_name: "c", passed: true, severity: "ERROR", metadata: null });
    expect(findingsOf([OPENED, check, MATERIALIZED, wrongPayload, CLOSED])).toEqual([
      ["E_IMAGE_WRONG_METHOD", "report_asset_check in its place (written message 2)"],
      ["E_IMAGE_WRONG_PARAMS", "/params/payload: expected 1, got 2 (value)"],
    ]);
  });

  describe("when the session is cut short", () => {
    const crash = "Traceback (most recent call last):\nValueError: boom\n";
    const codesOf = (lines: string[], actions: DriverAction[] = ACTIONS): string[] => {
      const outcome = drivenImage.check(input(lines, actions, crash));
      return outcome.status === "fail" ? outcome.findings.map((finding) => finding.code) : [outcome.status];
    };

    it("still says that closed never came when the messages also came in another order", () => {
      const own = envelope("log", { message: "mylib 1.2 ready", level: "DEBUG" });
      expect(codesOf([OPENED, own, LOG, MATERIALIZED, CUSTOM])).toEqual(["E_IMAGE_EXTRA_MESSAGE", "W_NO_CLOSED_AFTER_CRASH"]);
    });

    it("keeps a written message in its place: the crash left the image's tail unwritten, one finding", () => {
      // The written log is exactly the last action's image, yet it is the first action's, with other params.
      const actions: DriverAction[] = [ACTIONS[0]!, ACTIONS[1]!, { op: "log", message: "b", level: "INFO" }];
      const otherLog = envelope("log", { message: "b", level: "INFO" });
      const outcome = drivenImage.check(input([OPENED, otherLog], actions, crash));
      expect(outcome.status === "fail" ? outcome.findings.map((finding) => [finding.code, finding.expected]) : outcome).toEqual([
        ["E_IMAGE_WRONG_PARAMS", "message 2 (action 1: log): the image of the action"],
        ["E_IMAGE_MISSING_MESSAGE", "message 3: report_asset_materialization (action 2: report_asset_materialization)"],
        ["W_NO_CLOSED_AFTER_CRASH", expect.any(String)],
      ]);
    });

    it("reads a line written twice before the crash as one extra message, not as the tail's message moved", () => {
      const actions: DriverAction[] = [ACTIONS[0]!, ACTIONS[1]!, { op: "log", message: "b", level: "INFO" }];
      const outcome = drivenImage.check(input([OPENED, LOG, LOG, MATERIALIZED], actions, crash));
      expect(outcome.status === "fail" ? outcome.findings.map((finding) => [finding.code, finding.expected]) : outcome).toEqual([
        ["E_IMAGE_EXTRA_MESSAGE", "only the images of the script's actions"],
        ["E_IMAGE_MISSING_MESSAGE", "message 4: log (action 3: log)"],
        ["W_NO_CLOSED_AFTER_CRASH", expect.any(String)],
      ]);
    });
  });
});
