/**
 * Planning a run: every case (and a variant per generated input), selected by ID globs, split
 * into shards deterministically by ID, and marked skipped when the target lacks a capability.
 */
import type { JsonObject } from "../harness/json/number-lexemes.js";
import { missingCapability, skipReason, type Capabilities } from "./capabilities.js";
import type { DriverAction } from "./driven/actions.js";
import { caseArea, type CaseDefinition } from "./model/case.js";
import type { PlannedCase } from "./model/report.js";

/** A case ready to run: its definition, variant and generated input. */
export interface PlannedRun {
  planned: PlannedCase;
  definition: CaseDefinition;
  /** Index of the generated input (its fast-check path before shrinking). */
  generatedIndex?: number;
  generatedContext?: JsonObject;
  generatedActions?: DriverAction[];
}

/** Generated inputs shared by every variant case. */
export interface GeneratedInputs {
  /** Contexts of observed cases (around the program's own context) and of driven cases. */
  contexts: { observed: JsonObject[]; driven: JsonObject[] };
  actionScripts: DriverAction[][];
  /** Variant indices: `0..runs-1`, or the one replayed path's run index. */
  indices: number[];
  /** The replayed fast-check path, when replaying. */
  path?: string;
}

/** Converts a glob (`*` any run of characters, `?` one) into a matcher of case IDs. */
export function globMatcher(pattern: string): (id: string) => boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*").replaceAll("?", ".");
  const regex = new RegExp(`^${source}$`);
  // A bare case ID (no variant) also names all its variants.
  return (id) => regex.test(id) || regex.test(id.split("#")[0]!);
}

/** FNV-1a of a string: a shard assignment that does not move when other cases are added. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Which shard (1-based) a case ID belongs to. */
export function shardOf(id: string, count: number): number {
  return (stableHash(id) % count) + 1;
}

/** Options of planning. */
export interface PlanOptions {
  capabilities: Capabilities;
  cases?: readonly string[];
  exclude?: readonly string[];
  shard?: { index: number; count: number };
  generated: GeneratedInputs;
}

/**
 * The definitions a case runs as: itself, and for a case that also runs under generated contexts a
 * twin whose context is generated (its variants get `#ctx=N` suffixes).
 */
function runDefinitions(definition: CaseDefinition): CaseDefinition[] {
  if (definition.alsoGeneratedContexts !== true) return [definition];
  return [definition, { ...definition, setup: { ...definition.setup, context: { kind: "generated" } } }];
}

/** Expands, selects, shards and marks skips. Excluded and other-shard cases are absent. */
export function planRun(definitions: readonly CaseDefinition[], options: PlanOptions): PlannedRun[] {
  const include = (options.cases ?? []).map(globMatcher);
  const exclude = (options.exclude ?? []).map(globMatcher);
  const runs: PlannedRun[] = [];
  for (const definition of definitions.flatMap(runDefinitions)) {
    const generatedContext = definition.setup.context?.kind === "generated";
    const generatedActions = definition.setup.generatedActions === true;
    const variants: (number | undefined)[] = generatedContext || generatedActions ? options.generated.indices : [undefined];
    for (const index of variants) {
      const variant = index === undefined ? undefined : `${generatedContext ? "ctx" : "actions"}=${index}`;
      const id = variant === undefined ? definition.id : `${definition.id}#${variant}`;
      if (include.length > 0 && !include.some((match) => match(id))) continue;
      if (exclude.some((match) => match(id))) continue;
      if (options.shard && shardOf(id, options.shard.count) !== options.shard.index) continue;
      const missing = missingCapability(options.capabilities, definition.needs);
      const planned: PlannedCase = {
        id,
        caseId: definition.id,
        title: definition.title,
        area: caseArea(definition.id),
        level: definition.level,
        mode: definition.mode,
        needs: definition.needs,
        ...(variant === undefined ? {} : { variant }),
        ...(missing === undefined ? {} : { skip: skipReason(missing) }),
      };
      const run: PlannedRun = { planned, definition };
      if (index !== undefined) {
        run.generatedIndex = index;
        const position = options.generated.indices.indexOf(index);
        if (generatedContext) run.generatedContext = options.generated.contexts[definition.mode][position];
        if (generatedActions) run.generatedActions = options.generated.actionScripts[position];
      }
      runs.push(run);
    }
  }
  return runs;
}
