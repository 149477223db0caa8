/**
 * One sentence per problem, written for the person who must fix the writer: what is wrong, and
 * what Dagster (or the reference) needs instead. The pointer is kept apart (the printer shows
 * `/params/metadata/rows: bare value 3; ...`), so sentences never repeat it.
 */
import { METADATA_TYPES, PIPES_METHODS } from "./schema-layout.js";
import { REFERENCE_LOG_LEVELS } from "./reference-overlays.js";
import type { ProblemCode } from "./problem-codes.js";

/** What is known about the place a problem was found. */
export interface ProblemFacts {
  /** The JSON Schema keyword that failed, or `lexeme` / `check` for the checks in code. */
  keyword: string;
  /** The offending value's display form (its lexeme for numbers), or undefined when it is missing. */
  shown?: string;
  /** The offending value's Python type name (`int`, `float`, `str`, `list`, `object`, `bool`, `null`). */
  type?: string;
  /** The pointer of the value (relative to the validated value). */
  pointer?: string;
  /** The last token of the pointer (the key or index of the value). */
  name?: string;
  /** The missing or unexpected key (`required`, `additionalProperties`). */
  key?: string;
  /** Every missing key of the object (`required`), when several are. */
  keys?: string[];
  /** The `type` keyword's expected types. */
  expectedTypes?: string[];
  /** The `enum` or `const` values. */
  allowed?: unknown[];
  /** A limit (`minimum`, `minLength`...). */
  limit?: number;
  /** The `pattern` keyword's pattern. */
  pattern?: string;
  /** The message's method, when the problem is inside a message. */
  method?: string;
  /** The metadata entry's type, when the problem is inside a metadata value. */
  metadataType?: string;
  /** True when the problem is the raw_value itself (not a part of a table or lineage). */
  atRawValue?: boolean;
  /** Free text from the check in code that found the problem. */
  detail?: string;
}

/** Display form of a JSON value for a sentence: JSON, cut at 60 characters. */
export function showValue(value: unknown, lexeme?: string): string {
  if (lexeme !== undefined) return lexeme;
  if (value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const TYPE_WORDS: Record<string, string> = {
  string: "a string",
  null: "null",
  object: "an object",
  array: "a list",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean",
};

/** `a string or null` from a `type` keyword's list. */
export function typesText(types: string[]): string {
  const words = types.map((type) => TYPE_WORDS[type] ?? type);
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

function allowedText(values: unknown[]): string {
  const shown = values.map((value) => showValue(value));
  return shown.length <= 1 ? (shown[0] ?? "") : `${shown.slice(0, -1).join(", ")} or ${shown[shown.length - 1]}`;
}

/** `int 3`, `list [1]`, `"text"`, `null`: the type is named where the value alone does not show it. */
function got(facts: ProblemFacts): string {
  if (facts.shown === undefined) return "nothing";
  if (facts.type === undefined || facts.type === "str" || facts.type === "bool" || facts.type === "null") return facts.shown;
  return `${facts.type} ${facts.shown}`;
}

/** The signature of each keyword method as Dagster's handler declares it. */
const SIGNATURES: Record<string, string> = {
  log: "message, level (optional)",
  report_asset_materialization: "asset_key, metadata, data_version",
  report_asset_check: "asset_key, check_name, passed, severity, metadata",
  report_custom_message: "payload",
  log_external_stream: "stream, text, extras (optional)",
};

/** What each metadata type's raw_value means at the reference level. */
const REFERENCE_MEANING: Record<string, string> = {
  __infer__: "any value but an object",
  text: "a string",
  url: "a string",
  path: "a string",
  notebook: "a string",
  json: "an object or a list",
  md: "a string",
  float: "a number",
  int: "an integer",
  bool: "true or false",
  dagster_run: "a string",
  asset: "a string",
  timestamp: "a number",
  table: "{\"records\": [...], \"schema\": [...]}",
  table_schema: "{\"columns\": [...]}",
  table_column_lineage: "{\"deps_by_column\": {col: [{\"asset_key\", \"column_name\"}]}}",
};

/** A generic phrase for a failed keyword: `expected a string, got int 3`. */
export function keywordPhrase(facts: ProblemFacts): string {
  switch (facts.keyword) {
    case "type":
      return `expected ${typesText(facts.expectedTypes ?? [])}, got ${got(facts)}`;
    case "required":
      return `${missingKeys(facts)} ${isAre(facts)} missing`;
    case "additionalProperties":
      return `unexpected key "${facts.key}"`;
    case "enum":
    case "const":
      return `expected ${allowedText(facts.allowed ?? [])}, got ${got(facts)}`;
    case "maxProperties":
    case "maxLength":
      return `expected a list, got ${got(facts)} (Dagster iterates its ${facts.keyword === "maxLength" ? "characters" : "keys"}, which are not valid items)`;
    case "minLength":
    case "minProperties":
      return `${facts.name === undefined ? "the value" : `"${facts.name}"`} must not be empty`;
    case "minimum":
      return `expected at least ${facts.limit}, got ${got(facts)}`;
    case "pattern":
      return `${facts.shown} does not match ${facts.pattern}`;
    default:
      return facts.detail ?? `${got(facts)} is not allowed here`;
  }
}

const LEVEL_SUGGESTIONS: Record<string, string> = { warn: "WARNING", fatal: "CRITICAL" };
const NUMERIC_LEVELS: Record<number, string> = { 10: "DEBUG", 20: "INFO", 30: "WARNING", 40: "ERROR", 50: "CRITICAL" };

function canonicalLevel(shown: string | undefined): string | undefined {
  if (shown === undefined) return undefined;
  if (shown.startsWith('"')) {
    const name = (JSON.parse(shown) as string).toLowerCase();
    const upper = LEVEL_SUGGESTIONS[name] ?? name.toUpperCase();
    return (REFERENCE_LOG_LEVELS as readonly string[]).includes(upper) ? upper : undefined;
  }
  return NUMERIC_LEVELS[Number(shown)];
}

function isMissing(facts: ProblemFacts): boolean {
  return facts.keyword === "required";
}

/** `"a"`, or `"a" and "b"`, or `"a", "b" and "c"`: the missing keys. */
function missingKeys(facts: ProblemFacts): string {
  const keys = (facts.keys ?? (facts.key === undefined ? [] : [facts.key])).map((key) => `"${key}"`);
  return keys.length <= 1 ? (keys[0] ?? "") : `${keys.slice(0, -1).join(", ")} and ${keys[keys.length - 1]}`;
}

/** `is` or `are`, for the missing keys. */
function isAre(facts: ProblemFacts): string {
  return (facts.keys?.length ?? 1) > 1 ? "are" : "is";
}

/** The sentence for a problem of `code` found with `facts`. */
export function problemMessage(code: ProblemCode | string, facts: ProblemFacts): string {
  const method = facts.method ?? "this method's";
  switch (code) {
    case "E_MESSAGE_NOT_OBJECT":
      return `a message must be a JSON object, not ${got(facts)}`;
    case "E_MESSAGE_NO_METHOD":
      return 'a message needs a "method"';
    case "E_MESSAGE_NO_PARAMS":
      return facts.method === "opened" || facts.method === "closed"
        ? `a message needs "params" (null is fine for ${facts.method}, but the key must be there)`
        : 'a message needs "params"';
    case "E_UNKNOWN_METHOD":
      return `unknown method ${facts.shown}; Pipes 0.1 has ${PIPES_METHODS.join(", ")}`;
    case "E_PARAMS_NOT_OBJECT":
      return `params of ${method} must be an object, not ${got(facts)}`;
    case "E_PARAMS_MISSING_KEY":
      return `${method} params lack ${missingKeys(facts)}; Dagster takes exactly ${SIGNATURES[facts.method ?? ""] ?? "its keywords"}`;
    case "E_PARAMS_EXTRA_KEY":
      return `unexpected key "${facts.key}" in ${method} params; Dagster takes exactly ${SIGNATURES[facts.method ?? ""] ?? "its keywords"}`;
    case "E_PARAM_TYPE":
      return `${facts.name} must be ${typesText(facts.expectedTypes ?? [])}, not ${got(facts)}`;
    case "E_LOG_LEVEL":
      if (facts.keyword === "lexeme") {
        return `log level ${facts.shown} is a float; Dagster takes a level name or an integer: write ${facts.detail}`;
      }
      return `log level ${got(facts)} is not one Dagster accepts (DEBUG, INFO, WARNING, ERROR, CRITICAL in any case, WARN, FATAL, or an integer)`;
    case "E_SEVERITY":
      return `severity ${facts.shown ?? "nothing"} is not "WARN" or "ERROR" (exact case)`;
    case "E_STREAM":
      return `stream ${facts.shown ?? "nothing"} is not "stdout" or "stderr"`;
    case "E_CLOSED_PARAMS":
      if (facts.keyword === "not" && facts.type === "str") {
        return `closed params ${facts.shown} contain "exception", so Dagster indexes a string and raises; send {} or {"exception": {...}}`;
      }
      if (facts.keyword === "not") {
        return `closed params ${facts.shown} hold "exception", so Dagster indexes a list and raises; send {} or {"exception": {...}}`;
      }
      return `closed params ${facts.shown} make Dagster raise (it searches them for "exception"); send {} or {"exception": {...}}`;
    case "E_EXCEPTION_SHAPE":
      if (isMissing(facts)) return `an exception needs all five keys (message, stack, name, cause, context); ${missingKeys(facts)} ${isAre(facts)} missing`;
      if (facts.keyword === "enum") return `${facts.name} must be null or a full exception, not ${got(facts)}`;
      return `an exception must be an object with message, stack, name, cause and context, not ${got(facts)}`;
    case "E_METADATA_NOT_OBJECT":
      return `metadata must be an object or null, not ${got(facts)}${facts.shown === "[]" ? " (send empty metadata as null)" : ""}`;
    case "E_METADATA_BARE_VALUE":
      return `bare value ${facts.shown}; Dagster needs {"raw_value": ${facts.shown}, "type": ...}`;
    case "E_METADATA_MISSING_KEY":
      return `metadata entry lacks ${missingKeys(facts)}; Dagster reads both "raw_value" and "type"`;
    case "E_METADATA_UNKNOWN_TYPE":
      return `unknown metadata type ${facts.shown}; Dagster knows ${METADATA_TYPES.join(", ")}`;
    case "E_METADATA_FLOAT_AS_INT":
      return `typed float written as the integer ${facts.shown}; Dagster's float check refuses an integer: write ${facts.detail}`;
    case "E_METADATA_INT_AS_FLOAT":
      return `typed int written as the float ${facts.shown}; Dagster's int check refuses a float: write ${facts.detail}`;
    case "E_METADATA_VALUE":
      if (facts.atRawValue && facts.keyword === "type") {
        return `${got(facts)} is not a valid raw_value for type "${facts.metadataType}": Dagster needs ${typesText(facts.expectedTypes ?? [])}`;
      }
      return `invalid raw_value for type "${facts.metadataType}": ${keywordPhrase(facts)}`;
    case "E_VERSION_MISSING_ON_STDIO":
      return 'no "__dagster_pipes_version": on a stdio channel Dagster treats this line as the program\'s own output, and the message is lost';
    case "E_CONTEXT_NOT_OBJECT":
      return `the context must be a JSON object, not ${got(facts)}`;
    case "E_CONTEXT_MISSING_KEY":
      return `the context lacks ${missingKeys(facts)}; Dagster always sends all ten keys (null where there is no value)`;
    case "E_CONTEXT_VALUE":
      return `Dagster never sends this ${facts.name}: ${keywordPhrase(facts)}`;
    case "E_CONTEXT_PARAMS":
      if (facts.keyword === "type") return `context params must be an object, not ${got(facts)}`;
      return 'context params need "path" (the context file) or "data" (the context inline)';
    case "E_CONTEXT_PARAMS_VALUE":
      if (facts.name === "data") return `"data" must be an object (the context), not ${got(facts)}`;
      return `"path" must be a string, not ${got(facts)}`;
    case "E_MESSAGES_PARAMS":
      if (facts.keyword === "type") return `messages params must be an object, not ${got(facts)}`;
      return 'messages params need "path", "stdio" or "buffered_stdio"';
    case "E_MESSAGES_PARAMS_VALUE":
      if (facts.name === "path") return `"path" must be a string, not ${got(facts)}`;
      return `"${facts.name}" must be "stderr" or "stdout", not ${got(facts)}`;
    case "W_VERSION_MISSING":
      return 'no "__dagster_pipes_version"; the reference always sends "0.1" (and Dagster\'s stdio readers skip a line without it)';
    case "W_VERSION_NOT_0_1":
      return `__dagster_pipes_version is ${facts.shown}; the reference sends exactly "0.1"`;
    case "W_ENVELOPE_EXTRA_KEY":
      return `unexpected key "${facts.key}" in the message; the reference writes only __dagster_pipes_version, method and params`;
    case "W_OPENED_PARAMS_NOT_OBJECT":
      return `opened params are ${got(facts)}; the reference sends {"extras": {...}}`;
    case "W_OPENED_EXTRAS_NOT_OBJECT":
      if (isMissing(facts)) return 'opened params lack "extras"; the reference sends {"extras": {}} at least';
      return `opened extras are ${got(facts)}; the reference sends an object ({} when empty)`;
    case "W_CLOSED_PARAMS_NOT_EMPTY_OBJECT":
      return `closed params are ${got(facts)}; the reference sends {} (or {"exception": {...}})`;
    case "W_CLOSED_PARAMS_EXTRA_KEY":
      return `unexpected key "${facts.key}" in closed params; Dagster ignores it: an exception goes under "exception"`;
    case "W_LOG_LEVEL_MISSING":
      return 'log params lack "level"; Dagster logs them at INFO, the reference always sends the level';
    case "W_LOG_LEVEL_NOT_CANONICAL": {
      const canonical = canonicalLevel(facts.shown);
      return `log level ${facts.shown} is accepted by Dagster, but the reference writes only ${REFERENCE_LOG_LEVELS.join(", ")}${canonical === undefined ? "" : `: write "${canonical}"`}`;
    }
    case "W_ASSET_KEY_EMPTY":
      return 'asset_key is ""; the reference treats "" as omitted and resolves the key (Dagster would read a key with no parts)';
    case "W_DATA_VERSION_EMPTY":
      return 'data_version is ""; send null when there is no version';
    case "W_EXTERNAL_STREAM_EXTRAS":
      if (isMissing(facts)) return 'log_external_stream params lack "extras"; the reference sends {} at least';
      return `extras are ${got(facts)}; the reference sends an object`;
    case "W_EXCEPTION_FIELD":
      if (isMissing(facts)) return `an exception needs all five keys (message, stack, name, cause, context); ${missingKeys(facts)} ${isAre(facts)} missing`;
      if (facts.name === "cause" || facts.name === "context") {
        return `${facts.name} is ${got(facts)}; the reference writes null when there is no ${facts.name}, else a full exception`;
      }
      return `exception ${facts.name} is ${got(facts)}; the reference writes ${typesText(facts.expectedTypes ?? [])}${facts.keyword === "type" && facts.expectedTypes?.[0] === "string" && /^\d+$/.test(facts.name ?? "") ? " (a formatted frame)" : ""}`;
    case "W_EXCEPTION_EXTRA_KEY":
      return `unexpected key "${facts.key}" in an exception; the reference writes only message, stack, name, cause and context`;
    case "W_METADATA_EMPTY_OBJECT":
      return "metadata is {}; the reference sends empty metadata as null";
    case "W_METADATA_ENTRY_EXTRA_KEY":
      return `unexpected key "${facts.key}" in a metadata entry; Dagster ignores it, the reference allows only raw_value and type`;
    case "W_METADATA_INFER_OBJECT":
      return `an __infer__ raw_value is an object; the reference refuses that: send {"raw_value": {...}, "type": "json"}`;
    case "W_METADATA_VALUE_NOT_REFERENCE": {
      const meaning = REFERENCE_MEANING[facts.metadataType ?? ""] ?? "its type's shape";
      if (facts.atRawValue) return `raw_value ${got(facts)} is accepted by Dagster for type "${facts.metadataType}", but the type means ${meaning}`;
      return `in the ${facts.metadataType} raw_value, ${keywordPhrase(facts)} (Dagster accepts it; the reference shape is ${meaning})`;
    }
    case "W_NON_FINITE_NUMBER":
      return `${facts.shown} is not JSON: Python writes and reads it, most JSON readers refuse it`;
    case "I_INTEGER_BEYOND_2_53":
      return `the integer ${facts.shown} is beyond ±2^53: Python keeps it exact, JavaScript and other double-based readers round it`;
    case "I_FLOAT_OUT_OF_RANGE":
      return `${facts.shown} is beyond the double range: Python reads it as ${facts.shown?.startsWith("-") ? "-" : ""}infinity`;
    case "W_CONTEXT_INVARIANT":
      if (facts.name === "partition_key_range") return "partition_time_window is set but partition_key_range is not; Dagster sets both for a time-window partition";
      if (facts.name === "partition_key") return "partition_key_range is set but partition_key is not; Dagster sets the key with the range";
      return `asset_keys is null, so Dagster sends ${facts.name} null too`;
    case "W_CONTEXT_TIME_FORMAT":
      return `${got(facts)} is not Python's isoformat() with an offset (e.g. "2024-01-01T00:00:00+00:00")`;
    case "W_CONTEXT_PARAMS_SHAPE":
      return `unexpected key "${facts.key}" in context params; Dagster sends exactly {"path": ...} or {"data": ...}`;
    case "W_MESSAGES_PARAMS_SHAPE":
      if (isMissing(facts)) return 'messages params with "path" lack "include_stdio_in_messages"; Dagster sends it (true or false)';
      if (facts.keyword === "type") return `include_stdio_in_messages is ${got(facts)}; Dagster sends true or false`;
      return `unexpected key "${facts.key}" in messages params; Dagster sends exactly {"path", "include_stdio_in_messages"}, {"stdio"} or {"buffered_stdio"}`;
    default:
      return facts.detail ?? keywordPhrase(facts);
  }
}
