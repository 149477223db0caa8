/**
 * An asset is materialized at most once per session: the reference refuses a second report, and
 * Dagster fails the step ("returned an output multiple times")
 * (docs/PROTOCOL.md#step-duplicate-materialization, docs/PROTOCOL.md#lifecycle-materialize-once).
 */
import { fromEscapedUserString, toUserString } from "../../harness/dagster/asset-key.js";
import { outcomeOf, type Verifier } from "../model/case.js";
import { parsedMessages, quote } from "./transcript.js";

/** No asset key is materialized twice. */
export const materializedOnce: Verifier = {
  name: "materialized-once",
  codes: ["E_DUPLICATE_MATERIALIZATION"],
  check: ({ record }) => {
    const seen = new Map<string, ReturnType<typeof quote>>();
    for (const message of parsedMessages(record)) {
      if (message.method !== "report_asset_materialization") continue;
      const params = message.value.params;
      if (params === null || typeof params !== "object" || Array.isArray(params) || typeof params.asset_key !== "string") continue;
      const id = toUserString(fromEscapedUserString(params.asset_key));
      const first = seen.get(id);
      if (first !== undefined) {
        return outcomeOf([{ code: "E_DUPLICATE_MATERIALIZATION", expected: `${id} materialized once`, actual: "materialized twice", lines: [first, quote(message.line)] }]);
      }
      seen.set(id, quote(message.line));
    }
    return { status: "pass" };
  },
};
