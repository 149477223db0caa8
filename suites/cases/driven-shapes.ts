/**
 * Driven cases with fixed contexts: one case for every shape class a library can get wrong
 * (escaped, unicode and spaced asset keys reported back; time windows with a non-UTC offset; key
 * ranges; no assets; extras with whole floats, big integers, nested nulls and an empty key).
 * Generated contexts draw these shapes only now and then, so a deviation must not wait for a
 * lucky seed: each shape is judged here on every run, whatever the seed.
 */
import { buildContextData, pythonIsoFormat, type ContextSpec } from "../../harness/context/context-data.js";
import { withLexemes, type JsonObject } from "../../harness/json/number-lexemes.js";
import { DEFAULT_RUN_ID, defaultContext } from "../context-variations.js";
import type { DriverAction } from "../driven/actions.js";
import type { CaseSetup } from "../model/case.js";
import { drivenCase } from "./driven.js";
import { downgraded } from "../verifiers/downgraded.js";
import { drivenImage } from "../verifiers/driven-image.js";
import { RULES } from "./rules.js";

/** The default context with some of its ten fields replaced. */
function literal(overrides: JsonObject): CaseSetup {
  return { context: { kind: "literal", context: { ...defaultContext(), ...overrides } } };
}

/** The asset fields (keys, code versions, provenance) Dagster sends for `spec`. */
function assetFields(spec: Pick<ContextSpec, "assets" | "codeVersions" | "provenance">): JsonObject {
  const built = buildContextData({ ...spec, runId: DEFAULT_RUN_ID }) as unknown as JsonObject;
  return {
    asset_keys: built.asset_keys!,
    code_version_by_asset_key: built.code_version_by_asset_key!,
    provenance_by_asset_key: built.provenance_by_asset_key!,
  };
}

/**
 * Keys with a slash inside a part (escaped `a\/b`), unicode, spaces, and all of these at once:
 * `a\/b`, `dir/tablé 日本`, `with space`, `x\/y/z w/ü`.
 */
const SHAPED_ASSETS = assetFields({
  assets: [["a/b"], ["dir", "tablé 日本"], ["with space"], ["x/y", "z w", "ü"]],
  codeVersions: ["v1", null, "v 3", "ü4"],
  provenance: [{ code_version: "v1", input_data_versions: { "up\\/stream": "dv 1", plain: "dv2" }, is_user_provided: false }, null, null, null],
});
const SHAPED_KEYS = SHAPED_ASSETS.asset_keys as string[];

/** One asset whose key has all three shapes, `a\/b/tablé 日本 x`, so it can be omitted. */
const ONE_SHAPED_ASSET = assetFields({ assets: [["a/b", "tablé 日本 x"]], codeVersions: ["v 1"] });

/** A time-window partition of one day at a fixed UTC offset (minutes), as Dagster writes it. */
function timeWindow(key: string, startUtcMs: number, offsetMinutes: number, lengthMs: number): JsonObject {
  return {
    partition_key: key,
    partition_key_range: { start: key, end: key },
    partition_time_window: { start: pythonIsoFormat(startUtcMs, offsetMinutes), end: pythonIsoFormat(startUtcMs + lengthMs, offsetMinutes) },
  };
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Extras whose values break naive readers: whole floats, big integers, nested nulls, an empty key. */
const EXTRAS_SHAPES: JsonObject = withLexemes(
  {
    whole: 7,
    big: 12345678901234567000,
    negative_big: -9007199254740992,
    nested_nulls: { a: null, b: [null, { c: null }], d: {}, e: [] },
    "": "the empty key",
    "clé ü": withLexemes([1, -2, 0.5], { 0: "1.0", 1: "-2.0" }),
    nothing: null,
  },
  { whole: "7.0", big: "12345678901234567891", negative_big: "-9007199254740993" },
);
const EXTRAS_KEYS = Object.keys(EXTRAS_SHAPES);

const REPORT_CONTEXT: DriverAction[] = [{ op: "report_context" }];
const CONTEXT_RULES = [RULES.accessors, RULES.contextKeys];

/** The shape cases. */
export const DRIVEN_SHAPE_CASES = [
  drivenCase(
    "driven.asset-key-escaped-materialization",
    "Materializations of asset keys with an escaped slash, unicode and spaces, keys given: written exactly as in the context",
    SHAPED_KEYS.map((key) => ({ op: "report_asset_materialization", asset_key: key, data_version: null, metadata: null })),
    { refs: [RULES.assetKeyResolution, RULES.selectedKeys], setup: literal(SHAPED_ASSETS) },
  ),
  drivenCase(
    "driven.asset-key-escaped-check",
    "Checks of asset keys with an escaped slash, unicode and spaces, keys given: written exactly as in the context",
    SHAPED_KEYS.map((key, index) => ({ op: "report_asset_check", asset_key: key, check_name: `shape_${index}`, passed: index % 2 === 0, severity: "WARN", metadata: null })),
    { needs: ["feature:checks"], refs: [RULES.assetKeyResolution, RULES.selectedKeys], setup: literal(SHAPED_ASSETS) },
  ),
  drivenCase(
    "driven.asset-key-escaped-omitted-materialization",
    "A materialization with the key omitted resolves to the one asset `a\\/b/tablé 日本 x`, written escaped",
    [{ op: "report_asset_materialization", asset_key: null, data_version: "v1", metadata: null }],
    { refs: [RULES.assetKeyResolution, RULES.selectedKeys], setup: literal(ONE_SHAPED_ASSET) },
  ),
  drivenCase(
    "driven.asset-key-escaped-omitted-check",
    "A check with the key omitted resolves to the one asset `a\\/b/tablé 日本 x`, written escaped",
    [{ op: "report_asset_check", asset_key: null, check_name: "omitted_key", passed: true, metadata: null }],
    { needs: ["feature:checks"], refs: [RULES.assetKeyResolution, RULES.selectedKeys], setup: literal(ONE_SHAPED_ASSET) },
  ),
  drivenCase(
    "driven.report-context-escaped-asset-keys",
    "The asset accessors return escaped, unicode and spaced keys (and the maps keyed by them) exactly",
    REPORT_CONTEXT,
    { needs: ["feature:report-context"], refs: CONTEXT_RULES, setup: literal(SHAPED_ASSETS) },
  ),
  drivenCase(
    "driven.report-context-time-window-positive-offset",
    "A time-window partition at +05:30 is returned with its offset by every accessor",
    REPORT_CONTEXT,
    { needs: ["feature:report-context"], refs: CONTEXT_RULES, setup: literal(timeWindow("2024-03-10", Date.UTC(2024, 2, 9, 18, 30), 330, DAY_MS)) },
  ),
  drivenCase(
    "driven.report-context-time-window-negative-offset",
    "An hourly time-window partition at -08:00 is returned with its offset by every accessor",
    REPORT_CONTEXT,
    { needs: ["feature:report-context"], refs: CONTEXT_RULES, setup: literal(timeWindow("2024-11-03-01:00", Date.UTC(2024, 10, 3, 9), -480, HOUR_MS)) },
  ),
  drivenCase(
    "driven.report-context-single-partition",
    "A single (not time-window) partition: key, start == end range, and a null time window",
    REPORT_CONTEXT,
    {
      needs: ["feature:report-context"],
      refs: CONTEXT_RULES,
      setup: literal({ partition_key: "eu/west ü", partition_key_range: { start: "eu/west ü", end: "eu/west ü" }, partition_time_window: null }),
    },
  ),
  drivenCase(
    "driven.report-context-partition-key-range",
    "A key range with start != end and no single key (not what Dagster sends: tolerated) is returned as given",
    REPORT_CONTEXT,
    {
      level: "SHOULD",
      needs: ["feature:report-context"],
      refs: [RULES.tolerateShapes, ...CONTEXT_RULES],
      // Dagster never sends this shape: not reading it back is a tolerance deviation, one root cause.
      expect: [downgraded(drivenImage, "W_SHAPE_NOT_TOLERATED")],
      setup: literal({
        partition_key: null,
        partition_key_range: { start: "2024-01-01", end: "2024-01-07" },
        partition_time_window: { start: "2024-01-01T00:00:00+00:00", end: "2024-01-08T00:00:00+00:00" },
      }),
    },
  ),
  drivenCase(
    "driven.report-context-null-asset-keys",
    "Without assets (asset_keys null, as for an op) the asset accessors refuse and the session goes on",
    REPORT_CONTEXT,
    {
      needs: ["feature:report-context"],
      refs: CONTEXT_RULES,
      setup: literal({ asset_keys: null, code_version_by_asset_key: null, provenance_by_asset_key: null, job_name: "op_job" }),
    },
  ),
  drivenCase(
    "driven.materialization-explicit-key-without-assets",
    "Without assets (asset_keys null) a materialization and a check with an explicit key pass through, as the reference lets them",
    [
      { op: "report_asset_materialization", asset_key: "op/output", data_version: null, metadata: null },
      { op: "report_asset_check", asset_key: "op/output", check_name: "rows_positive", passed: true, severity: "WARN", metadata: null },
    ],
    {
      needs: ["feature:checks"],
      refs: [RULES.assetKeyResolution],
      setup: literal({ asset_keys: null, code_version_by_asset_key: null, provenance_by_asset_key: null, job_name: "op_job" }),
    },
  ),
  drivenCase(
    "driven.get-extra-value-shapes",
    "get_extra returns whole floats, big integers, nested nulls and the value of an empty key exactly",
    EXTRAS_KEYS.map((key) => ({ op: "get_extra", key })),
    { needs: ["feature:get-extra"], refs: [RULES.accessors, RULES.numbers], setup: { extras: EXTRAS_SHAPES } },
  ),
  drivenCase(
    "driven.report-context-extras-shapes",
    "The extras accessor returns whole floats, big integers, nested nulls and an empty key exactly",
    REPORT_CONTEXT,
    { needs: ["feature:report-context"], refs: [RULES.accessors, RULES.numbers], setup: { extras: EXTRAS_SHAPES } },
  ),
];
