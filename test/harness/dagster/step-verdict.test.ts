import { describe, expect, it } from "vitest";
import { DagsterMessageHandler } from "../../../harness/dagster/message-handler.js";
import { ReaderEmulation } from "../../../harness/dagster/reader-emulation.js";
import { StepVerdictBuilder, type StepDefinition } from "../../../harness/dagster/step-verdict.js";
import { parsePythonJson } from "../../../harness/json/parse-python-json.js";

const V = '"__dagster_pipes_version": "0.1"';
const message = (method: string, params: string): string => `{${V}, "method": "${method}", "params": ${params}}`;

/** Feeds lines through Dagster's stdio reader (a rejection loses one line) into a builder. */
function judge(lines: string[], definition: Partial<StepDefinition> = {}) {
  const reader = new ReaderEmulation("stdio", new DagsterMessageHandler());
  const builder = new StepVerdictBuilder({ selectedAssets: [["a"], ["b"]], ...definition });
  lines.forEach((text, index) => {
    const verdict = reader.consume({ invalidUtf8: false, oversize: false, parse: parsePythonJson(text) }, index + 1);
    builder.record(verdict, { channel: "stderr", lineNumber: index + 1 }, text.length);
  });
  return builder.finish({ exitCode: 0, signal: null, timedOut: false });
}

describe("StepVerdictBuilder retention", () => {
  const customs = Array.from({ length: 50 }, (_, index) => message("report_custom_message", `{"payload": ${index}}`));

  it("keeps every result without retention limits", () => {
    const verdict = judge([message("opened", "{}"), ...customs, message("closed", "{}")]);
    expect(verdict.customMessages).toHaveLength(50);
    expect(verdict.customMessageCount).toBe(50);
  });

  it("keeps the first results up to the item limit; counts stay exact", () => {
    const verdict = judge([message("opened", "{}"), ...customs, message("closed", "{}")], { retention: { items: 5, bytes: Number.POSITIVE_INFINITY } });
    expect(verdict.customMessages).toEqual([0, 1, 2, 3, 4]);
    expect(verdict.customMessageCount).toBe(50);
    expect(verdict.ok).toBe(true);
  });

  it("one byte budget spans materializations, checks and custom payloads, each list a prefix of its kind", () => {
    const lines = [
      message("opened", "{}"),
      message("report_asset_materialization", '{"asset_key": "a", "metadata": {}, "data_version": null}'),
      message("report_custom_message", '{"payload": "first"}'),
      message("report_asset_check", '{"asset_key": "a", "check_name": "c", "passed": true, "severity": "ERROR", "metadata": {}}'),
      message("report_asset_materialization", '{"asset_key": "b", "metadata": {}, "data_version": null}'),
      message("report_custom_message", '{"payload": "second"}'),
      message("closed", "{}"),
    ];
    // Exactly the first two results' lines: the budget is spent, so the third is refused.
    const bytes = lines[1]!.length + lines[2]!.length;
    const verdict = judge(lines, { retention: { items: 100, bytes } });
    expect(verdict.materializations.map((effect) => effect.assetKey)).toEqual([["a"]]);
    expect(verdict.customMessages).toEqual(["first"]);
    expect(verdict.checks).toEqual([]);
    expect(verdict).toMatchObject({ materializationCount: 2, checkCount: 1, customMessageCount: 2 });
    // What is not kept is still judged: both assets were materialized, so none is implicit.
    expect(verdict.implicitMaterializations).toEqual([]);
  });

  it("keeps the first lost messages and warnings up to the item limit; counts stay exact", () => {
    const bad = Array.from({ length: 20 }, () => message("log", '{"message": "x", "level": "TRACE"}'));
    const afterClosed = Array.from({ length: 20 }, () => message("log", '{"message": "late", "level": "INFO"}'));
    const verdict = judge([message("opened", "{}"), ...bad, message("closed", "{}"), ...afterClosed], { retention: { items: 3, bytes: Number.POSITIVE_INFINITY } });
    expect(verdict.lostCount).toBe(20);
    expect(verdict.lost.map((lost) => lost.lineNumber)).toEqual([2, 3, 4]);
    expect(verdict.warnings.filter((warning) => warning.code === "W_MESSAGE_AFTER_CLOSED")).toHaveLength(3);
  });
});
