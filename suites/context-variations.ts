/**
 * The suite's contexts: the default one, the program's own base context (`--asset`, `--extras`,
 * `--partition-key`... or the config file), and the named variations of the shape cases, built
 * AROUND the base: the program's extras stay, its assets stay selected where the variation allows
 * it, and a variation that changes the program's contract (several assets, none, a partition where
 * the base has none) says so, so that a program stopping there with its own error is not blamed on
 * the library.
 */
import { buildContextData, pythonIsoFormat } from "../harness/context/context-data.js";
import { toEscapedUserString } from "../harness/dagster/asset-key.js";
import { getNumberLexeme, setNumberLexeme, type JsonObject, type JsonValue } from "../harness/json/number-lexemes.js";
import type { ContextVariation } from "./model/case.js";

/** Fixed run id of the suite's default context (stable reports). */
export const DEFAULT_RUN_ID = "0b6e9a6c-8d1e-4f0a-9a43-5d1f3c9a0001";

/** The default context: one asset `my_asset`, unpartitioned, as Dagster sends it. */
export function defaultContext(): JsonObject {
  return buildContextData({ runId: DEFAULT_RUN_ID, extras: {} }) as unknown as JsonObject;
}

/**
 * The keys of `objects` merged into one object, later ones winning, with the number lexemes of
 * their values (a whole float `7.0` stays a float): a spread would drop them.
 */
export function mergeObjects(...objects: readonly JsonObject[]): JsonObject {
  const merged: JsonObject = {};
  for (const object of objects) {
    for (const key of Object.keys(object)) {
      Object.defineProperty(merged, key, { value: object[key], enumerable: true, writable: true, configurable: true });
      const lexeme = getNumberLexeme(object, key);
      if (lexeme !== undefined) setNumberLexeme(merged, key, lexeme);
    }
  }
  return merged;
}

/** Whether a context is partitioned (a partition key is set). */
export function isPartitioned(context: JsonObject): boolean {
  return typeof context.partition_key === "string";
}

/** The asset keys a context selects (escaped user strings), or null for none. */
export function assetKeysOf(context: JsonObject): string[] | null {
  const keys = context.asset_keys;
  return Array.isArray(keys) ? keys.filter((key): key is string => typeof key === "string") : null;
}

/** A per-asset map (code versions, provenance) of the base, extended with null for added keys. */
function extendPerAsset(map: JsonValue | undefined, keys: readonly string[]): JsonObject {
  const source = map !== null && typeof map === "object" && !Array.isArray(map) ? map : {};
  const extended: JsonObject = {};
  for (const key of keys) {
    Object.defineProperty(extended, key, { value: Object.prototype.hasOwnProperty.call(source, key) ? source[key] : null, enumerable: true, writable: true, configurable: true });
  }
  return extended;
}

/** The base context with `added` asset keys selected beside its own. */
function withAddedAssets(base: JsonObject, added: readonly string[]): JsonObject {
  const keys = [...(assetKeysOf(base) ?? [])];
  for (const key of added) if (!keys.includes(key)) keys.push(key);
  return { ...base, asset_keys: keys, code_version_by_asset_key: extendPerAsset(base.code_version_by_asset_key, keys), provenance_by_asset_key: extendPerAsset(base.provenance_by_asset_key, keys) };
}

/** The base context as a single-partition run of a daily partition, with a time window at -05:00. */
function withTimeWindow(base: JsonObject): JsonObject {
  const key = typeof base.partition_key === "string" ? base.partition_key : "2024-01-01";
  const window = base.partition_time_window;
  if (window !== null && typeof window === "object") return base;
  const start = Date.UTC(2024, 0, 1, 5);
  return { ...base, partition_key: key, partition_key_range: { start: key, end: key }, partition_time_window: { start: pythonIsoFormat(start, -300), end: pythonIsoFormat(start + 86_400_000, -300) } };
}

/**
 * What each variation stands for, said to a library that fails under it: no flag declares a context
 * shape away, so the finding says why the library must accept it instead.
 */
export const CONTEXT_VARIATION_MEANING: Record<ContextVariation, string> = {
  "unknown-keys": "a library must ignore context keys it does not know: a later Dagster may add some",
  "null-asset-keys": "Dagster sends asset_keys null (and null per-asset maps) for an op step without assets",
  "missing-key": "a context from another orchestrator may lack a key",
  "several-assets": "Dagster selects several assets in one step (a multi-asset)",
  "unicode-asset-keys": "asset keys may hold an escaped / and any Unicode text",
  "time-window": "Dagster sends a time window with the partition of a time-partitioned asset",
  "partition-key-range": "another orchestrator may send a partition range whose start and end differ",
};

/** The named variation of `base`. */
export function contextVariation(name: ContextVariation, base: JsonObject = defaultContext()): JsonObject {
  switch (name) {
    case "unknown-keys":
      return { ...base, future_field: { nested: [1, 2] }, another_unknown: null };
    case "null-asset-keys":
      return { ...base, asset_keys: null, code_version_by_asset_key: null, provenance_by_asset_key: null, job_name: "op_job" };
    case "missing-key": {
      const context = { ...base };
      delete context.retry_number;
      return context;
    }
    case "several-assets":
      return withAddedAssets(base, ["alpha", toEscapedUserString(["beta", "gamma"])]);
    case "unicode-asset-keys":
      return withAddedAssets(base, [toEscapedUserString(["dir/with/slashes", "tablé"]), toEscapedUserString(["日本", "データ"]), toEscapedUserString(["with space"])]);
    case "time-window":
      return withTimeWindow(base);
    case "partition-key-range": {
      const key = typeof base.partition_key === "string" ? base.partition_key : "2024-01-01";
      return { ...base, partition_key: key, partition_key_range: { start: key, end: key === "2024-01-01" ? "2024-01-07" : `${key}.last` }, partition_time_window: null };
    }
  }
}

/**
 * Whether a variation changes the program's contract: it selects assets the program does not
 * report (or none), or partitions a run the program knows as unpartitioned.
 */
export function variationChangesContract(name: ContextVariation, base: JsonObject): boolean {
  switch (name) {
    case "unknown-keys":
    case "missing-key":
      return false;
    case "null-asset-keys":
      return assetKeysOf(base) !== null;
    case "several-assets":
    case "unicode-asset-keys":
      return true;
    case "time-window":
      return base.partition_time_window === null || base.partition_time_window === undefined;
    case "partition-key-range":
      return true;
  }
}

/** Why a variation changes the contract, for case titles. */
export const CONTRACT_NOTE: Partial<Record<ContextVariation, string>> = {
  "several-assets": "changes the program's contract: assets beside its own",
  "unicode-asset-keys": "changes the program's contract: assets beside its own",
  "null-asset-keys": "changes the program's contract: no assets",
  "time-window": "changes the program's contract: partitioned",
  "partition-key-range": "changes the program's contract: a range",
};
