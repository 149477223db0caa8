/**
 * The driver protocol (docs/DRIVERS.md): the actions a driver performs, written into the
 * context's extras under the reserved key `pipes_conformance`.
 */
import type { JsonObject, JsonValue } from "../../harness/json/number-lexemes.js";

/** The reserved extras key of the driver protocol. */
export const DRIVER_EXTRAS_KEY = "pipes_conformance";

/** The driver protocol's version. */
export const DRIVER_PROTOCOL_VERSION = 1;

/** One action a driver performs with the library under test. */
export type DriverAction =
  | { op: "log"; message: string; level: string }
  | {
      op: "report_asset_materialization";
      /** Null or absent: let the library resolve it. */
      asset_key?: string | null;
      data_version?: string | null;
      /** Wire form: `{label: {raw_value, type}}`, or null. */
      metadata?: JsonObject | null;
    }
  | {
      op: "report_asset_check";
      asset_key?: string | null;
      check_name: string;
      passed: boolean;
      /** Absent: the library's default (ERROR). */
      severity?: "WARN" | "ERROR";
      metadata?: JsonObject | null;
    }
  | { op: "report_custom_message"; payload: JsonValue }
  | { op: "get_extra"; key: string }
  | { op: "report_context" }
  | { op: "raise"; message: string };

/** The extras value that tells a driver what to do. */
export function driverScript(caseId: string, actions: readonly DriverAction[]): JsonObject {
  return { version: DRIVER_PROTOCOL_VERSION, case: caseId, actions: actions as unknown as JsonValue[] };
}

/** The stderr line a driver prints for an op or version it does not support (then exits 3). */
export const UNSUPPORTED_PATTERN = /pipes_conformance: unsupported ([^\n]*)/;
