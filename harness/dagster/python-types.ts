/**
 * The Python view of a parsed JSON value, as Dagster's handler sees it after `json.loads`:
 * its type (with int and float apart, from the number's lexeme), truthiness, `in` and iteration.
 * Dagster's checks are `isinstance` tests on these types, so every rule of the handler emulation
 * is written in terms of them.
 */
import { numberClassAt, type JsonObject, type JsonValue } from "../json/number-lexemes.js";

/** The Python type `json.loads` gives a value. */
export type PythonType = "NoneType" | "bool" | "int" | "float" | "str" | "list" | "dict";

/** The Python type of `container[key]` (int or float decided by its lexeme). */
export function pythonTypeAt(container: object, key: string | number): PythonType {
  const value = (container as Record<string | number, JsonValue>)[key] as JsonValue;
  if (typeof value === "number") return numberClassAt(container, key);
  return pythonTypeOfNonNumber(value);
}

/** The Python type of a value that is not a number (numbers need their container's lexemes). */
export function pythonTypeOfNonNumber(value: JsonValue): PythonType {
  if (value === null) return "NoneType";
  switch (typeof value) {
    case "boolean":
      return "bool";
    case "string":
      return "str";
    case "number":
      return Number.isInteger(value) ? "int" : "float";
  }
  return Array.isArray(value) ? "list" : "dict";
}

/** Python's `bool(x)` for a JSON value. */
export function pythonTruthy(value: JsonValue): boolean {
  if (value === null || value === false || value === 0 || value === "") return false;
  if (typeof value === "number") return true; // NaN is truthy in Python
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/** Is `value` a dict (JSON object)? */
export function isDict(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Does `container` have its own key `key` (Python's `key in dict`)? */
export function hasKey(container: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(container, key);
}

/**
 * Python's `needle in haystack` for a string needle: dict keys, list elements, substrings.
 * Returns `"TypeError"` for a haystack Python cannot search (numbers, bools, None).
 */
export function pythonContains(haystack: JsonValue, needle: string): boolean | "TypeError" {
  if (typeof haystack === "string") return haystack.includes(needle);
  if (Array.isArray(haystack)) return haystack.includes(needle);
  if (isDict(haystack)) return hasKey(haystack, needle);
  return "TypeError";
}

/**
 * What `for item in value` yields in Python for a JSON value: list items, dict keys, string
 * characters; `null` for a value Python cannot iterate.
 */
export function pythonIterate(value: JsonValue): JsonValue[] | null {
  if (Array.isArray(value)) return value;
  if (isDict(value)) return Object.keys(value);
  if (typeof value === "string") return Array.from(value);
  return null;
}

/** A short Python-like description of a value's type for messages: `int`, `list`, `dict`. */
export function describePythonType(container: object, key: string | number): string {
  return pythonTypeAt(container, key);
}
