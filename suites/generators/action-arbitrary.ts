/**
 * Generated driver scripts (fast-check) for the default context (one asset): logs at every
 * level, at most one materialization with typed metadata, checks, custom messages of arbitrary
 * JSON, and sometimes a final `raise`. Each script's image is computed by `driven/image.ts`.
 */
import fc from "fast-check";
import { setNumberLexeme, type JsonObject, type JsonValue } from "../../harness/json/number-lexemes.js";
import type { DriverAction } from "../driven/actions.js";
import { jsonWithLexemes } from "./context-arbitrary.js";

const text = fc.string({ maxLength: 40, unit: "grapheme" });

/** URLs: a scheme, a host and a path (fast-check's webUrl costs most of a second to build). */
const url = fc
  .tuple(fc.constantFrom("https", "http"), fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), fc.constantFrom("com", "org", "io", "dev"), fc.array(fc.stringMatching(/^[A-Za-z0-9_.~-]{1,8}$/), { maxLength: 3 }))
  .map(([scheme, host, domain, path]) => `${scheme}://${host}.${domain}/${path.join("/")}`);

/** One typed metadata entry in wire form. */
const metadataEntry: fc.Arbitrary<JsonObject> = fc.oneof(
  text.map((value) => ({ raw_value: value, type: "text" })),
  url.map((value) => ({ raw_value: value, type: "url" })),
  text.map((value) => ({ raw_value: value, type: "md" })),
  fc.integer().map((value) => ({ raw_value: value, type: "int" })),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => {
    const entry: JsonObject = { raw_value: Object.is(value, -0) ? 0 : value, type: "float" };
    if (Number.isInteger(value)) setNumberLexeme(entry, "raw_value", `${Object.is(value, -0) ? 0 : value}.0`.replace(/e\+?(\d+)\.0$/, "e+$1"));
    return entry;
  }),
  fc.boolean().map((value) => ({ raw_value: value, type: "bool" })),
  fc.integer({ min: 0, max: 2_000_000_000 }).map((value) => ({ raw_value: value, type: "timestamp" })),
  jsonWithLexemes.filter((value) => value !== null && typeof value === "object").map((value) => ({ raw_value: value, type: "json" })),
  fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null)).map((value) => ({ raw_value: value as JsonValue, type: "__infer__" })),
);

const metadata: fc.Arbitrary<JsonObject | null> = fc.option(
  fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/), metadataEntry, { minKeys: 1, maxKeys: 6 }),
  { nil: null },
);

const log: fc.Arbitrary<DriverAction> = fc.record({
  op: fc.constant("log" as const),
  message: text,
  level: fc.constantFrom("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"),
});

const check: fc.Arbitrary<DriverAction> = fc
  .record({
    check_name: fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/),
    passed: fc.boolean(),
    severity: fc.option(fc.constantFrom("WARN" as const, "ERROR" as const), { nil: undefined }),
    metadata,
    explicitKey: fc.boolean(),
  })
  .map(({ check_name, passed, severity, metadata: entries, explicitKey }) => {
    const action: DriverAction = { op: "report_asset_check", asset_key: explicitKey ? "my_asset" : null, check_name, passed, metadata: entries };
    if (severity !== undefined) action.severity = severity;
    return action;
  });

const custom: fc.Arbitrary<DriverAction> = jsonWithLexemes.map((payload) => ({ op: "report_custom_message" as const, payload }));

const materialization: fc.Arbitrary<DriverAction> = fc
  .record({ data_version: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: null }), metadata, explicitKey: fc.boolean() })
  .map(({ data_version, metadata: entries, explicitKey }) => ({ op: "report_asset_materialization" as const, asset_key: explicitKey ? "my_asset" : null, data_version, metadata: entries }));

/** A driver script valid under the default context. */
export const actionScriptArbitrary: fc.Arbitrary<DriverAction[]> = fc
  .tuple(
    fc.array(fc.oneof({ weight: 3, arbitrary: log }, { weight: 2, arbitrary: check }, { weight: 2, arbitrary: custom }), { maxLength: 10 }),
    fc.option(materialization, { nil: undefined }),
    fc.nat(10),
    fc.option(text.map((message) => ({ op: "raise" as const, message: `generated ${message}` })), { nil: undefined, freq: 4 }),
  )
  .map(([actions, materialize, position, raise]) => {
    const script = [...actions];
    if (materialize !== undefined) script.splice(position % (script.length + 1), 0, materialize);
    if (raise !== undefined) script.push(raise);
    return script;
  });
