/**
 * The context Dagster sends (`PipesContextData`, docs/PROTOCOL.md#context-ten-keys): all ten keys
 * always present, asset keys as escaped user strings, partitions in the shapes Dagster fills (a
 * single partition sets key, a start == end range and, for time partitions, an ISO-8601 window with
 * offset; a partition-range run sends all three null), and the invariants Dagster keeps (no assets
 * ⇒ no code versions or provenance).
 */
import { randomUUID } from "node:crypto";
import { toEscapedUserString } from "../dagster/asset-key.js";
import type { JsonObject, JsonValue } from "../json/number-lexemes.js";

/** Data provenance of one asset as Dagster sends it. */
export interface PipesDataProvenance {
  code_version: string;
  input_data_versions: Record<string, string>;
  is_user_provided: boolean;
}

/** A `{start, end}` pair: a partition key range or a time window. */
export interface PipesRange {
  start: string;
  end: string;
}

/** The context data of Pipes 0.1: the ten keys. */
export interface PipesContextData {
  asset_keys: string[] | null;
  code_version_by_asset_key: Record<string, string | null> | null;
  provenance_by_asset_key: Record<string, PipesDataProvenance | null> | null;
  partition_key: string | null;
  partition_key_range: PipesRange | null;
  partition_time_window: PipesRange | null;
  run_id: string;
  job_name: string | null;
  retry_number: number;
  extras: JsonObject;
}

/** The ten keys, in Dagster's order. */
export const CONTEXT_KEYS = [
  "asset_keys",
  "code_version_by_asset_key",
  "provenance_by_asset_key",
  "partition_key",
  "partition_key_range",
  "partition_time_window",
  "run_id",
  "job_name",
  "retry_number",
  "extras",
] as const;

/** How a run is partitioned. */
export type PartitionSpec =
  | { kind: "none" }
  | { kind: "key"; key: string }
  | { kind: "time-window"; key: string; start: string; end: string }
  /** A partition-range run: Dagster sends all three partition fields null. */
  | { kind: "range-run" };

/** What to put in a context; anything omitted takes `run`'s defaults. */
export interface ContextSpec {
  /** Selected assets as key parts; null for an op without assets. Default: one asset `my_asset`. */
  assets?: string[][] | null;
  /** Code version per asset (by the asset's position in `assets`); default null for each. */
  codeVersions?: (string | null)[];
  /** Provenance per asset (by position); default null for each. */
  provenance?: (PipesDataProvenance | null)[];
  partition?: PartitionSpec;
  runId?: string;
  jobName?: string | null;
  retryNumber?: number;
  extras?: JsonObject;
}

/** Default job name of an asset run, as Dagster names it. */
export const DEFAULT_JOB_NAME = "__ASSET_JOB";

/** Builds the context Dagster would send for `spec`, keeping Dagster's invariants. */
export function buildContextData(spec: ContextSpec = {}): PipesContextData {
  const assets = spec.assets === undefined ? [["my_asset"]] : spec.assets;
  const keys = assets === null ? null : assets.map((path) => toEscapedUserString(path));
  const perAsset = <T>(values: (T | null)[] | undefined): Record<string, T | null> | null => {
    if (keys === null) return null;
    const map: Record<string, T | null> = {};
    keys.forEach((key, index) => {
      Object.defineProperty(map, key, { value: values?.[index] ?? null, enumerable: true, writable: true, configurable: true });
    });
    return map;
  };
  const partition = spec.partition ?? { kind: "none" };
  return {
    asset_keys: keys,
    code_version_by_asset_key: perAsset(spec.codeVersions),
    provenance_by_asset_key: perAsset(spec.provenance),
    partition_key: partition.kind === "key" || partition.kind === "time-window" ? partition.key : null,
    partition_key_range:
      partition.kind === "key" || partition.kind === "time-window" ? { start: partition.key, end: partition.key } : null,
    partition_time_window: partition.kind === "time-window" ? { start: partition.start, end: partition.end } : null,
    run_id: spec.runId ?? randomUUID(),
    job_name: spec.jobName === undefined ? DEFAULT_JOB_NAME : spec.jobName,
    retry_number: spec.retryNumber ?? 0,
    extras: spec.extras ?? {},
  };
}

/**
 * An ISO-8601 timestamp as Python's `datetime.isoformat()` writes an aware datetime:
 * `2024-01-01T00:00:00+00:00` (seconds always, microseconds only when non-zero).
 */
export function pythonIsoFormat(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000);
  const pad = (value: number, width = 2): string => String(value).padStart(width, "0");
  const micro = local.getUTCMilliseconds() * 1000;
  const sign = offsetMinutes < 0 ? "-" : "+";
  const absolute = Math.abs(offsetMinutes);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    (micro !== 0 ? `.${pad(micro, 6)}` : "") +
    `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`
  );
}

/** The context as a JSON value (for encoding and for comparisons). */
export function contextAsJson(context: PipesContextData | JsonObject): JsonValue {
  return context as unknown as JsonValue;
}
