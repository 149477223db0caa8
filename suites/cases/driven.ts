/**
 * Driven cases (`--driven`): a driver performs scripted actions with the library under test and
 * what it writes must be exactly their image (docs/DRIVERS.md#driver-expected-image).
 */
import { withLexemes, type JsonObject } from "../../harness/json/number-lexemes.js";
import type { DriverAction } from "../driven/actions.js";
import type { Capability, CaseDefinition, CaseSetup, Level, RuleRef } from "../model/case.js";
import { drivenImage } from "../verifiers/driven-image.js";
import { nonFiniteContextReadable } from "../verifiers/non-finite-context.js";
import { exitCode } from "../verifiers/exit-code.js";
import { forwardedExceptionShape } from "../verifiers/forwarded-exception-shape.js";
import { RULES } from "./rules.js";

/** A driven case: the driver performs `actions` (or generated ones); by default MUST, judged on its exact image. */
export function drivenCase(
  id: string,
  title: string,
  actions: DriverAction[] | "generated",
  options: { level?: Level; refs?: RuleRef[]; needs?: Capability[]; setup?: CaseSetup; expect?: CaseDefinition["expect"] } = {},
): CaseDefinition {
  const setup: CaseSetup = { ...options.setup, ...(actions === "generated" ? { generatedActions: true } : { actions }) };
  return {
    id,
    title,
    level: options.level ?? "MUST",
    mode: "driven",
    refs: options.refs ?? [RULES.driverProtocol],
    needs: ["driven", ...(options.needs ?? [])],
    setup,
    expect: options.expect ?? [drivenImage],
  };
}

const LONG_TEXT = `${"long line ✓ ".repeat(900)}end`;

/** Every metadata type but the tables, with edge values (whole floats, big integers, empty strings, nesting). */
export const SCALAR_METADATA: JsonObject = {
  text: { raw_value: "héllo ✓ \u2028 \"quoted\" \\ back", type: "text" },
  text_empty: { raw_value: "", type: "text" },
  url: { raw_value: "https://dagster.io/pipes?x=1&y=2", type: "url" },
  path: { raw_value: "/data/out/report.parquet", type: "path" },
  notebook: { raw_value: "notebooks/analysis.ipynb", type: "notebook" },
  md: { raw_value: "# Title\n\n* **bold** item", type: "md" },
  json_object: { raw_value: { a: [1, { b: null }], deep: { x: { y: { z: [] } } }, empty: {} }, type: "json" },
  json_array: { raw_value: ["x", 1, null, [], {}], type: "json" },
  float: { raw_value: 2.5, type: "float" },
  float_whole: withLexemes({ raw_value: 2, type: "float" }, { raw_value: "2.0" }),
  float_negative: { raw_value: -0.001, type: "float" },
  float_precise: { raw_value: 0.30000000000000004, type: "float" },
  float_large: withLexemes({ raw_value: 1e300, type: "float" }, { raw_value: "1e+300" }),
  int: { raw_value: 42, type: "int" },
  int_negative: { raw_value: -7, type: "int" },
  int_big: withLexemes({ raw_value: 1152921504606846976, type: "int" }, { raw_value: "1152921504606846976" }),
  bool: { raw_value: true, type: "bool" },
  bool_false: { raw_value: false, type: "bool" },
  dagster_run: { raw_value: "db892d7f-0031-4747-973d-22e8b9095d9d", type: "dagster_run" },
  asset: { raw_value: "upstream/table", type: "asset" },
  null: { raw_value: null, type: "null" },
  timestamp: { raw_value: 1700000000.5, type: "timestamp" },
  timestamp_int: { raw_value: 1700000000, type: "timestamp" },
  infer_text: { raw_value: "inferred", type: "__infer__" },
  infer_int: { raw_value: 3, type: "__infer__" },
  infer_float_whole: withLexemes({ raw_value: 3, type: "__infer__" }, { raw_value: "3.0" }),
  infer_bool: { raw_value: false, type: "__infer__" },
  infer_list: { raw_value: [1, "a", null], type: "__infer__" },
  infer_null: { raw_value: null, type: "__infer__" },
};

/** The table types: a table with constraints and tags, a schema, and column lineage. */
export const TABLE_METADATA: JsonObject = {
  table: {
    raw_value: {
      records: [
        { name: "alpha", n: 1, ratio: 0.5, ok: true, note: null },
        { name: "béta", n: -2, ratio: 1.25, ok: false, note: "x" },
      ],
      schema: [
        { name: "name", type: "string", description: "the key", constraints: { nullable: false, unique: true, other: ["primary key"] }, tags: { pii: "no" } },
        { name: "n", type: "int" },
        { name: "ratio", type: "float", constraints: { nullable: true } },
        { name: "ok", type: "bool" },
        { name: "note", type: "string", description: "free text" },
      ],
    },
    type: "table",
  },
  table_schema: {
    raw_value: { columns: [{ name: "id", type: "int", constraints: { unique: true } }, { name: "label", type: "string", description: "d", tags: {} }] },
    type: "table_schema",
  },
  table_column_lineage: {
    raw_value: {
      deps_by_column: {
        total: [
          { asset_key: "orders", column_name: "amount" },
          { asset_key: "orders", column_name: "tax" },
          { asset_key: "fx/rates", column_name: "rate" },
        ],
        id: [],
      },
    },
    type: "table_column_lineage",
  },
};

/** Custom payloads of every JSON kind. */
export const PAYLOADS = [
  null,
  true,
  false,
  0,
  -1,
  2.5,
  "",
  "unicode ✓ \u0000 \ud83d\ude00",
  [],
  {},
  withLexemes([1, 2, 3], { 1: "2.0" }),
  withLexemes({ big: 12345678901234567000, nested: { list: [{ a: [null, {}] }] } }, { big: "12345678901234567891" }),
] as const;

const SEVERAL_ASSETS: CaseSetup = { context: { kind: "variation", name: "several-assets" } };

/** The driven cases. */
export const DRIVEN_CASES: CaseDefinition[] = [
  drivenCase(
    "driven.log-levels",
    "Logs at the five levels, with unicode and long text",
    [
      { op: "log", message: "debug: héllo", level: "DEBUG" },
      { op: "log", message: "info ✓ \u2028", level: "INFO" },
      { op: "log", message: "warning \"quoted\"", level: "WARNING" },
      { op: "log", message: LONG_TEXT, level: "ERROR" },
      { op: "log", message: "critical \ud83d\ude00", level: "CRITICAL" },
    ],
    { refs: [RULES.severityDefault, RULES.driverProtocol] },
  ),
  drivenCase("driven.materialization-scalar-metadata", "A materialization with every scalar metadata type and edge values", [
    { op: "report_asset_materialization", asset_key: "my_asset", data_version: "v1", metadata: SCALAR_METADATA },
  ], { needs: ["feature:typed-metadata"], refs: [RULES.metadataWrapped, RULES.numbers] }),
  drivenCase("driven.materialization-table-metadata", "A materialization with table, table_schema and column lineage metadata", [
    { op: "report_asset_materialization", asset_key: "my_asset", data_version: null, metadata: TABLE_METADATA },
  ], { needs: ["feature:typed-metadata", "feature:table-metadata"], refs: [RULES.metadataWrapped] }),
  drivenCase("driven.materialization-data-version", "data_version set and null, metadata null", [
    { op: "report_asset_materialization", asset_key: "alpha", data_version: "2024-01-01.1", metadata: null },
    { op: "report_asset_materialization", asset_key: "beta/gamma", data_version: null, metadata: { rows: { raw_value: 10, type: "int" } } },
  ], { setup: SEVERAL_ASSETS }),
  drivenCase("driven.materialization-omitted-key", "A materialization without an asset key, with one asset in the context", [
    { op: "report_asset_materialization", asset_key: null, data_version: null, metadata: { rows: { raw_value: 1, type: "__infer__" } } },
  ], { refs: [RULES.assetKeyResolution] }),
  drivenCase("driven.check-variants", "Checks passed and failed, WARN and ERROR, with and without metadata", [
    { op: "report_asset_check", asset_key: "my_asset", check_name: "passed_warn", passed: true, severity: "WARN", metadata: null },
    { op: "report_asset_check", asset_key: "my_asset", check_name: "failed_error", passed: false, severity: "ERROR", metadata: { rows: { raw_value: 0, type: "int" }, why: { raw_value: "empty", type: "text" } } },
    { op: "report_asset_check", asset_key: null, check_name: "failed_warn", passed: false, severity: "WARN", metadata: { ratio: withLexemes({ raw_value: 1, type: "float" }, { raw_value: "1.0" }) } },
    { op: "report_asset_check", asset_key: "my_asset", check_name: "passed_error", passed: true, severity: "ERROR", metadata: null },
  ], { needs: ["feature:checks"] }),
  drivenCase("driven.check-default-severity", "A check with severity omitted is reported as ERROR", [
    { op: "report_asset_check", asset_key: "my_asset", check_name: "default_severity", passed: true, metadata: null },
  ], { needs: ["feature:checks"], refs: [RULES.severityDefault] }),
  drivenCase("driven.custom-payloads", "Custom messages with payloads of every JSON kind, null included", PAYLOADS.map((payload) => ({ op: "report_custom_message", payload }) as DriverAction), {
    needs: ["feature:custom-messages"],
    refs: [RULES.numbers, RULES.driverProtocol],
  }),
  drivenCase("driven.custom-payload-non-finite", "A custom payload holding NaN and Infinity (Python's json reads and writes them)", [
    { op: "report_custom_message", payload: [NaN, Infinity, -Infinity] },
  ], { level: "SHOULD", needs: ["feature:custom-messages"], refs: [RULES.numbers], expect: [nonFiniteContextReadable] }),
  drivenCase("driven.get-extra", "get_extra returns the injected extras exactly", [
    { op: "get_extra", key: "threshold" },
    { op: "get_extra", key: "nested" },
    { op: "get_extra", key: "nothing" },
  ], {
    needs: ["feature:get-extra"],
    refs: [RULES.accessors],
    setup: { extras: { threshold: 0.5, nested: withLexemes({ list: [1, 2], whole: 7, deep: { "ü": [] } }, { whole: "7.0" }), nothing: null } },
  }),
  drivenCase("driven.report-context", "The context accessors return all ten fields exactly as injected", [{ op: "report_context" }], {
    needs: ["feature:report-context"],
    refs: [RULES.accessors, RULES.contextKeys],
  }),
  drivenCase("driven.report-context-generated", "The context accessors return generated contexts exactly", [{ op: "report_context" }], {
    needs: ["feature:report-context"],
    refs: [RULES.accessors, RULES.contextKeys],
    setup: { context: { kind: "generated" } },
  }),
  drivenCase("driven.raise-forwarded", "An error raised in the session is forwarded on closed", [
    { op: "log", message: "about to fail", level: "INFO" },
    { op: "raise", message: "conformance boom ✓" },
  ], { needs: ["feature:exceptions"], refs: [RULES.exceptionForwarded] }),
  drivenCase("driven.raise-reference-shape", "A forwarded exception has the reference's shape (message and name strings, stack a list of strings)", [{ op: "raise", message: "conformance boom" }], {
    level: "SHOULD",
    needs: ["feature:exceptions"],
    refs: [RULES.exceptionForwarded],
    expect: [forwardedExceptionShape],
  }),
  drivenCase("driven.raise-exits-nonzero", "A process whose session raised exits non-zero", [{ op: "raise", message: "conformance boom" }], {
    refs: [RULES.exceptionForwarded, RULES.exitDecides],
    expect: [exitCode("non-zero", "E_EXIT_ZERO_AFTER_EXCEPTION")],
  }),
  drivenCase("driven.exit-zero", "A driver whose actions all succeed exits 0", [{ op: "log", message: "done", level: "INFO" }], {
    refs: [RULES.exitDecides],
    expect: [exitCode("zero", "E_EXIT_NONZERO_AFTER_SUCCESS")],
  }),
  drivenCase("driven.refuses-duplicate-materialization", "A second materialization of one asset is refused", [
    { op: "report_asset_materialization", asset_key: "my_asset", data_version: null, metadata: null },
    { op: "report_asset_materialization", asset_key: "my_asset", data_version: null, metadata: null },
  ], { refs: [RULES.materializeOnce] }),
  drivenCase("driven.refuses-unknown-asset-key", "An asset key not in the context is refused", [
    { op: "report_asset_materialization", asset_key: "not_in_context", data_version: null, metadata: null },
  ], { refs: [RULES.assetKeyResolution] }),
  drivenCase("driven.refuses-omitted-key-with-several-assets", "An omitted asset key with several assets in the context is refused", [
    { op: "report_asset_materialization", asset_key: null, data_version: null, metadata: null },
  ], { refs: [RULES.assetKeyResolution], setup: SEVERAL_ASSETS }),
  drivenCase("driven.refuses-missing-extra", "get_extra of a key not in extras is refused", [{ op: "get_extra", key: "no_such_extra" }], {
    needs: ["feature:get-extra"],
    refs: [RULES.accessors],
  }),
  drivenCase("driven.refusal-exits-nonzero", "A process whose library refused an action exits non-zero", [
    { op: "report_asset_materialization", asset_key: "not_in_context", data_version: null, metadata: null },
  ], { refs: [RULES.exceptionForwarded], expect: [exitCode("non-zero", "E_EXIT_ZERO_AFTER_EXCEPTION")] }),
  drivenCase("driven.generated-actions", "Generated action sequences are written exactly as their image", "generated", { needs: ["feature:checks", "feature:custom-messages"] }),
];
