/**
 * Context shapes, built around the program's own context: what Dagster sends beyond it (assets
 * beside its own, unicode and slashes in asset keys, a time-window partition) and a shape outside
 * Dagster's invariants to tolerate. A shape that changes the program's contract says so in its
 * title; there a program that stops with its own error, reported on `closed` with a non-zero exit,
 * is not blamed on the library.
 */
import { CONTRACT_NOTE } from "../context-variations.js";
import type { CaseDefinition, ContextVariation, Level } from "../model/case.js";
import { sessionSucceeds } from "../verifiers/session-succeeds.js";
import { RULES } from "./rules.js";

function contextCase(id: string, title: string, level: Level, name: ContextVariation): CaseDefinition {
  const note = CONTRACT_NOTE[name];
  return {
    id,
    title: note === undefined ? title : `${title} (${note})`,
    level,
    mode: "observed",
    refs: name === "partition-key-range" ? [RULES.tolerateShapes] : [RULES.contextKeys],
    needs: [],
    setup: { context: { kind: "variation", name } },
    expect: [sessionSucceeds],
  };
}

/** The context-shape cases. */
export const CONTEXT_CASES: CaseDefinition[] = [
  contextCase("context.several-assets", "A context selecting several assets", "MUST", "several-assets"),
  contextCase("context.escaped-unicode-asset-keys", "Asset keys with escaped slashes, unicode and a space", "MUST", "unicode-asset-keys"),
  contextCase("context.time-window-partition", "A time-window partition (ISO-8601 with offset)", "MUST", "time-window"),
  contextCase("context.partition-key-range", "A partition key range with start != end (not what Dagster sends: tolerated)", "MUST", "partition-key-range"),
];
