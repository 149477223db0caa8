/**
 * Dagster's `PipesMessageHandler.handle_message`, emulated on a parsed message: per-method
 * keyword strictness (a missing key, an extra key or non-mapping params raise, as a Python call
 * with `**params` would), the checks each handler makes, log-level coercion, severity, the
 * exception on `closed`, metadata resolution, and the warning for messages after `closed`
 * (which are still processed). It knows nothing of channels: the reader emulation decides what a
 * raise costs (docs/PROTOCOL.md#handler-keyword-params).
 */
import { fromEscapedUserString } from "./asset-key.js";
import { reject, RejectionError, resolveMetadata, type ResolvedMetadataValue } from "./metadata-resolution.js";
import { hasKey, isDict, pythonContains, pythonTruthy, pythonTypeAt, type PythonType } from "./python-types.js";
import { DAGSTER_SOURCES, pointerTo, type DagsterRejection } from "./rejection.js";
import type { JsonObject, JsonValue } from "../json/number-lexemes.js";

/** The seven methods of Pipes 0.1. */
export const PIPES_METHODS = [
  "opened",
  "closed",
  "log",
  "report_asset_materialization",
  "report_asset_check",
  "report_custom_message",
  "log_external_stream",
] as const;

/** A method of Pipes 0.1. */
export type PipesMethod = (typeof PIPES_METHODS)[number];

/** An exception as Dagster keeps it from `closed` (`SerializableErrorInfo`). */
export interface PipesErrorInfo {
  message: JsonValue;
  stack: JsonValue;
  name: JsonValue;
  cause: PipesErrorInfo | null;
  context: PipesErrorInfo | null;
}

/** What Dagster does with an accepted message. */
export type DagsterEffect =
  | { kind: "opened"; params: JsonValue }
  | { kind: "closed"; exception: PipesErrorInfo | null }
  | { kind: "log"; level: string; levelNumber: number; message: string }
  | {
      kind: "materialization";
      assetKey: string[];
      dataVersion: string | null;
      metadata: Record<string, ResolvedMetadataValue>;
    }
  | {
      kind: "check";
      assetKey: string[];
      checkName: string;
      passed: boolean;
      severity: "WARN" | "ERROR";
      metadata: Record<string, ResolvedMetadataValue>;
    }
  | { kind: "custom"; payload: JsonValue }
  | { kind: "external-stream"; stream: "stdout" | "stderr"; text: string };

/** The outcome of handling one message. */
export type HandleResult =
  | { accepted: true; effect: DagsterEffect; afterClosed: boolean }
  | { accepted: false; rejection: DagsterRejection; afterClosed: boolean };

/** Python logging's names and numbers; `coerce_valid_log_level` accepts these case-insensitively. */
const LOG_LEVELS: Record<string, [string, number]> = {
  critical: ["CRITICAL", 50],
  fatal: ["CRITICAL", 50],
  error: ["ERROR", 40],
  warning: ["WARNING", 30],
  warn: ["WARNING", 30],
  info: ["INFO", 20],
  debug: ["DEBUG", 10],
};

const LEVEL_NAMES: Record<number, string> = { 50: "CRITICAL", 40: "ERROR", 30: "WARNING", 20: "INFO", 10: "DEBUG", 0: "NOTSET" };

/** Keyword signatures of the handlers called with `**params`: required and optional keys. */
const SIGNATURES: Record<string, { handler: string; required: string[]; optional: string[] }> = {
  log: { handler: "_handle_log", required: ["message"], optional: ["level"] },
  report_asset_materialization: {
    handler: "_handle_report_asset_materialization",
    required: ["asset_key", "metadata", "data_version"],
    optional: [],
  },
  report_asset_check: {
    handler: "_handle_report_asset_check",
    required: ["asset_key", "check_name", "passed", "severity", "metadata"],
    optional: [],
  },
  report_custom_message: { handler: "_handle_extra_message", required: ["payload"], optional: [] },
  log_external_stream: { handler: "_handle_log_external_stream", required: ["stream", "text"], optional: ["extras"] },
};

const HANDLER_RULE = `${DAGSTER_SOURCES.handler} PipesMessageHandler`;

/** Dagster's handler state for one session: what it has seen so far. */
export class DagsterMessageHandler {
  /** `opened` was handled. */
  openedReceived = false;
  /** `closed` was handled (later messages draw a warning but are still processed). */
  closedReceived = false;
  /** Messages handled after `closed`. */
  messagesAfterClosed = 0;

  /** Handles one parsed message as Dagster would. */
  handle(message: JsonValue): HandleResult {
    const afterClosed = this.closedReceived;
    if (afterClosed) this.messagesAfterClosed++;
    try {
      return { accepted: true, effect: this.dispatch(message), afterClosed };
    } catch (error) {
      if (error instanceof RejectionError) return { accepted: false, rejection: error.rejection, afterClosed };
      throw error;
    }
  }

  private dispatch(message: JsonValue): DagsterEffect {
    if (!isDict(message)) {
      const type = Array.isArray(message) ? "list" : message === null ? "NoneType" : typeof message === "string" ? "str" : typeof message === "boolean" ? "bool" : "int";
      reject(
        "E_MESSAGE_NOT_OBJECT",
        "",
        `a message must be a JSON object, not ${type}`,
        `TypeError: ${type === "str" ? "string indices must be integers" : type === "list" ? "list indices must be integers or slices, not str" : `'${type}' object is not subscriptable`}`,
        `${HANDLER_RULE}.handle_message`,
      );
    }
    if (!hasKey(message, "method")) {
      reject("E_MESSAGE_NO_METHOD", "", 'a message needs a "method"', "KeyError: 'method'", `${HANDLER_RULE}.handle_message`);
    }
    const method = message.method as JsonValue;
    const known = typeof method === "string" && (PIPES_METHODS as readonly string[]).includes(method);
    if (!known) {
      reject(
        "E_UNKNOWN_METHOD",
        "/method",
        `unknown method ${JSON.stringify(method)}; Pipes 0.1 has ${PIPES_METHODS.join(", ")}`,
        `DagsterPipesExecutionError: Unknown message method: ${String(method)}`,
        `${HANDLER_RULE}.handle_message`,
      );
    }
    if (!hasKey(message, "params")) {
      reject("E_MESSAGE_NO_PARAMS", "", 'a message needs "params"', "KeyError: 'params'", `${HANDLER_RULE}.handle_message`);
    }
    const params = message.params as JsonValue;
    switch (method as PipesMethod) {
      case "opened":
        this.openedReceived = true;
        return { kind: "opened", params };
      case "closed":
        return this.handleClosed(params);
      default:
        return this.handleKeywordMethod(method as string, message);
    }
  }

  private handleClosed(params: JsonValue): DagsterEffect {
    this.closedReceived = true;
    if (!pythonTruthy(params)) return { kind: "closed", exception: null };
    const contains = pythonContains(params, "exception");
    if (contains === "TypeError") {
      reject(
        "E_CLOSED_PARAMS",
        "/params",
        "closed params must be an object ({} or {\"exception\": ...})",
        `TypeError: argument of type '${typeof params === "boolean" ? "bool" : "int"}' is not iterable`,
        `${HANDLER_RULE}._handle_closed`,
      );
    }
    if (!contains) return { kind: "closed", exception: null };
    if (!isDict(params)) {
      reject("E_CLOSED_PARAMS", "/params", "closed params must be an object", "TypeError: indices must be integers", `${HANDLER_RULE}._handle_closed`);
    }
    return { kind: "closed", exception: errorInfo(params.exception as JsonValue, "/params/exception") };
  }

  private handleKeywordMethod(method: string, message: JsonObject): DagsterEffect {
    const signature = SIGNATURES[method]!;
    const params = message.params as JsonValue;
    const rule = `${HANDLER_RULE}.${signature.handler}`;
    if (!isDict(params)) {
      const type = pythonTypeAt(message, "params");
      reject(
        "E_PARAMS_NOT_OBJECT",
        "/params",
        `params of ${method} must be an object, not ${type === "NoneType" ? "null" : type}`,
        `TypeError: ${signature.handler}() argument after ** must be a mapping, not ${type}`,
        rule,
      );
    }
    for (const key of Object.keys(params)) {
      if (!signature.required.includes(key) && !signature.optional.includes(key)) {
        reject(
          "E_PARAMS_EXTRA_KEY",
          pointerTo("/params", key),
          `unexpected key "${key}" in ${method} params; Dagster takes exactly ${describeKeys(signature)}`,
          `TypeError: ${signature.handler}() got an unexpected keyword argument '${key}'`,
          rule,
        );
      }
    }
    for (const key of signature.required) {
      if (!hasKey(params, key)) {
        reject(
          "E_PARAMS_MISSING_KEY",
          "/params",
          `${method} params lack "${key}"; Dagster takes exactly ${describeKeys(signature)}`,
          `TypeError: ${signature.handler}() missing 1 required positional argument: '${key}'`,
          rule,
        );
      }
    }
    switch (method) {
      case "log":
        return handleLog(params, rule);
      case "report_asset_materialization":
        return handleMaterialization(params, rule);
      case "report_asset_check":
        return handleCheck(params, rule);
      case "report_custom_message":
        return { kind: "custom", payload: params.payload as JsonValue };
      default:
        return handleExternalStream(params, rule);
    }
  }
}

function describeKeys(signature: { required: string[]; optional: string[] }): string {
  const keys = [...signature.required, ...signature.optional.map((key) => `${key} (optional)`)];
  return keys.join(", ");
}

/** `check.str_param`-style type check of one param. */
function requireParamType(params: JsonObject, key: string, allowed: PythonType[], expected: string, rule: string): void {
  const type = pythonTypeAt(params, key);
  if (allowed.includes(type)) return;
  reject(
    "E_PARAM_TYPE",
    pointerTo("/params", key),
    `${key} must be ${expected}, not ${type === "NoneType" ? "null" : type}`,
    `CheckError: Param "${key}" is not a ${allowed[0]}. Got ${JSON.stringify(params[key])} which is type <class '${type}'>.`,
    rule,
  );
}

function handleLog(params: JsonObject, rule: string): DagsterEffect {
  requireParamType(params, "message", ["str"], "a string", rule);
  const message = params.message as string;
  if (!hasKey(params, "level")) return { kind: "log", level: "INFO", levelNumber: 20, message };
  const levelType = pythonTypeAt(params, "level");
  const level = params.level as JsonValue;
  if (levelType === "int" || levelType === "bool") {
    const number = typeof level === "boolean" ? Number(level) : (level as number);
    return { kind: "log", level: LEVEL_NAMES[number] ?? `Level ${number}`, levelNumber: number, message };
  }
  const known = typeof level === "string" ? LOG_LEVELS[level.toLowerCase()] : undefined;
  if (known === undefined) {
    reject(
      "E_LOG_LEVEL",
      "/params/level",
      `log level ${JSON.stringify(level)} is not one Dagster accepts (DEBUG, INFO, WARNING, ERROR, CRITICAL, any case; WARN, FATAL; or an integer)`,
      typeof level === "string"
        ? `CheckError: Invariant failed. Description: Bad value for log level ${level}`
        : `CheckError: Param "log_level" is not a str. Got ${JSON.stringify(level)} which is type <class '${levelType}'>.`,
      `${DAGSTER_SOURCES.logLevel} coerce_valid_log_level`,
    );
  }
  return { kind: "log", level: known[0], levelNumber: known[1], message };
}

function handleMaterialization(params: JsonObject, rule: string): DagsterEffect {
  requireParamType(params, "asset_key", ["str"], "a string", rule);
  requireParamType(params, "data_version", ["str", "NoneType"], "a string or null", rule);
  const metadata = requireMetadataMapping(params, rule);
  return {
    kind: "materialization",
    assetKey: fromEscapedUserString(params.asset_key as string),
    dataVersion: params.data_version as string | null,
    metadata: metadata === null ? {} : resolveMetadata(metadata, "/params/metadata"),
  };
}

function handleCheck(params: JsonObject, rule: string): DagsterEffect {
  requireParamType(params, "asset_key", ["str"], "a string", rule);
  requireParamType(params, "check_name", ["str"], "a string", rule);
  requireParamType(params, "passed", ["bool"], "true or false", rule);
  const severity = params.severity as JsonValue;
  if (severity !== "WARN" && severity !== "ERROR") {
    reject(
      "E_SEVERITY",
      "/params/severity",
      `severity ${JSON.stringify(severity)} is not "WARN" or "ERROR" (exact case)`,
      `CheckError: Param "severity" is not equal to one of ['WARN', 'ERROR']. Got ${JSON.stringify(severity)}.`,
      rule,
    );
  }
  const metadata = requireMetadataMapping(params, rule);
  return {
    kind: "check",
    assetKey: fromEscapedUserString(params.asset_key as string),
    checkName: params.check_name as string,
    passed: params.passed as boolean,
    severity,
    metadata: metadata === null ? {} : resolveMetadata(metadata, "/params/metadata"),
  };
}

/** `check.opt_mapping_param(metadata, "metadata", key_type=str)`: null or an object. */
function requireMetadataMapping(params: JsonObject, rule: string): JsonObject | null {
  const metadata = params.metadata as JsonValue;
  if (metadata === null) return null;
  if (isDict(metadata)) return metadata;
  const type = pythonTypeAt(params, "metadata");
  return reject(
    "E_METADATA_NOT_OBJECT",
    "/params/metadata",
    `metadata must be an object or null, not ${type}${Array.isArray(metadata) && metadata.length === 0 ? " (empty metadata is null)" : ""}`,
    `CheckError: Param "metadata" is not one of ['Mapping']. Got ${JSON.stringify(metadata)} which is type <class '${type}'>.`,
    rule,
  );
}

function handleExternalStream(params: JsonObject, rule: string): DagsterEffect {
  const stream = params.stream as JsonValue;
  if (stream !== "stdout" && stream !== "stderr") {
    reject(
      "E_STREAM",
      "/params/stream",
      `stream ${JSON.stringify(stream)} is not "stdout" or "stderr"`,
      `DagsterInvariantViolationError: Unexpected stream: ${String(stream)}`,
      rule,
    );
  }
  if (typeof params.text !== "string") {
    const type = pythonTypeAt(params, "text");
    reject("E_PARAM_TYPE", "/params/text", `text must be a string, not ${type}`, `TypeError: write() argument must be str, not ${type}`, rule);
  }
  return { kind: "external-stream", stream, text: params.text };
}

/** `_ser_err_from_pipes_exc`: five keys read directly; `cause`/`context` followed when truthy. */
function errorInfo(exception: JsonValue, pointer: string): PipesErrorInfo {
  const rule = `${DAGSTER_SOURCES.handler} _ser_err_from_pipes_exc`;
  if (!isDict(exception)) {
    reject(
      "E_EXCEPTION_SHAPE",
      pointer,
      `an exception must be an object with message, stack, name, cause and context, not ${exception === null ? "null" : Array.isArray(exception) ? "a list" : typeof exception}`,
      `TypeError: '${exception === null ? "NoneType" : Array.isArray(exception) ? "list" : typeof exception}' object is not subscriptable`,
      rule,
    );
  }
  for (const key of ["message", "stack", "name", "cause", "context"]) {
    if (!hasKey(exception, key)) {
      reject("E_EXCEPTION_SHAPE", pointer, `an exception needs all five keys; "${key}" is missing`, `KeyError: '${key}'`, rule);
    }
  }
  const nested = (key: "cause" | "context"): PipesErrorInfo | null =>
    pythonTruthy(exception[key] as JsonValue) ? errorInfo(exception[key] as JsonValue, pointerTo(pointer, key)) : null;
  return {
    message: exception.message as JsonValue,
    stack: exception.stack as JsonValue,
    name: exception.name as JsonValue,
    cause: nested("cause"),
    context: nested("context"),
  };
}
