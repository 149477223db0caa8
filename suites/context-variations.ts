/**
 * The default context of the suite and its named variations (tolerance cases): what Dagster sends
 * for an ordinary asset run, and shapes around it.
 */
import { buildContextData, pythonIsoFormat } from "../harness/context/context-data.js";
import type { JsonObject } from "../harness/json/number-lexemes.js";
import type { ContextVariation } from "./model/case.js";

/** Fixed run id of the suite's default context (stable reports). */
export const DEFAULT_RUN_ID = "0b6e9a6c-8d1e-4f0a-9a43-5d1f3c9a0001";

/** The default context: one asset `my_asset`, unpartitioned, as Dagster sends it. */
export function defaultContext(): JsonObject {
  return buildContextData({ runId: DEFAULT_RUN_ID, extras: {} }) as unknown as JsonObject;
}

/** The default context changed by a named variation. */
export function contextVariation(name: ContextVariation): JsonObject {
  switch (name) {
    case "unknown-keys":
      return { ...defaultContext(), future_field: { nested: [1, 2] }, another_unknown: null };
    case "null-asset-keys":
      return buildContextData({ assets: null, runId: DEFAULT_RUN_ID, jobName: "op_job" }) as unknown as JsonObject;
    case "missing-key": {
      const context = defaultContext();
      delete context.retry_number;
      return context;
    }
    case "several-assets":
      return buildContextData({ assets: [["alpha"], ["beta", "gamma"]], codeVersions: ["v1", null], runId: DEFAULT_RUN_ID }) as unknown as JsonObject;
    case "unicode-asset-keys":
      return buildContextData({ assets: [["dir/with/slashes", "tablé"], ["日本", "データ"]], runId: DEFAULT_RUN_ID }) as unknown as JsonObject;
    case "time-window": {
      const start = Date.UTC(2024, 0, 1, 5);
      return buildContextData({
        runId: DEFAULT_RUN_ID,
        partition: { kind: "time-window", key: "2024-01-01", start: pythonIsoFormat(start, -300), end: pythonIsoFormat(start + 86_400_000, -300) },
      }) as unknown as JsonObject;
    }
    case "partition-key-range":
      return { ...defaultContext(), partition_key: "2024-01-01", partition_key_range: { start: "2024-01-01", end: "2024-01-07" } };
  }
}
