/**
 * Why Dagster's handler would raise on a message, as data: a stable reason code, the JSON pointer
 * of the offending value, one sentence for people, what Python would raise, and the Dagster rule
 * (source file and function) it stands for.
 */

/** Stable reason codes of the handler emulation. */
export type RejectionCode =
  | "E_JSON_SYNTAX"
  | "E_INVALID_UTF8"
  | "E_MESSAGE_NOT_OBJECT"
  | "E_MESSAGE_NO_METHOD"
  | "E_MESSAGE_NO_PARAMS"
  | "E_UNKNOWN_METHOD"
  | "E_PARAMS_NOT_OBJECT"
  | "E_PARAMS_MISSING_KEY"
  | "E_PARAMS_EXTRA_KEY"
  | "E_PARAM_TYPE"
  | "E_LOG_LEVEL"
  | "E_SEVERITY"
  | "E_STREAM"
  | "E_CLOSED_PARAMS"
  | "E_EXCEPTION_SHAPE"
  | "E_METADATA_NOT_OBJECT"
  | "E_METADATA_BARE_VALUE"
  | "E_METADATA_MISSING_KEY"
  | "E_METADATA_UNKNOWN_TYPE"
  | "E_METADATA_FLOAT_AS_INT"
  | "E_METADATA_VALUE";

/** One reason Dagster would raise while handling a message. */
export interface DagsterRejection {
  code: RejectionCode;
  /** JSON pointer (RFC 6901) into the message, e.g. `/params/metadata/rows`. */
  pointer: string;
  /** One clear sentence, e.g. `bare value 3; Dagster needs {"raw_value": 3, "type": ...}`. */
  message: string;
  /** What Dagster's Python code would raise, e.g. `TypeError: ... missing 1 required positional argument: 'message'`. */
  pythonError: string;
  /** The Dagster rule: source file and function. */
  rule: string;
}

/** Appends reference tokens to a JSON pointer, escaping `~` and `/` as RFC 6901 says. */
export function pointerTo(base: string, ...tokens: (string | number)[]): string {
  let pointer = base;
  for (const token of tokens) {
    const text = typeof token === "number" ? String(token) : token;
    pointer += text.includes("~") || text.includes("/") ? `/${text.replaceAll("~", "~0").replaceAll("/", "~1")}` : `/${text}`;
  }
  return pointer;
}

/** The Dagster source files the emulation follows, for `rule`. */
export const DAGSTER_SOURCES = {
  handler: "dagster/_core/pipes/context.py",
  utils: "dagster/_core/pipes/utils.py",
  metadata: "dagster/_core/definitions/metadata/metadata_value.py",
  table: "dagster/_core/definitions/metadata/table.py",
  assetKey: "dagster/_core/definitions/asset_key.py",
  logLevel: "dagster/_core/utils.py",
} as const;
