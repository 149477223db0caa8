/**
 * Context shapes: what Dagster sends beyond the default (several assets, unicode and slashes in
 * asset keys, partitions with time windows) and shapes outside Dagster's invariants to tolerate.
 */
import type { CaseDefinition, ContextVariation, Level } from "../model/case.js";
import { sessionSucceeds } from "../verifiers/session-succeeds.js";
import { RULES } from "./rules.js";

function contextCase(id: string, title: string, level: Level, name: ContextVariation): CaseDefinition {
  return {
    id,
    title,
    level,
    mode: "observed",
    refs: level === "MUST" ? [RULES.contextKeys] : [RULES.tolerateShapes],
    needs: [],
    setup: { context: { kind: "variation", name } },
    expect: [sessionSucceeds],
  };
}

/** The context-shape cases. */
export const CONTEXT_CASES: CaseDefinition[] = [
  contextCase("context.several-assets", "A context selecting several assets", "MUST", "several-assets"),
  contextCase("context.escaped-unicode-asset-keys", "Asset keys with escaped slashes and unicode", "MUST", "unicode-asset-keys"),
  contextCase("context.time-window-partition", "A time-window partition (ISO-8601 with offset)", "MUST", "time-window"),
  contextCase("context.partition-key-range", "A partition key range with start != end (not what Dagster sends: tolerated)", "SHOULD", "partition-key-range"),
];
