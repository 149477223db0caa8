import { describe, expect, it } from "vitest";
import { DagsterMessageHandler } from "../../../harness/dagster/message-handler.js";
import { parsePythonJson } from "../../../harness/json/parse-python-json.js";

/** One rule: a message Dagster accepts and one it rejects (with the reason code). */
interface RuleCase {
  rule: string;
  accepted: string;
  rejected: string;
  code: string;
}

const V = '"__dagster_pipes_version": "0.1"';
const msg = (method: string, params: string): string => `{${V}, "method": "${method}", "params": ${params}}`;
const mat = (metadata: string): string => msg("report_asset_materialization", `{"asset_key": "a", "data_version": null, "metadata": ${metadata}}`);
const entry = (raw: string, type: string): string => mat(`{"m": {"raw_value": ${raw}, "type": "${type}"}}`);

const RULES: RuleCase[] = [
  { rule: "a message is an object", accepted: msg("opened", "{}"), rejected: "[1, 2]", code: "E_MESSAGE_NOT_OBJECT" },
  { rule: "a message has a method", accepted: msg("opened", "{}"), rejected: `{${V}, "params": {}}`, code: "E_MESSAGE_NO_METHOD" },
  { rule: "an unknown method is rejected", accepted: msg("log", '{"message": "x"}'), rejected: msg("log_stdio", "{}"), code: "E_UNKNOWN_METHOD" },
  { rule: "a message has params", accepted: msg("opened", "null"), rejected: `{${V}, "method": "opened"}`, code: "E_MESSAGE_NO_PARAMS" },
  { rule: "keyword params must be an object", accepted: msg("log", '{"message": "x"}'), rejected: msg("log", "null"), code: "E_PARAMS_NOT_OBJECT" },
  { rule: "an extra key is rejected", accepted: msg("log", '{"message": "x", "level": "INFO"}'), rejected: msg("log", '{"message": "x", "extra": 1}'), code: "E_PARAMS_EXTRA_KEY" },
  { rule: "a missing key is rejected", accepted: msg("report_custom_message", '{"payload": null}'), rejected: msg("report_custom_message", "{}"), code: "E_PARAMS_MISSING_KEY" },
  { rule: "log message must be a string", accepted: msg("log", '{"message": ""}'), rejected: msg("log", '{"message": 3}'), code: "E_PARAM_TYPE" },
  { rule: "log level is case-insensitive, WARN and FATAL accepted", accepted: msg("log", '{"message": "x", "level": "warn"}'), rejected: msg("log", '{"message": "x", "level": "TRACE"}'), code: "E_LOG_LEVEL" },
  { rule: "log level may be an integer (or bool), not a float", accepted: msg("log", '{"message": "x", "level": 25}'), rejected: msg("log", '{"message": "x", "level": 20.0}'), code: "E_LOG_LEVEL" },
  { rule: "log level null is not the default", accepted: msg("log", '{"message": "x", "level": true}'), rejected: msg("log", '{"message": "x", "level": null}'), code: "E_LOG_LEVEL" },
  { rule: "materialization needs all three keys", accepted: mat("null"), rejected: msg("report_asset_materialization", '{"asset_key": "a", "metadata": null}'), code: "E_PARAMS_MISSING_KEY" },
  { rule: "asset_key must be a string", accepted: mat("null"), rejected: msg("report_asset_materialization", '{"asset_key": null, "data_version": null, "metadata": null}'), code: "E_PARAM_TYPE" },
  { rule: "data_version is a string or null", accepted: msg("report_asset_materialization", '{"asset_key": "a", "data_version": "", "metadata": null}'), rejected: msg("report_asset_materialization", '{"asset_key": "a", "data_version": 1, "metadata": null}'), code: "E_PARAM_TYPE" },
  { rule: "metadata is an object or null, never a list", accepted: mat("{}"), rejected: mat("[]"), code: "E_METADATA_NOT_OBJECT" },
  { rule: "a metadata value must be wrapped", accepted: entry("3", "__infer__"), rejected: mat('{"rows": 3}'), code: "E_METADATA_BARE_VALUE" },
  { rule: "a metadata entry needs raw_value and type", accepted: mat('{"m": {"raw_value": 1, "type": "int", "extra": 0}}'), rejected: mat('{"m": {"type": "int"}}'), code: "E_METADATA_MISSING_KEY" },
  { rule: "an unknown metadata type is rejected (there is no job type)", accepted: entry("null", "null"), rejected: entry('"x"', "job"), code: "E_METADATA_UNKNOWN_TYPE" },
  { rule: "float refuses an integer lexeme", accepted: entry("3.0", "float"), rejected: entry("3", "float"), code: "E_METADATA_FLOAT_AS_INT" },
  { rule: "float accepts NaN and null, not a bool", accepted: entry("NaN", "float"), rejected: entry("true", "float"), code: "E_METADATA_VALUE" },
  { rule: "int accepts bools and big integers, not floats", accepted: entry("123456789012345678901234567890", "int"), rejected: entry("3.0", "int"), code: "E_METADATA_VALUE" },
  { rule: "int accepts true", accepted: entry("true", "int"), rejected: entry('"3"', "int"), code: "E_METADATA_VALUE" },
  { rule: "bool accepts null, not 0", accepted: entry("null", "bool"), rejected: entry("0", "bool"), code: "E_METADATA_VALUE" },
  { rule: "text-like types accept null", accepted: entry("null", "text"), rejected: entry("1", "text"), code: "E_METADATA_VALUE" },
  { rule: "url accepts a string", accepted: entry('"https://x"', "url"), rejected: entry("[]", "url"), code: "E_METADATA_VALUE" },
  { rule: "path and notebook accept null", accepted: entry("null", "path"), rejected: entry("{}", "notebook"), code: "E_METADATA_VALUE" },
  { rule: "md accepts a string", accepted: entry('"# t"', "md"), rejected: entry("false", "md"), code: "E_METADATA_VALUE" },
  { rule: "dagster_run needs a string, not null", accepted: entry('"run"', "dagster_run"), rejected: entry("null", "dagster_run"), code: "E_METADATA_VALUE" },
  { rule: "json accepts objects, arrays, null and strings, not numbers", accepted: entry('"text is a sequence"', "json"), rejected: entry("1", "json"), code: "E_METADATA_VALUE" },
  { rule: "asset needs a string", accepted: entry('"a/b"', "asset"), rejected: entry('["a", "b"]', "asset"), code: "E_METADATA_VALUE" },
  { rule: "timestamp accepts numbers and bools, not strings", accepted: entry("true", "timestamp"), rejected: entry('"2024-01-01"', "timestamp"), code: "E_METADATA_VALUE" },
  { rule: "timestamp refuses an integer too large for a float", accepted: entry("1e308", "timestamp"), rejected: entry("1" + "0".repeat(400), "timestamp"), code: "E_METADATA_VALUE" },
  { rule: "null ignores its raw value", accepted: entry('{"anything": [1]}', "null"), rejected: entry("1", "nul"), code: "E_METADATA_UNKNOWN_TYPE" },
  { rule: "table schema is a list of columns with name and type", accepted: entry('{"records": [{"a": 1}], "schema": [{"name": "a", "type": "int"}]}', "table"), rejected: entry('{"records": [], "schema": [{"name": "a"}]}', "table"), code: "E_METADATA_VALUE" },
  { rule: "table records are flat", accepted: entry('{"records": [{"a": null, "b": 1.5}], "schema": []}', "table"), rejected: entry('{"records": [{"a": [1]}], "schema": []}', "table"), code: "E_METADATA_VALUE" },
  { rule: "table records share their fields", accepted: entry('{"records": [{"a": 1}, {"a": 2}], "schema": []}', "table"), rejected: entry('{"records": [{"a": 1}, {"b": 2}], "schema": []}', "table"), code: "E_METADATA_VALUE" },
  { rule: "column constraints: nullable, unique, other only", accepted: entry('{"records": [], "schema": [{"name": "a", "type": "t", "constraints": {"nullable": false, "other": ["x"]}}]}', "table"), rejected: entry('{"records": [], "schema": [{"name": "a", "type": "t", "constraints": {"primary": true}}]}', "table"), code: "E_METADATA_VALUE" },
  { rule: "empty constraints mean defaults", accepted: entry('{"records": [], "schema": [{"name": "a", "type": "t", "constraints": {}}]}', "table"), rejected: entry('{"records": [], "schema": [{"name": "a", "type": "t", "constraints": {"nullable": null}}]}', "table"), code: "E_METADATA_VALUE" },
  { rule: "table_schema needs columns", accepted: entry('{"columns": [{"name": "a", "type": "t", "tags": {"k": "v"}}]}', "table_schema"), rejected: entry('{"schema": []}', "table_schema"), code: "E_METADATA_VALUE" },
  { rule: "column tags are strings", accepted: entry('{"columns": [{"name": "a", "type": "t", "tags": null}]}', "table_schema"), rejected: entry('{"columns": [{"name": "a", "type": "t", "tags": {"k": 1}}]}', "table_schema"), code: "E_METADATA_VALUE" },
  { rule: "column lineage deps have exactly asset_key and column_name", accepted: entry('{"deps_by_column": {"c": [{"asset_key": ["a", "b"], "column_name": "x"}]}}', "table_column_lineage"), rejected: entry('{"deps_by_column": {"c": [{"asset_key": "a", "column_name": "x", "extra": 1}]}}', "table_column_lineage"), code: "E_METADATA_VALUE" },
  { rule: "column lineage deps are unique", accepted: entry('{"deps_by_column": {"c": [{"asset_key": "a", "column_name": "x"}, {"asset_key": "a", "column_name": "y"}]}}', "table_column_lineage"), rejected: entry('{"deps_by_column": {"c": [{"asset_key": "a", "column_name": "x"}, {"asset_key": "a", "column_name": "x"}]}}', "table_column_lineage"), code: "E_METADATA_VALUE" },
  { rule: "check needs all five keys", accepted: msg("report_asset_check", '{"asset_key": "a", "check_name": "c", "passed": true, "severity": "WARN", "metadata": null}'), rejected: msg("report_asset_check", '{"asset_key": "a", "check_name": "c", "passed": true, "metadata": null}'), code: "E_PARAMS_MISSING_KEY" },
  { rule: "check severity is exactly WARN or ERROR", accepted: msg("report_asset_check", '{"asset_key": "a", "check_name": "c", "passed": false, "severity": "ERROR", "metadata": null}'), rejected: msg("report_asset_check", '{"asset_key": "a", "check_name": "c", "passed": false, "severity": "warn", "metadata": null}'), code: "E_SEVERITY" },
  { rule: "check passed is a bool", accepted: msg("report_asset_check", '{"asset_key": "a", "check_name": "c", "passed": false, "severity": "WARN", "metadata": {}}'), rejected: msg("report_asset_check", '{"asset_key": "a", "check_name": "c", "passed": 1, "severity": "WARN", "metadata": null}'), code: "E_PARAM_TYPE" },
  { rule: "log_external_stream extras are optional, stream is stdout or stderr", accepted: msg("log_external_stream", '{"stream": "stderr", "text": "x"}'), rejected: msg("log_external_stream", '{"stream": "stdin", "text": "x", "extras": {}}'), code: "E_STREAM" },
  { rule: "log_external_stream text is a string", accepted: msg("log_external_stream", '{"stream": "stdout", "text": "", "extras": null}'), rejected: msg("log_external_stream", '{"stream": "stdout", "text": 1}'), code: "E_PARAM_TYPE" },
  { rule: "closed params may be falsy ({} null [] 0)", accepted: msg("closed", "[]"), rejected: msg("closed", "7"), code: "E_CLOSED_PARAMS" },
  { rule: "closed exception needs five keys", accepted: msg("closed", '{"exception": {"message": "m", "stack": [], "name": null, "cause": null, "context": []}}'), rejected: msg("closed", '{"exception": {"message": "m", "stack": []}}'), code: "E_EXCEPTION_SHAPE" },
  { rule: "closed exception may not be null", accepted: msg("closed", '{"exception_info": null}'), rejected: msg("closed", '{"exception": null}'), code: "E_EXCEPTION_SHAPE" },
  { rule: "a truthy cause must be an exception", accepted: msg("closed", '{"exception": {"message": "m", "stack": [], "name": "E", "cause": {"message": "c", "stack": [], "name": null, "cause": null, "context": null}, "context": null}}'), rejected: msg("closed", '{"exception": {"message": "m", "stack": [], "name": "E", "cause": "boom", "context": null}}'), code: "E_EXCEPTION_SHAPE" },
  { rule: "custom payloads may be anything, null included", accepted: msg("report_custom_message", '{"payload": [NaN, {"x": null}]}'), rejected: msg("report_custom_message", '{"payload": 1, "more": 2}'), code: "E_PARAMS_EXTRA_KEY" },
];

function handle(text: string) {
  const parsed = parsePythonJson(text);
  if (!parsed.ok) throw new Error(`test input is not JSON: ${text}`);
  return new DagsterMessageHandler().handle(parsed.value);
}

describe("Dagster handler emulation", () => {
  for (const rule of RULES) {
    it(`${rule.rule}: accepts one, rejects the other with ${rule.code}`, () => {
      const accepted = handle(rule.accepted);
      expect(accepted.accepted, rule.accepted).toBe(true);
      const rejected = handle(rule.rejected);
      expect(rejected.accepted, rule.rejected).toBe(false);
      if (!rejected.accepted) {
        expect(rejected.rejection.code).toBe(rule.code);
        expect(rejected.rejection.rule).toMatch(/\.py /);
        expect(rejected.rejection.pythonError).not.toBe("");
      }
    });
  }

  it("resolves __infer__ as Dagster does: int and float kept apart, bool before int", () => {
    const result = handle(mat('{"i": {"raw_value": 2, "type": "__infer__"}, "f": {"raw_value": 2.0, "type": "__infer__"}, "b": {"raw_value": true, "type": "__infer__"}, "j": {"raw_value": [1], "type": "__infer__"}, "t": {"raw_value": "x", "type": "__infer__"}, "n": {"raw_value": null, "type": "__infer__"}}'));
    expect(result.accepted).toBe(true);
    if (result.accepted && result.effect.kind === "materialization") {
      const kinds = Object.fromEntries(Object.entries(result.effect.metadata).map(([label, value]) => [label, value.kind]));
      expect(kinds).toEqual({ i: "int", f: "float", b: "bool", j: "json", t: "text", n: "null" });
    }
  });

  it("parses escaped asset keys as Dagster does", () => {
    const result = handle(msg("report_asset_materialization", '{"asset_key": "a\\\\/b/c", "data_version": null, "metadata": null}'));
    expect(result.accepted && result.effect.kind === "materialization" && result.effect.assetKey).toEqual(["a/b", "c"]);
  });

  it("processes a message after closed, flagging it", () => {
    const handler = new DagsterMessageHandler();
    expect(handler.handle({ __dagster_pipes_version: "0.1", method: "closed", params: {} }).accepted).toBe(true);
    const after = handler.handle({ __dagster_pipes_version: "0.1", method: "log", params: { message: "late" } });
    expect(after).toMatchObject({ accepted: true, afterClosed: true, effect: { kind: "log", level: "INFO" } });
  });
});
