/**
 * Dagster's resolution of wire metadata (`PipesMessageHandler._resolve_metadata_value` and the
 * `MetadataValue` constructors' checks): which raw values each of the 17 types accepts, what
 * Dagster makes of them, and the Python error when it refuses. The accept sets follow Dagster's
 * `check` helpers, which are `isinstance` tests: `float` refuses the JSON integer `3`, `int`
 * accepts `true`, `json` accepts a string, text-like types accept null
 * (docs/PROTOCOL.md#metadata-types).
 */
import { fromUserString } from "./asset-key.js";
import {
  hasKey,
  isDict,
  pythonIterate,
  pythonTruthy,
  pythonTypeAt,
  pythonTypeOfNonNumber,
  type PythonType,
} from "./python-types.js";
import { DAGSTER_SOURCES, pointerTo, type DagsterRejection, type RejectionCode } from "./rejection.js";
import { getNumberLexeme, type JsonObject, type JsonValue } from "../json/number-lexemes.js";

/** The 17 metadata types of Pipes 0.1 (docs/PROTOCOL.md#metadata-types), in reference order. */
export const METADATA_TYPES = [
  "__infer__",
  "text",
  "url",
  "path",
  "notebook",
  "json",
  "md",
  "float",
  "int",
  "bool",
  "dagster_run",
  "asset",
  "null",
  "table",
  "table_schema",
  "table_column_lineage",
  "timestamp",
] as const;

/** A metadata type name of the wire protocol. */
export type MetadataType = (typeof METADATA_TYPES)[number];

/** A metadata value as Dagster resolved it: the `MetadataValue` kind and its value. */
export interface ResolvedMetadataValue {
  /** The kind Dagster stores (`__infer__` resolved to text, int, float, bool, json or null). */
  kind: Exclude<MetadataType, "__infer__">;
  /** The value Dagster keeps (the raw value, or a normalised form such as an asset key path). */
  value: JsonValue;
  /** How a number was written (`17.0`, big integers), when its JS value alone would not say. */
  lexeme?: string;
}

/** Raised inside the emulation; carries the rejection as data. */
export class RejectionError extends Error {
  constructor(readonly rejection: DagsterRejection) {
    super(rejection.message);
  }
}

/** Builds and throws a rejection. */
export function reject(code: RejectionCode, pointer: string, message: string, pythonError: string, rule: string): never {
  throw new RejectionError({ code, pointer, message, pythonError, rule });
}

const RESOLVE_RULE = `${DAGSTER_SOURCES.handler} PipesMessageHandler._resolve_metadata_value`;

function show(value: JsonValue | undefined): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Resolves every entry of a `metadata` param that Dagster already accepted as a mapping.
 * `pointer` is the pointer of the metadata object within the message.
 */
export function resolveMetadata(metadata: JsonObject, pointer: string): Record<string, ResolvedMetadataValue> {
  const resolved: Record<string, ResolvedMetadataValue> = {};
  for (const label of Object.keys(metadata)) {
    // Pointers are built only for a rejection: this runs for every entry of every message.
    const entryPointer = (): string => pointerTo(pointer, label);
    const entry = metadata[label] as JsonValue;
    if (!isDict(entry)) {
      const kind = pythonTypeAt(metadata, label);
      reject(
        "E_METADATA_BARE_VALUE",
        entryPointer(),
        `bare value ${show(entry)}; Dagster needs {"raw_value": ${show(entry)}, "type": ...}`,
        `TypeError: ${kind === "str" ? "string indices must be integers" : `'${kind}' object is not subscriptable`}`,
        `${DAGSTER_SOURCES.handler} PipesMessageHandler._resolve_metadata`,
      );
    }
    for (const key of ENTRY_KEYS) {
      if (!hasKey(entry, key)) {
        reject(
          "E_METADATA_MISSING_KEY",
          entryPointer(),
          `metadata entry lacks "${key}"; Dagster reads both "raw_value" and "type"`,
          `KeyError: '${key}'`,
          `${DAGSTER_SOURCES.handler} PipesMessageHandler._resolve_metadata`,
        );
      }
    }
    const value = resolveMetadataValue(entry, entryPointer);
    const lexeme = typeof value.value === "number" && value.value === entry.raw_value ? getNumberLexeme(entry, "raw_value") : undefined;
    if (lexeme !== undefined) value.lexeme = lexeme;
    if (label === "__proto__") Object.defineProperty(resolved, label, { value, enumerable: true, writable: true, configurable: true });
    else resolved[label] = value;
  }
  return resolved;
}

const ENTRY_KEYS = ["raw_value", "type"] as const;
const STRING_OR_NULL: readonly PythonType[] = ["str", "NoneType"];
const STRING_ONLY: readonly PythonType[] = ["str"];
const JSON_SHAPES: readonly PythonType[] = ["list", "dict", "NoneType", "str"];
const FLOAT_OR_NULL: readonly PythonType[] = ["float", "NoneType"];
const INT_LIKE: readonly PythonType[] = ["int", "bool", "NoneType"];
const BOOL_OR_NULL: readonly PythonType[] = ["bool", "NoneType"];

/** Resolves one `{raw_value, type}` entry (its keys already present); `pointerOf` gives the entry's pointer. */
export function resolveMetadataValue(entry: JsonObject, pointerOf: () => string): ResolvedMetadataValue {
  const type = entry.type as JsonValue;
  const raw = entry.raw_value as JsonValue;
  const rawType = pythonTypeAt(entry, "raw_value");
  const refuse = (expected: string, pythonError: string, code: RejectionCode = "E_METADATA_VALUE"): never =>
    reject(code, pointerTo(pointerOf(), "raw_value"), `${show(raw)} (${rawType}) is not a valid raw_value for type "${String(type)}": ${expected}`, pythonError, RESOLVE_RULE);
  const allow = (allowed: readonly PythonType[], kind: ResolvedMetadataValue["kind"], param: string, expected: string): ResolvedMetadataValue => {
    if (allowed.includes(rawType)) return { kind, value: raw };
    return refuse(expected, `CheckError: Param "${param}" is not a ${allowed[0]}. Got ${show(raw)} which is type <class '${rawType}'>.`);
  };
  switch (type) {
    case "__infer__":
      return { kind: inferKind(rawType), value: raw };
    case "text":
      return allow(STRING_OR_NULL, "text", "text", "needs a string (or null)");
    case "url":
      return allow(STRING_OR_NULL, "url", "url", "needs a string (or null)");
    case "md":
      return allow(STRING_OR_NULL, "md", "md_str", "needs a string (or null)");
    case "path":
    case "notebook":
      if (rawType === "str") return { kind: type, value: raw };
      if (rawType === "NoneType") return { kind: type, value: "" };
      return refuse("needs a string (or null)", `CheckError: Param "path" is not one of ['PathLike', 'str'].`);
    case "dagster_run":
      return allow(STRING_ONLY, "dagster_run", "run_id", "needs a run id string");
    case "json":
      return allow(JSON_SHAPES, "json", "data", "needs an object or an array");
    case "float":
      if (rawType === "int") {
        return refuse(
          `Dagster's float check refuses an integer; write ${show(raw)}.0`,
          `CheckError: Param "value" is not a float. Got ${show(raw)} which is type <class 'int'>.`,
          "E_METADATA_FLOAT_AS_INT",
        );
      }
      return allow(FLOAT_OR_NULL, "float", "value", "needs a number written as a float");
    case "int":
      return allow(INT_LIKE, "int", "value", "needs an integer");
    case "bool":
      return allow(BOOL_OR_NULL, "bool", "value", "needs true or false");
    case "asset":
      if (rawType !== "str") return refuse("needs a /-separated asset key string", `AttributeError: '${rawType}' object has no attribute 'split'`);
      return { kind: "asset", value: fromUserString(raw as string) };
    case "null":
      return { kind: "null", value: null };
    case "timestamp":
      if (rawType !== "int" && rawType !== "float" && rawType !== "bool") {
        return refuse("needs seconds since the epoch as a number", `CheckError: Param "timestamp" is not one of ['float', 'int'].`);
      }
      if (rawType === "int" && !Number.isFinite(raw as number)) {
        return refuse("is too large for a float", "OverflowError: int too large to convert to float");
      }
      return { kind: "timestamp", value: raw };
    case "table":
      return { kind: "table", value: resolveTable(raw, rawType, () => pointerTo(pointerOf(), "raw_value")) };
    case "table_schema":
      return { kind: "table_schema", value: resolveTableSchema(raw, rawType, () => pointerTo(pointerOf(), "raw_value")) };
    case "table_column_lineage":
      return { kind: "table_column_lineage", value: resolveColumnLineage(raw, rawType, () => pointerTo(pointerOf(), "raw_value")) };
    default:
      return reject(
        "E_METADATA_UNKNOWN_TYPE",
        pointerTo(pointerOf(), "type"),
        `unknown metadata type ${show(type)}; Dagster knows ${METADATA_TYPES.join(", ")}`,
        `CheckError: Failure condition: Unexpected metadata type ${String(type)}`,
        RESOLVE_RULE,
      );
  }
}

/** `normalize_metadata_value` on a parsed JSON value (bool is tested before int). */
function inferKind(rawType: PythonType): ResolvedMetadataValue["kind"] {
  switch (rawType) {
    case "str":
      return "text";
    case "float":
      return "float";
    case "bool":
      return "bool";
    case "int":
      return "int";
    case "list":
    case "dict":
      return "json";
    default:
      return "null";
  }
}

function requireMapping(value: JsonValue, rawType: PythonType, pointer: string, param: string): JsonObject {
  if (!isDict(value)) {
    reject("E_METADATA_VALUE", pointer, `needs an object, got ${rawType}`, `CheckError: Param "${param}" is not one of ['Mapping'].`, RESOLVE_RULE);
  }
  return value;
}

function requireKey(container: JsonObject, key: string, pointer: string): JsonValue {
  if (!hasKey(container, key)) {
    reject("E_METADATA_VALUE", pointer, `lacks the required key "${key}"`, `KeyError: '${key}'`, RESOLVE_RULE);
  }
  return container[key] as JsonValue;
}

function iterate(value: JsonValue, pointer: string, what: string): JsonValue[] {
  const items = pythonIterate(value);
  if (items === null) {
    reject("E_METADATA_VALUE", pointer, `${what} must be a list`, `TypeError: '${pythonTypeOfNonNumber(value)}' object is not iterable`, RESOLVE_RULE);
  }
  return items;
}

const SCALAR_RECORD_TYPES: PythonType[] = ["str", "int", "float", "bool", "NoneType"];

function resolveTable(raw: JsonValue, rawType: PythonType, pointerOf: () => string): JsonValue {
  const pointer = pointerOf();
  const table = requireMapping(raw, rawType, pointer, "table_value");
  const records = iterate(requireKey(table, "records", pointer), pointerTo(pointer, "records"), "records");
  // The first record's fields; every other record must have the same set (Dagster's invariant).
  let fields: Set<string> | undefined;
  records.forEach((record, index) => {
    const recordPointer = (): string => pointerTo(pointer, "records", index);
    if (!isDict(record)) {
      reject("E_METADATA_VALUE", recordPointer(), "a table record must be an object", `CheckError: Param "data" is not one of ['Mapping'].`, `${DAGSTER_SOURCES.table} TableRecord`);
    }
    const columns = Object.keys(record);
    for (const column of columns) {
      const columnType = pythonTypeAt(record, column);
      if (!SCALAR_RECORD_TYPES.includes(columnType)) {
        reject(
          "E_METADATA_VALUE",
          pointerTo(recordPointer(), column),
          `a record field must be a string, number, boolean or null, not ${columnType}`,
          `CheckError: Value in Mapping mismatches expected type for key ${column}.`,
          `${DAGSTER_SOURCES.table} TableRecord`,
        );
      }
    }
    if (fields === undefined) fields = new Set(columns);
    else if (columns.length !== fields.size || !columns.every((column) => fields!.has(column))) {
      reject("E_METADATA_VALUE", recordPointer(), "all records of a table must have the same fields", "CheckError: Invariant failed. Description: All records must have the same fields", `${DAGSTER_SOURCES.metadata} TableMetadataValue`);
    }
  });
  const columns = iterate(requireKey(table, "schema", pointer), pointerTo(pointer, "schema"), "schema (a list of columns)");
  columns.forEach((column, index) => checkColumn(column, pointerTo(pointer, "schema", index)));
  return raw;
}

function resolveTableSchema(raw: JsonValue, rawType: PythonType, pointerOf: () => string): JsonValue {
  const pointer = pointerOf();
  const schema = requireMapping(raw, rawType, pointer, "table_schema_value");
  const columns = iterate(requireKey(schema, "columns", pointer), pointerTo(pointer, "columns"), "columns");
  columns.forEach((column, index) => checkColumn(column, pointerTo(pointer, "columns", index)));
  return raw;
}

const COLUMN_RULE = `${DAGSTER_SOURCES.table} TableColumn`;

/** One column of `table.schema` or `table_schema.columns` (Dagster's `TableColumn`). */
function checkColumn(column: JsonValue, pointer: string): void {
  if (!isDict(column)) {
    reject("E_METADATA_VALUE", pointer, "a column must be an object", `TypeError: '${pythonTypeOfNonNumber(column)}' indices must be integers`, COLUMN_RULE);
  }
  for (const key of ["name", "type"]) {
    const value = requireKey(column, key, pointer);
    if (typeof value !== "string") {
      reject("E_METADATA_VALUE", pointerTo(pointer, key), `column ${key} must be a string`, `CheckError: Param "${key}" is not a str.`, COLUMN_RULE);
    }
  }
  if (hasKey(column, "description") && column.description !== null && typeof column.description !== "string") {
    reject("E_METADATA_VALUE", pointerTo(pointer, "description"), "column description must be a string or null", `CheckError: Param "description" is not a str.`, COLUMN_RULE);
  }
  const tags = hasKey(column, "tags") ? column.tags : null;
  if (tags !== null && tags !== undefined) {
    if (!isDict(tags)) reject("E_METADATA_VALUE", pointerTo(pointer, "tags"), "column tags must be an object", `CheckError: Param "tags" is not one of ['Mapping'].`, COLUMN_RULE);
    for (const tag of Object.keys(tags)) {
      if (typeof tags[tag] !== "string") {
        reject("E_METADATA_VALUE", pointerTo(pointer, "tags", tag), "column tag values must be strings", `CheckError: Value in Mapping mismatches expected type for key ${tag}.`, COLUMN_RULE);
      }
    }
  }
  const constraints = hasKey(column, "constraints") ? (column.constraints as JsonValue) : null;
  if (constraints === undefined || !pythonTruthy(constraints)) return;
  const constraintsPointer = pointerTo(pointer, "constraints");
  if (!isDict(constraints)) {
    reject("E_METADATA_VALUE", constraintsPointer, "column constraints must be an object", "TypeError: argument after ** must be a mapping", `${DAGSTER_SOURCES.table} TableColumnConstraints`);
  }
  for (const key of Object.keys(constraints)) {
    const keyPointer = pointerTo(constraintsPointer, key);
    if (key === "nullable" || key === "unique") {
      if (typeof constraints[key] !== "boolean") reject("E_METADATA_VALUE", keyPointer, `constraint ${key} must be true or false`, `CheckError: Param "${key}" is not a bool.`, `${DAGSTER_SOURCES.table} TableColumnConstraints`);
    } else if (key === "other") {
      const other = constraints.other as JsonValue;
      if (other !== null && !(Array.isArray(other) && other.every((item) => typeof item === "string"))) {
        reject("E_METADATA_VALUE", keyPointer, "constraint other must be a list of strings", `CheckError: Param "other" is not a Sequence of str.`, `${DAGSTER_SOURCES.table} TableColumnConstraints`);
      }
    } else {
      reject("E_METADATA_VALUE", keyPointer, `unknown column constraint "${key}" (nullable, unique, other)`, `TypeError: __new__() got an unexpected keyword argument '${key}'`, `${DAGSTER_SOURCES.table} TableColumnConstraints`);
    }
  }
}

const LINEAGE_RULE = `${DAGSTER_SOURCES.table} TableColumnLineage / TableColumnDep`;

function resolveColumnLineage(raw: JsonValue, rawType: PythonType, pointerOf: () => string): JsonValue {
  const pointer = pointerOf();
  const lineage = requireMapping(raw, rawType, pointer, "table_column_value");
  const depsByColumn = requireKey(lineage, "deps_by_column", pointer);
  const depsPointer = pointerTo(pointer, "deps_by_column");
  if (!isDict(depsByColumn)) {
    reject("E_METADATA_VALUE", depsPointer, "deps_by_column must be an object", `AttributeError: '${pythonTypeOfNonNumber(depsByColumn)}' object has no attribute 'items'`, LINEAGE_RULE);
  }
  for (const column of Object.keys(depsByColumn)) {
    const columnPointer = pointerTo(depsPointer, column);
    const deps = iterate(depsByColumn[column] as JsonValue, columnPointer, "the deps of a column");
    const seen: { key: string; name: JsonValue; hash: string }[] = [];
    deps.forEach((dep, index) => {
      const depPointer = pointerTo(columnPointer, index);
      if (!isDict(dep)) reject("E_METADATA_VALUE", depPointer, "a column dependency must be an object", "TypeError: argument after ** must be a mapping", LINEAGE_RULE);
      for (const key of Object.keys(dep)) {
        if (key !== "asset_key" && key !== "column_name") {
          reject("E_METADATA_VALUE", pointerTo(depPointer, key), `unexpected key "${key}" in a column dependency (asset_key, column_name)`, `TypeError: __new__() got an unexpected keyword argument '${key}'`, LINEAGE_RULE);
        }
      }
      for (const key of ["asset_key", "column_name"]) requireKey(dep, key, depPointer);
      const assetKey = dep.asset_key as JsonValue;
      const validKey = typeof assetKey === "string" || (Array.isArray(assetKey) && assetKey.every((part) => typeof part === "string"));
      if (!validKey) {
        reject("E_METADATA_VALUE", pointerTo(depPointer, "asset_key"), "asset_key must be a string or a list of strings", "CheckError: Failure condition: Unexpected type for AssetKey", LINEAGE_RULE);
      }
      const key = JSON.stringify(typeof assetKey === "string" ? [assetKey] : assetKey);
      // Dagster puts (asset_key, column_name) pairs in a set: the name must be hashable.
      const hash = pythonHashKey(dep, "column_name");
      if (hash === null) {
        reject("E_METADATA_VALUE", pointerTo(depPointer, "column_name"), "column_name must be hashable (a string), not a list or an object", "TypeError: unhashable type", LINEAGE_RULE);
      }
      for (const other of seen) {
        if (other.key !== key) continue;
        // Dagster sorts deps by (asset_key, column_name): names of one asset must be comparable.
        if (!pythonComparable(other.name, dep.column_name as JsonValue)) {
          reject("E_METADATA_VALUE", pointerTo(depPointer, "column_name"), "column names of one asset must be comparable (all strings)", "TypeError: '<' not supported between instances", LINEAGE_RULE);
        }
        if (other.hash === hash) {
          reject("E_METADATA_VALUE", depPointer, `the deps for column "${column}" must be unique by asset key and column name`, "CheckError: Invariant failed. Description: The deps for column must be unique by asset key and column name.", LINEAGE_RULE);
        }
      }
      seen.push({ key, name: dep.column_name as JsonValue, hash });
    });
  }
  return raw;
}

let nanCount = 0;

/**
 * What makes two JSON values equal members of a Python set: strings by content, numbers and bools
 * by value (`True == 1 == 1.0`), integers exactly (from their lexeme), each NaN distinct; null for
 * an unhashable list or object.
 */
function pythonHashKey(container: JsonObject, key: string): string | null {
  const value = container[key] as JsonValue;
  if (value === null) return "none";
  if (typeof value === "string") return `s:${value}`;
  if (typeof value === "boolean") return `n:${value ? 1 : 0}`;
  if (typeof value === "number") {
    const lexeme = getNumberLexeme(container, key);
    if (Number.isNaN(value)) return `nan:${nanCount++}`;
    if (lexeme !== undefined && /^-?\d+$/.test(lexeme)) return `n:${BigInt(lexeme).toString()}`;
    return Number.isInteger(value) && Number.isFinite(value) ? `n:${BigInt(value).toString()}` : `n:${value}`;
  }
  return null;
}

/** Whether Python can order two JSON values with `<` (same kind; numbers and bools mix). */
function pythonComparable(a: JsonValue, b: JsonValue): boolean {
  const kind = (value: JsonValue): string => (typeof value === "boolean" || typeof value === "number" ? "number" : pythonTypeOfNonNumber(value));
  const ka = kind(a);
  if (ka !== kind(b)) return false;
  if (ka === "number" || ka === "str") return true;
  if (ka === "list") {
    const la = a as JsonValue[];
    const lb = b as JsonValue[];
    for (let i = 0; i < Math.min(la.length, lb.length); i++) {
      if (JSON.stringify(la[i]) === JSON.stringify(lb[i])) continue;
      return pythonComparable(la[i] as JsonValue, lb[i] as JsonValue);
    }
    return true;
  }
  return false;
}
