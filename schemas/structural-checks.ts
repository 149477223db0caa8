/**
 * Structural rules of table metadata that JSON Schema cannot state, checked the way Dagster's
 * Python code meets them:
 * - `TableMetadataValue`: every record of a table has the same set of keys;
 * - `TableColumnLineage.__new__`: per column, deps are sorted by `(asset_key, column_name)` and
 *   put in a set: two deps of one asset whose column names differ must be orderable with `<`
 *   (strings with strings, numbers and booleans together), a column name must be hashable (not a
 *   list or object), and no two deps may be equal (Python equality: `1 == 1.0 == True`).
 * Shapes the schemas already refuse are skipped here.
 */
import { getNumberLexeme, numberClassAt, type JsonObject, type JsonValue } from "../harness/json/number-lexemes.js";
import { isDict } from "../harness/dagster/python-types.js";
import { appendPointer } from "./json-pointer.js";
import { PROBLEM_CODES, type Problem } from "./problem-codes.js";
import { problemMessage, showValue } from "./problem-messages.js";

const TABLE_RULE = "dagster/_core/definitions/metadata/metadata_value.py TableMetadataValue";
const LINEAGE_RULE = "dagster/_core/definitions/metadata/table.py TableColumnLineage.__new__";

function valueProblem(pointer: string, metadataType: string, detail: string, rule: string): Problem {
  return {
    pointer,
    code: "E_METADATA_VALUE",
    message: problemMessage("E_METADATA_VALUE", { keyword: "check", metadataType, detail }),
    level: PROBLEM_CODES.E_METADATA_VALUE.level,
    rule,
  };
}

/** The pointer of a metadata entry's raw_value in a message (built only when a problem is reported). */
function rawValuePointer(label: string): string {
  return appendPointer(appendPointer("/params/metadata", label), "raw_value");
}

/** Records of one table must share one key set (Dagster compares each record with the previous one). */
export function checkTableRecords(raw: JsonValue, label: string, out: Problem[]): void {
  if (!isDict(raw) || !Array.isArray(raw.records)) return;
  const records = raw.records;
  let previous: JsonObject | undefined;
  let previousSize = 0;
  for (let index = 0; index < records.length; index++) {
    const record = records[index];
    if (!isDict(record)) continue;
    // Same key set without sorting: same size, and every key of this record in the previous one.
    let size = 0;
    let same = true;
    for (const key in record) {
      size++;
      if (previous !== undefined && same && !Object.prototype.hasOwnProperty.call(previous, key)) same = false;
    }
    if (previous !== undefined && (!same || size !== previousSize)) {
      out.push(
        valueProblem(
          appendPointer(appendPointer(rawValuePointer(label), "records"), index),
          "table",
          `all records must have the same fields: this one has ${showValue(Object.keys(record).sort())}, the one before ${showValue(Object.keys(previous).sort())}`,
          TABLE_RULE,
        ),
      );
    }
    previous = record;
    previousSize = size;
  }
}

/** A column name as Python would compare it: its kind and, for numbers, an exact value. */
interface PythonScalar {
  kind: "number" | "str" | "none" | "unhashable";
  /** The number's exact value (BigInt for integers written beyond 2^53) or the string. */
  value: number | bigint | string | null;
}

function pythonScalar(container: JsonObject, key: string): PythonScalar {
  const value = container[key] as JsonValue;
  if (value === null) return { kind: "none", value: null };
  if (typeof value === "boolean") return { kind: "number", value: value ? 1 : 0 };
  if (typeof value === "string") return { kind: "str", value };
  if (typeof value === "number") {
    const lexeme = getNumberLexeme(container, key);
    if (lexeme !== undefined && numberClassAt(container, key) === "int" && !Number.isSafeInteger(value)) {
      return { kind: "number", value: BigInt(lexeme) };
    }
    return { kind: "number", value };
  }
  return { kind: "unhashable", value: null };
}

const KIND_WORDS: Record<PythonScalar["kind"], string> = { number: "a number", str: "a string", none: "null", unhashable: "a list or object" };

/** Python's `a == b` for two hashable column names (NaN equals nothing: each parsed NaN is its own object). */
function pythonEqual(a: PythonScalar, b: PythonScalar): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "none") return true;
  if (typeof a.value === "bigint" || typeof b.value === "bigint") {
    if (typeof a.value === "number" && !Number.isInteger(a.value)) return false;
    if (typeof b.value === "number" && !Number.isInteger(b.value)) return false;
    try {
      return BigInt(a.value as number | bigint) === BigInt(b.value as number | bigint);
    } catch {
      return false;
    }
  }
  return a.value === b.value;
}

/** The asset key a dep names, as Dagster builds it (`AssetKey.from_coercible`), or undefined when invalid. */
function depAssetKey(dep: JsonObject): string | undefined {
  const key = dep.asset_key;
  if (typeof key === "string") return JSON.stringify([key]);
  if (Array.isArray(key) && key.every((part) => typeof part === "string")) return JSON.stringify(key);
  return undefined;
}

/** Deps of each lineage column: hashable names, orderable within one asset, no duplicates. */
export function checkColumnLineage(raw: JsonValue, label: string, out: Problem[]): void {
  if (!isDict(raw) || !isDict(raw.deps_by_column)) return;
  const depsPointer = appendPointer(rawValuePointer(label), "deps_by_column");
  for (const column of Object.keys(raw.deps_by_column)) {
    const deps = raw.deps_by_column[column];
    if (!Array.isArray(deps)) continue;
    const columnPointer = appendPointer(depsPointer, column);
    const seen: { assetKey: string; name: PythonScalar }[] = [];
    deps.forEach((dep, index) => {
      if (!isDict(dep) || !Object.prototype.hasOwnProperty.call(dep, "column_name")) return;
      const assetKey = depAssetKey(dep);
      if (assetKey === undefined) return;
      const depPointer = appendPointer(columnPointer, index);
      const name = pythonScalar(dep, "column_name");
      if (name.kind === "unhashable") {
        out.push(
          valueProblem(
            appendPointer(depPointer, "column_name"),
            "table_column_lineage",
            `column_name ${showValue(dep.column_name)} is ${Array.isArray(dep.column_name) ? "a list" : "an object"}, which Python cannot hash into the set of deps`,
            LINEAGE_RULE,
          ),
        );
        return;
      }
      for (const other of seen) {
        if (other.assetKey !== assetKey) continue;
        if (pythonEqual(other.name, name)) {
          out.push(valueProblem(depPointer, "table_column_lineage", `the deps for column "${column}" must be unique by asset key and column name`, LINEAGE_RULE));
          break;
        }
        if (other.name.kind !== name.kind || name.kind === "none") {
          out.push(
            valueProblem(
              appendPointer(depPointer, "column_name"),
              "table_column_lineage",
              `column names of one asset must be comparable (Dagster sorts them): ${showValue(dep.column_name)} against ${KIND_WORDS[other.name.kind]}`,
              LINEAGE_RULE,
            ),
          );
          break;
        }
      }
      seen.push({ assetKey, name });
    });
  }
}

/** The structural rules of one metadata entry of a message (at `/params/metadata/<label>`): tables and lineage. */
export function checkMetadataEntryStructure(entry: JsonObject, label: string, out: Problem[]): void {
  const type = entry.type;
  if (type === "table") checkTableRecords(entry.raw_value as JsonValue, label, out);
  else if (type === "table_column_lineage") checkColumnLineage(entry.raw_value as JsonValue, label, out);
}
