/**
 * The image of a driver's actions: exactly the messages a conforming library writes for them
 * (docs/DRIVERS.md#driver-expected-image). `opened` first, one message per reporting action in
 * order, then `closed {}`; after `raise`, or an action the reference refuses (a second
 * materialization of one key, a key not in the context, an omitted key with several assets, a
 * missing extra), nothing more is written and `closed` carries the exception, with a non-zero exit.
 */
import { getNumberLexeme, setNumberLexeme, type JsonObject, type JsonValue } from "../../harness/json/number-lexemes.js";
import type { DriverAction } from "./actions.js";

/** One expected message. */
export interface ExpectedMessage {
  method: string;
  params: JsonValue;
  /** The action (by index) the message is the image of; absent for opened/closed. */
  actionIndex?: number;
}

/** How the session must end. */
export type ExpectedEnding =
  | { kind: "normal" }
  /** `closed` carries an exception; `messageContains` must appear in its message (raise). */
  | { kind: "exception"; messageContains?: string; refusedAction?: number; refusal?: string };

/** The whole expected image. */
export interface ExpectedImage {
  /** Every message up to (not including) `closed`. */
  messages: ExpectedMessage[];
  ending: ExpectedEnding;
}

function isNonEmptyList(value: JsonValue | undefined): value is JsonValue[] {
  return Array.isArray(value) && value.length > 0;
}

/** Empty metadata is written as null by the reference. */
function metadataImage(metadata: JsonObject | null | undefined): JsonValue {
  if (metadata === null || metadata === undefined || Object.keys(metadata).length === 0) return null;
  return metadata;
}

/** The reference's asset key resolution; a string refusal when it raises. */
export function resolveAssetKey(context: JsonObject, explicit: string | null | undefined): { key: string } | { refusal: string } {
  const keys = context.asset_keys;
  if (isNonEmptyList(keys)) {
    if (explicit) return keys.includes(explicit) ? { key: explicit } : { refusal: `asset key ${explicit} is not in the context` };
    return keys.length === 1 ? { key: keys[0] as string } : { refusal: "no asset key given and the context has several assets" };
  }
  if (explicit) return { key: explicit };
  return { refusal: "no asset key given and the context has no assets" };
}

/** The ten context fields as `report_context` must report them (null where an accessor refuses). */
export function reportedContext(context: JsonObject): JsonObject {
  const read = (key: string): JsonValue => (Object.prototype.hasOwnProperty.call(context, key) ? (context[key] as JsonValue) : null);
  return {
    asset_keys: read("asset_keys"),
    code_version_by_asset_key: read("code_version_by_asset_key"),
    provenance_by_asset_key: read("provenance_by_asset_key"),
    partition_key: read("partition_key"),
    partition_key_range: read("partition_key_range"),
    // The accessor raises only when the range is null; it may itself return null.
    partition_time_window: read("partition_key_range") === null ? null : read("partition_time_window"),
    run_id: read("run_id"),
    job_name: read("job_name"),
    retry_number: read("retry_number"),
    extras: read("extras"),
  };
}

/** The payload `get_extra` reports, keeping how a number extra was written (`7.0`, a big integer). */
function extraPayload(extras: JsonObject, key: string): JsonObject {
  const payload: JsonObject = { pipes_conformance_extra: extras[key] as JsonValue };
  const lexeme = getNumberLexeme(extras, key);
  if (lexeme !== undefined) setNumberLexeme(payload, "pipes_conformance_extra", lexeme);
  return payload;
}

/** Computes the image of `actions` under `context`. */
export function expectedImage(actions: readonly DriverAction[], context: JsonObject): ExpectedImage {
  const messages: ExpectedMessage[] = [{ method: "opened", params: { extras: {} } }];
  const materialized = new Set<string>();
  const extras = (context.extras ?? {}) as JsonObject;
  for (let index = 0; index < actions.length; index++) {
    const action = actions[index]!;
    const refuse = (refusal: string): ExpectedImage => ({ messages, ending: { kind: "exception", refusedAction: index, refusal } });
    switch (action.op) {
      case "log":
        messages.push({ method: "log", params: { message: action.message, level: action.level }, actionIndex: index });
        break;
      case "report_asset_materialization": {
        const resolved = resolveAssetKey(context, action.asset_key);
        if ("refusal" in resolved) return refuse(resolved.refusal);
        if (materialized.has(resolved.key)) return refuse(`asset ${resolved.key} was already materialized`);
        materialized.add(resolved.key);
        messages.push({
          method: "report_asset_materialization",
          params: { asset_key: resolved.key, data_version: action.data_version ?? null, metadata: metadataImage(action.metadata) },
          actionIndex: index,
        });
        break;
      }
      case "report_asset_check": {
        const resolved = resolveAssetKey(context, action.asset_key);
        if ("refusal" in resolved) return refuse(resolved.refusal);
        messages.push({
          method: "report_asset_check",
          params: {
            asset_key: resolved.key,
            check_name: action.check_name,
            passed: action.passed,
            metadata: metadataImage(action.metadata),
            severity: action.severity ?? "ERROR",
          },
          actionIndex: index,
        });
        break;
      }
      case "report_custom_message":
        messages.push({ method: "report_custom_message", params: { payload: action.payload }, actionIndex: index });
        break;
      case "get_extra":
        if (!Object.prototype.hasOwnProperty.call(extras, action.key)) return refuse(`extra ${action.key} is not defined`);
        messages.push({ method: "report_custom_message", params: { payload: extraPayload(extras, action.key) }, actionIndex: index });
        break;
      case "report_context":
        messages.push({ method: "report_custom_message", params: { payload: { pipes_conformance_context: reportedContext(context) } }, actionIndex: index });
        break;
      case "raise":
        return { messages, ending: { kind: "exception", messageContains: action.message } };
    }
  }
  return { messages, ending: { kind: "normal" } };
}
