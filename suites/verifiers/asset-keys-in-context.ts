/**
 * Reported asset keys belong to the context: Dagster rejects a key the step did not select (the
 * step fails when results are yielded), and the reference refuses it
 * (docs/PROTOCOL.md#step-selected-keys, docs/PROTOCOL.md#lifecycle-asset-key-resolution).
 */
import { fromEscapedUserString, sameAssetKey, toUserString } from "../../harness/dagster/asset-key.js";
import type { Verifier } from "../model/case.js";
import { parsedMessages, quote } from "./transcript.js";

/** Every materialization and check names a selected asset (when the context selects assets). */
export const assetKeysInContext: Verifier = {
  name: "asset-keys-in-context",
  check: ({ record, context }) => {
    const keys = context.asset_keys;
    if (!Array.isArray(keys) || keys.length === 0) return { status: "not-applicable", reason: "the context selects no assets" };
    const selected = keys.filter((key): key is string => typeof key === "string").map(fromEscapedUserString);
    for (const message of parsedMessages(record)) {
      if (message.method !== "report_asset_materialization" && message.method !== "report_asset_check") continue;
      const params = message.value.params;
      if (params === null || typeof params !== "object" || Array.isArray(params) || typeof params.asset_key !== "string") continue;
      const key = fromEscapedUserString(params.asset_key);
      if (!selected.some((candidate) => sameAssetKey(candidate, key))) {
        return {
          status: "fail",
          code: "E_ASSET_KEY_NOT_IN_CONTEXT",
          expected: `one of ${selected.map(toUserString).join(", ")}`,
          actual: `${params.asset_key} (Dagster reads it as ${toUserString(key)})`,
          lines: [quote(message.line)],
        };
      }
    }
    return { status: "pass" };
  },
};
