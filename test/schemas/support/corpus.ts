/**
 * The schema corpus (test/schemas/corpus/*.json), loaded with the harness's Python-faithful parser
 * so every number keeps its lexeme (`2` and `2.0` differ, NaN is allowed).
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parsePythonJson } from "../../../harness/json/parse-python-json.js";
import type { JsonObject, JsonValue } from "../../../harness/json/number-lexemes.js";

const CORPUS = fileURLToPath(new URL("../corpus/", import.meta.url));

/** One corpus item as written in the files. */
export interface CorpusItem {
  id: string;
  target?: "message" | "contextData" | "contextParams" | "messagesParams";
  channel?: "file" | "stdio";
  /** For metadata items: the method whose metadata holds the entry. */
  method?: "report_asset_materialization" | "report_asset_check";
  covers: string[];
  dagster: string[];
  reference: string[];
  info?: string[];
  rule?: string;
  note?: string;
  value: JsonValue;
}

/** Loads every corpus file with the Python-faithful parser (number lexemes kept). */
export function loadCorpus(): { file: string; item: CorpusItem; subject: JsonValue }[] {
  const loaded: { file: string; item: CorpusItem; subject: JsonValue }[] = [];
  for (const file of readdirSync(CORPUS).filter((name) => name.endsWith(".json")).sort()) {
    const parsed = parsePythonJson(readFileSync(`${CORPUS}${file}`, "utf8"));
    if (!parsed.ok) throw new Error(`${file}: ${parsed.error.message}`);
    const items = (parsed.value as JsonObject).items as JsonValue[];
    for (const raw of items) {
      const item = raw as unknown as CorpusItem;
      // Metadata items hold one entry: wrap it in a message (the entry keeps its lexemes).
      const subject = file === "metadata.json" ? wrapEntry(item) : item.value;
      loaded.push({ file, item, subject });
    }
  }
  return loaded;
}

function wrapEntry(item: CorpusItem): JsonValue {
  const method = item.method ?? "report_asset_materialization";
  const metadata: JsonObject = { m: item.value };
  const params: JsonObject =
    method === "report_asset_materialization"
      ? { asset_key: "my_asset", data_version: null, metadata }
      : { asset_key: "my_asset", check_name: "c", passed: true, metadata, severity: "ERROR" };
  return { __dagster_pipes_version: "0.1", method, params };
}

