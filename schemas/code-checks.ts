/**
 * Runs the checks in code that belong to a message's structure (number lexemes of the log level
 * and of typed metadata, table and lineage structure) in one pass over its params: what JSON
 * Schema cannot say, for the places it concerns. The whole-value number scan is separate
 * (`scanNumbers`), because it visits everything.
 */
import { isDict } from "../harness/dagster/python-types.js";
import type { JsonValue } from "../harness/json/number-lexemes.js";
import { checkLogLevelLexeme, checkMetadataEntryLexemes } from "./lexeme-checks.js";
import type { Problem } from "./problem-codes.js";
import { checkMetadataEntryStructure } from "./structural-checks.js";

/** Appends the code-check problems of one message to `out` (shapes the schemas refuse are skipped). */
export function runMessageCodeChecks(message: JsonValue, out: Problem[]): void {
  if (!isDict(message)) return;
  const params = message.params;
  if (!isDict(params)) return;
  const method = message.method;
  if (method === "log") {
    checkLogLevelLexeme(params, out);
    return;
  }
  if (method !== "report_asset_materialization" && method !== "report_asset_check") return;
  const metadata = params.metadata;
  if (!isDict(metadata)) return;
  for (const label in metadata) {
    const entry = metadata[label];
    if (!isDict(entry)) continue;
    checkMetadataEntryLexemes(entry, label, out);
    checkMetadataEntryStructure(entry, label, out);
  }
}
