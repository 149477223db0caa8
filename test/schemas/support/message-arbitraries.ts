/**
 * fast-check arbitraries of Pipes messages as models (see python-model.ts), in two families:
 * - `referenceMessage`: what the reference implementation writes (valid at both levels);
 * - `dagsterMessage`: shapes Dagster accepts although the reference never writes them (nulls,
 *   falsy closed params, lower-case and numeric log levels, `{}` metadata, bools as ints, ...):
 *   valid at the dagster level.
 * Object keys of generated JSON payloads never include `raw_value` or `type`, so unwrapping a
 * metadata entry always yields a bare value or an object without those keys.
 */
import fc from "fast-check";
import { METADATA_TYPES, type MetadataType } from "../../../harness/dagster/metadata-resolution.js";
import { PIPES_METHODS, type PipesMethod } from "../../../harness/dagster/message-handler.js";
import { PyFloat, type Model, type ModelObject } from "./python-model.js";

/** Short strings with the characters that matter (escapes, non-ASCII, surrogates, `/`). */
export const text: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({ maxLength: 4, unit: "binary" }),
  fc.constantFrom("", "a/b", "a\\/b", "é", "\u2028", "boom\n", "x y"),
);

/** Non-empty strings. */
export const nonEmptyText: fc.Arbitrary<string> = text.filter((value) => value.length > 0);

/** Keys of generated payload objects. */
export const payloadKey: fc.Arbitrary<string> = fc.constantFrom("a", "b", "k", "x y", "é", "n", "nested", "__dagster_pipes_version", "method");

/** A finite float, written as Python writes floats (`2.0` for whole ones). */
export const finiteFloat: fc.Arbitrary<PyFloat> = fc
  .oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -1000, max: 1000 }).map((n) => n * 1.0), fc.constantFrom(0.5, -0.0, 1e20, 1e-7))
  .map((value) => new PyFloat(value));

/** A Python int that JavaScript holds exactly. */
export const safeInt: fc.Arbitrary<number> = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.maxSafeInteger());

/** JSON scalars (finite numbers only). */
export const scalar: fc.Arbitrary<Model> = fc.oneof(fc.constant(null), fc.boolean(), safeInt, finiteFloat, text);

/** Any JSON value, shallow. */
export const jsonModel: fc.Arbitrary<Model> = fc.letrec<{ value: Model }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(payloadKey, tie("value"), { maxKeys: 3 }),
  ),
})).value;

/** A JSON object. */
export const jsonObject: fc.Arbitrary<ModelObject> = fc.dictionary(payloadKey, jsonModel, { maxKeys: 3 });

/** A JSON array. */
export const jsonArray: fc.Arbitrary<Model[]> = fc.array(jsonModel, { maxLength: 3 });

/** The envelope every message shares. */
export function envelope(method: string, params: Model): ModelObject {
  return { __dagster_pipes_version: "0.1", method, params };
}

// --- Exceptions -----------------------------------------------------------------------------------

/** A reference exception: message str, stack [str], name str|null, cause/context exception|null. */
export const referenceException: fc.Arbitrary<ModelObject> = fc.letrec<{ exception: ModelObject }>((tie) => ({
  exception: fc.record({
    message: text,
    stack: fc.array(text, { maxLength: 3 }),
    name: fc.option(text, { nil: null }),
    cause: fc.oneof({ depthSize: "small", maxDepth: 2 }, fc.constant(null), tie("exception")),
    context: fc.oneof({ depthSize: "small", maxDepth: 2 }, fc.constant(null), tie("exception")),
  }),
})).exception;

/** Python's falsy JSON values (what Dagster's `if x` skips). */
export const falsy: fc.Arbitrary<Model> = fc.constantFrom<Model>(null, false, 0, "", [], {}, new PyFloat(0), new PyFloat(-0));

/** An exception Dagster accepts: any message/stack/name, falsy or nested cause/context. */
export const dagsterException: fc.Arbitrary<ModelObject> = fc.letrec<{ exception: ModelObject }>((tie) => ({
  exception: fc.record({
    message: jsonModel,
    stack: jsonModel,
    name: jsonModel,
    cause: fc.oneof({ depthSize: "small", maxDepth: 2 }, falsy, tie("exception")),
    context: fc.oneof({ depthSize: "small", maxDepth: 2 }, falsy, tie("exception")),
  }),
})).exception;

// --- Metadata -------------------------------------------------------------------------------------

const columnName = fc.constantFrom("a", "b", "c", "id", "é");

/** A table column as the reference level describes it. */
export const referenceColumn: fc.Arbitrary<ModelObject> = fc.record(
  {
    name: text,
    type: fc.constantFrom("string", "int", "float", "bool", "custom"),
    description: text,
    tags: fc.dictionary(payloadKey, text, { maxKeys: 2 }),
    constraints: fc.record({ nullable: fc.boolean(), unique: fc.boolean(), other: fc.array(text, { maxLength: 2 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: ["name", "type"] },
);

/** Flat records sharing one key set. */
const records: fc.Arbitrary<ModelObject[]> = fc
  .uniqueArray(columnName, { maxLength: 3 })
  .chain((keys) => fc.array(fc.tuple(...keys.map(() => fc.oneof(fc.constant(null), fc.boolean(), safeInt, finiteFloat, text))), { maxLength: 3 }).map((rows) => rows.map((row) => Object.fromEntries(keys.map((key, i) => [key, row[i] as Model])) as ModelObject)));

const dep = fc.record({ asset_key: fc.oneof(nonEmptyText, fc.array(nonEmptyText, { minLength: 1, maxLength: 2 })), column_name: text });

/** Deps unique by (asset key, column name), as Dagster requires. */
const uniqueDeps = fc.uniqueArray(dep, { maxLength: 3, selector: (d) => JSON.stringify([typeof d.asset_key === "string" ? [d.asset_key] : d.asset_key, d.column_name]) });

/** The raw_value of each type as the reference writes it. */
export const referenceRawValue: Record<MetadataType, fc.Arbitrary<Model>> = {
  __infer__: fc.oneof(text, safeInt, finiteFloat, fc.boolean(), fc.constant(null), jsonArray),
  text,
  url: text,
  path: text,
  notebook: text,
  json: fc.oneof(jsonObject, jsonArray),
  md: text,
  float: finiteFloat,
  int: safeInt,
  bool: fc.boolean(),
  dagster_run: text,
  asset: text,
  null: fc.constant(null),
  table: fc.record({ records, schema: fc.array(referenceColumn, { maxLength: 2 }) }),
  table_schema: fc.record({ columns: fc.array(referenceColumn, { maxLength: 2 }) }),
  table_column_lineage: fc.record({ deps_by_column: fc.dictionary(columnName, uniqueDeps, { maxKeys: 2 }) }),
  timestamp: fc.oneof(finiteFloat, safeInt),
};

/** A column Dagster accepts but the reference would not write (nulls, falsy constraints, extra keys). */
const dagsterColumn: fc.Arbitrary<ModelObject> = fc.record(
  {
    name: text,
    type: text,
    description: fc.option(text, { nil: null }),
    tags: fc.option(fc.dictionary(payloadKey, text, { maxKeys: 2 }), { nil: null }),
    constraints: fc.oneof(falsy, fc.record({ nullable: fc.boolean(), unique: fc.boolean(), other: fc.option(fc.array(text, { maxLength: 2 }), { nil: null }) }, { requiredKeys: [] })),
    extra: jsonModel,
  },
  { requiredKeys: ["name", "type"] },
);

/** Hashable, pairwise-comparable column names unique per asset: strings, or numbers. */
const dagsterDeps = fc.oneof(
  uniqueDeps,
  fc.uniqueArray(fc.record({ asset_key: fc.constant("a"), column_name: fc.integer({ min: 0, max: 5 }) }), { maxLength: 3, selector: (d) => d.column_name }),
);

/** The raw_value of each type in a shape only Dagster accepts (or any accepted shape). */
export const dagsterRawValue: Record<MetadataType, fc.Arbitrary<Model>> = {
  __infer__: jsonModel,
  text: fc.option(text, { nil: null }),
  url: fc.option(text, { nil: null }),
  path: fc.option(text, { nil: null }),
  notebook: fc.option(text, { nil: null }),
  json: fc.oneof(jsonObject, jsonArray, fc.constant(null), text),
  md: fc.option(text, { nil: null }),
  float: fc.oneof(finiteFloat, fc.constant(null), fc.constantFrom(new PyFloat(NaN), new PyFloat(Infinity), new PyFloat(-Infinity))),
  int: fc.oneof(safeInt, fc.boolean(), fc.constant(null)),
  bool: fc.option(fc.boolean(), { nil: null }),
  dagster_run: text,
  asset: text,
  null: jsonModel,
  table: fc.record({
    records: fc.oneof(records, fc.constantFrom<Model>({}, "")),
    schema: fc.oneof(fc.array(dagsterColumn, { maxLength: 2 }), fc.constantFrom<Model>({}, "")),
    other: jsonModel,
  }, { requiredKeys: ["records", "schema"] }),
  table_schema: fc.record({ columns: fc.oneof(fc.array(dagsterColumn, { maxLength: 2 }), fc.constantFrom<Model>({}, "")) }),
  table_column_lineage: fc.record({ deps_by_column: fc.dictionary(columnName, fc.oneof(dagsterDeps, fc.constantFrom<Model>({}, "")), { maxKeys: 2 }) }),
  timestamp: fc.oneof(finiteFloat, safeInt, fc.boolean()),
};

/** A wrapped metadata entry of `type` built from a raw_value arbitrary. */
function entryOf(type: MetadataType, raw: fc.Arbitrary<Model>): fc.Arbitrary<ModelObject> {
  return raw.map((raw_value) => ({ raw_value, type }));
}

/** A metadata entry at the reference level, of any type. */
export const referenceEntry: fc.Arbitrary<ModelObject> = fc.oneof(...METADATA_TYPES.map((type) => entryOf(type, referenceRawValue[type])));

/** A metadata entry at the dagster level (extra keys allowed). */
export const dagsterEntry: fc.Arbitrary<ModelObject> = fc.oneof(
  ...METADATA_TYPES.map((type) => entryOf(type, dagsterRawValue[type])),
  fc.tuple(referenceEntry, jsonModel).map(([entry, extra]) => ({ ...entry, extra })),
);

const label = fc.constantFrom("rows", "size", "a/b", "é", "x y", "__proto__x", "");

/** Metadata as the reference writes it: null, or a non-empty object. */
export const referenceMetadata: fc.Arbitrary<Model> = fc.oneof(fc.constant(null), fc.dictionary(label, referenceEntry, { minKeys: 1, maxKeys: 4 }));

/** Metadata Dagster accepts: null, or any object of accepted entries ({} included). */
export const dagsterMetadata: fc.Arbitrary<Model> = fc.oneof(fc.constant(null), fc.dictionary(label, dagsterEntry, { maxKeys: 4 }));

// --- Messages -------------------------------------------------------------------------------------

const referenceLevel = fc.constantFrom("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL");

/** Params of each method as the reference writes them. */
export const referenceParams: Record<PipesMethod, fc.Arbitrary<ModelObject>> = {
  opened: fc.record({ extras: jsonObject }),
  closed: fc.oneof(fc.constant({}), referenceException.map((exception) => ({ exception }))),
  log: fc.record({ message: text, level: referenceLevel }),
  report_asset_materialization: fc.record({ asset_key: nonEmptyText, data_version: fc.option(nonEmptyText, { nil: null }), metadata: referenceMetadata }),
  report_asset_check: fc.record({ asset_key: nonEmptyText, check_name: text, passed: fc.boolean(), metadata: referenceMetadata, severity: fc.constantFrom("WARN", "ERROR") }),
  report_custom_message: fc.record({ payload: jsonModel }),
  log_external_stream: fc.record({ stream: fc.constantFrom("stdout", "stderr"), text, extras: jsonObject }),
};

/** A log level Dagster accepts: any-case names, aliases, integers, booleans. */
const dagsterLevel: fc.Arbitrary<Model> = fc.oneof(
  fc.constantFrom("debug", "Info", "WARN", "warn", "warning", "fatal", "FATAL", "Critical", "eRRoR"),
  safeInt,
  fc.boolean(),
);

/** Strings without the substring "exception", lists without the item "exception". */
const closedStringOrList: fc.Arbitrary<Model> = fc.oneof(
  text.filter((value) => !value.includes("exception")),
  jsonArray.filter((items) => !items.includes("exception")),
);

/** Params of each method in shapes Dagster accepts (reference shapes included). */
export const dagsterParams: Record<PipesMethod, fc.Arbitrary<Model>> = {
  opened: jsonModel,
  closed: fc.oneof(
    falsy,
    closedStringOrList,
    fc.dictionary(payloadKey, jsonModel, { maxKeys: 2 }),
    fc.tuple(dagsterException, jsonObject).map(([exception, rest]) => ({ ...rest, exception })),
  ),
  log: fc.record({ message: text, level: dagsterLevel }, { requiredKeys: ["message"] }),
  report_asset_materialization: fc.record({ asset_key: text, data_version: fc.option(text, { nil: null }), metadata: dagsterMetadata }),
  report_asset_check: fc.record({ asset_key: text, check_name: text, passed: fc.boolean(), metadata: dagsterMetadata, severity: fc.constantFrom("WARN", "ERROR") }),
  report_custom_message: fc.record({ payload: jsonModel }),
  log_external_stream: fc.record({ stream: fc.constantFrom("stdout", "stderr"), text, extras: jsonModel }, { requiredKeys: ["stream", "text"] }),
};

/** A message of `method` as the reference writes it. */
export function referenceMessageOf(method: PipesMethod): fc.Arbitrary<ModelObject> {
  return referenceParams[method].map((params) => envelope(method, params));
}

/** Any message as the reference writes it. */
export const referenceMessage: fc.Arbitrary<ModelObject> = fc.oneof(...PIPES_METHODS.map(referenceMessageOf));

/** A message of `method` Dagster accepts (version any value or absent). */
export function dagsterMessageOf(method: PipesMethod): fc.Arbitrary<ModelObject> {
  return fc
    .tuple(dagsterParams[method], fc.oneof(fc.constant<Model | undefined>("0.1"), fc.constant<Model | undefined>(undefined), jsonModel), fc.option(jsonObject, { nil: undefined }))
    .map(([params, version, extra]) => {
      const message: ModelObject = { ...(extra ?? {}), method, params };
      if (version !== undefined) message.__dagster_pipes_version = version;
      return message;
    });
}

/** Any message Dagster accepts. */
export const dagsterMessage: fc.Arbitrary<ModelObject> = fc.oneof(...PIPES_METHODS.map(dagsterMessageOf));
