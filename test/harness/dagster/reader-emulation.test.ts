import { describe, expect, it } from "vitest";
import { DagsterMessageHandler } from "../../../harness/dagster/message-handler.js";
import { ReaderEmulation, type LineVerdict } from "../../../harness/dagster/reader-emulation.js";
import { StepVerdictBuilder } from "../../../harness/dagster/step-verdict.js";
import { parsePythonJson } from "../../../harness/json/parse-python-json.js";

const V = '"__dagster_pipes_version": "0.1"';
const LINES = [
  `{${V}, "method": "opened", "params": {"extras": {}}}`,
  `{${V}, "method": "log", "params": {"message": "fine"}}`,
  `{${V}, "method": "log", "params": {"message": "bad", "level": "TRACE"}}`,
  `{${V}, "method": "report_custom_message", "params": {"payload": 1}}`,
  `{"method": "log", "params": {"message": "no version"}}`,
  "plain output",
  `{${V}, "method": "closed", "params": {}}`,
];

function feed(kind: "file" | "stdio", lines: string[]): { verdicts: LineVerdict[]; builder: StepVerdictBuilder } {
  const reader = new ReaderEmulation(kind, new DagsterMessageHandler());
  const builder = new StepVerdictBuilder({ selectedAssets: [["a"]] });
  const verdicts = lines.map((text, index) => {
    const verdict = reader.consume({ invalidUtf8: false, oversize: false, parse: parsePythonJson(text) }, index + 1);
    builder.record(verdict, { channel: kind === "file" ? "file" : "stderr", lineNumber: index + 1 });
    return verdict;
  });
  return { verdicts, builder };
}

describe("Dagster's readers", () => {
  it("file reader: the first rejected line kills it and every later line is lost", () => {
    const { verdicts, builder } = feed("file", LINES);
    expect(verdicts.map((verdict) => verdict.kind)).toEqual(["accepted", "accepted", "rejected", "lost", "lost", "lost", "lost"]);
    expect(verdicts[2]).toMatchObject({ fatal: true, rejection: { code: "E_LOG_LEVEL" } });
    const verdict = builder.finish({ exitCode: 0, signal: null, timedOut: false });
    expect(verdict).toMatchObject({ ok: false, stepSucceeded: true, closedReceived: false, lostCount: 5, customMessageCount: 0 });
    expect(verdict.warnings.map((warning) => warning.code)).toEqual(["W_READER_DIED", "W_NO_CLOSED"]);
  });

  it("stdio reader: a rejected message is lost alone, unversioned lines are output, later messages survive", () => {
    const { verdicts, builder } = feed("stdio", LINES);
    expect(verdicts.map((verdict) => verdict.kind)).toEqual(["accepted", "accepted", "rejected", "accepted", "output", "output", "accepted"]);
    expect(verdicts[2]).toMatchObject({ fatal: false });
    expect(verdicts[4]).toEqual({ kind: "output", looksLikeMessage: true });
    expect(verdicts[5]).toEqual({ kind: "output", looksLikeMessage: false });
    const verdict = builder.finish({ exitCode: 0, signal: null, timedOut: false });
    // The rejected message and the unversioned one are lost; the custom message and closed arrive.
    expect(verdict).toMatchObject({ ok: false, closedReceived: true, lostCount: 2, customMessages: [1] });
  });
});

describe("what Dagster concludes about the step", () => {
  function conclude(messages: string[], options: { selected?: string[][] | null; checks?: { assetKey: string[]; name: string }[]; exitCode?: number } = {}) {
    const reader = new ReaderEmulation("file", new DagsterMessageHandler());
    const builder = new StepVerdictBuilder({ selectedAssets: options.selected === undefined ? [["a"], ["b"]] : options.selected, checkSpecs: options.checks });
    messages.forEach((text, index) => builder.record(reader.consume({ invalidUtf8: false, oversize: false, parse: parsePythonJson(text) }, index + 1), { channel: "file", lineNumber: index + 1 }));
    return builder.finish({ exitCode: options.exitCode ?? 0, signal: null, timedOut: false });
  }
  const opened = `{${V}, "method": "opened", "params": {"extras": {}}}`;
  const closed = `{${V}, "method": "closed", "params": {}}`;
  const materialize = (key: string) => `{${V}, "method": "report_asset_materialization", "params": {"asset_key": "${key}", "data_version": null, "metadata": null}}`;
  const check = (key: string, name: string) => `{${V}, "method": "report_asset_check", "params": {"asset_key": "${key}", "check_name": "${name}", "passed": true, "severity": "WARN", "metadata": null}}`;

  it("adds an implicit materialization for every selected asset not reported", () => {
    const verdict = conclude([opened, materialize("a"), closed]);
    expect(verdict).toMatchObject({ ok: true, materializationCount: 1, implicitMaterializations: [["b"]] });
  });

  it("fails the step on an unselected key, a duplicate materialization, an undeclared check, a non-zero exit", () => {
    expect(conclude([opened, materialize("zzz"), closed]).failures.map((failure) => failure.code)).toEqual(["F_UNSELECTED_ASSET"]);
    expect(conclude([opened, materialize("a"), materialize("a"), closed]).failures.map((failure) => failure.code)).toEqual(["F_DUPLICATE_MATERIALIZATION"]);
    expect(conclude([opened, materialize("a"), closed], { selected: null }).failures.map((failure) => failure.code)).toEqual(["F_MATERIALIZATION_WITHOUT_ASSETS"]);
    expect(conclude([opened, check("a", "c"), closed], { checks: [{ assetKey: ["a"], name: "other" }] }).failures.map((failure) => failure.code)).toEqual(["F_UNDECLARED_CHECK"]);
    expect(conclude([opened, closed], { exitCode: 1 }).failures.map((failure) => failure.code)).toEqual(["F_EXIT_CODE"]);
  });

  it("accepts undeclared checks with a note when no spec is declared", () => {
    expect(conclude([opened, check("a", "c"), closed])).toMatchObject({ ok: true, checkNamesUnverified: true, checkCount: 1 });
  });

  it("succeeds a step whose closed carries an exception if the exit code is 0, with an engine event", () => {
    const failed = `{${V}, "method": "closed", "params": {"exception": {"message": "E: x\\n", "stack": [], "name": "E", "cause": null, "context": null}}}`;
    const verdict = conclude([opened, failed]);
    expect(verdict.stepSucceeded).toBe(true);
    expect(verdict.warnings.map((warning) => warning.code)).toContain("W_CLOSED_WITH_EXCEPTION");
  });

  it("warns about a missing opened (even when other messages arrived) and about messages after closed", () => {
    expect(conclude([materialize("a"), closed]).warnings.map((warning) => warning.code)).toContain("W_NO_OPENED");
    expect(conclude([opened, closed, materialize("a")]).warnings.map((warning) => warning.code)).toContain("W_MESSAGE_AFTER_CLOSED");
  });
});
