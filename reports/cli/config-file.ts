/**
 * The suite's config file (`--config FILE`, default `./pipes-conformance.config.json` when it
 * exists): capabilities and run settings as JSON, overridden by flags. A malformed file is a usage
 * error naming the file and the key.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parsePythonJson, type JsonParseError } from "../../harness/json/parse-python-json.js";
import { serializePythonJson } from "../../harness/json/serialize-python-json.js";
import type { JsonValue } from "../../harness/json/number-lexemes.js";
import { UsageError } from "../exit-codes.js";
import { CONTEXT_CONFIG_KEYS, contextValuesFromConfig } from "./context-options.js";
import type { ParsedCommandLine } from "./options.js";

/** The keys a config file may hold. */
export interface ConfigFile {
  driven?: boolean;
  all?: boolean;
  transports?: string[];
  contextForms?: string[];
  channels?: string[];
  without?: string[];
  timeout?: number;
  concurrency?: number;
  runs?: number;
  strict?: boolean;
  exclude?: string[];
  generate?: string[];
  maxTimeouts?: number;
  /** The program's own context, as the context flags would give it (`asset`, `extras`, `partitionKey`...). */
  context?: ParsedCommandLine["values"];
}

const KEYS: Record<Exclude<keyof ConfigFile, "context">, "boolean" | "number" | "count" | "strings"> = {
  driven: "boolean",
  all: "boolean",
  transports: "strings",
  contextForms: "strings",
  channels: "strings",
  without: "strings",
  timeout: "number",
  concurrency: "number",
  runs: "number",
  strict: "boolean",
  exclude: "strings",
  generate: "strings",
  maxTimeouts: "count",
};

/** The default config file name, looked for in the working directory. */
export const DEFAULT_CONFIG_FILE = "pipes-conformance.config.json";

/**
 * `FILE:LINE:COLUMN: not valid JSON: what was expected`, from the position a JSON parser that
 * reports one (Python's, as Dagster's side reads JSON) gives; undefined when it finds no error.
 */
function syntaxErrorPlace(file: string, text: string, error: JsonParseError): string {
  const before = text.slice(0, error.position);
  const line = before.split("\n").length;
  const column = error.position - before.lastIndexOf("\n");
  const what = error.message.replace(/: line \d+ column \d+ \(char \d+\)$/, "");
  return `${file}:${line}:${column}: not valid JSON: ${what}`;
}

/** Reads and checks a config file; `explicit` false means "the default, if it exists". */
export function readConfigFile(path: string | undefined, cwd: string): ConfigFile {
  const file = resolve(cwd, path ?? DEFAULT_CONFIG_FILE);
  if (path === undefined && !existsSync(file)) return {};
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`config ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  // Python's parser: it says where a syntax error is (line and column), and keeps how numbers were
  // written, so that extras such as 7.0 reach the program as floats.
  const parsed = parsePythonJson(text);
  if (!parsed.ok) throw new UsageError(`config ${syntaxErrorPlace(file, text, parsed.error)}`);
  const value = parsed.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new UsageError(`config ${file}: must be a JSON object`);
  const config: Record<string, unknown> = {};
  const context: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (Object.prototype.hasOwnProperty.call(CONTEXT_CONFIG_KEYS, key)) {
      // Extras keep their number lexemes through the JSON text the option parser reads.
      context[key] = key === "extras" && item !== null && typeof item === "object" && !Array.isArray(item) ? { json: serializePythonJson(item as JsonValue) } : item;
      continue;
    }
    const kind = KEYS[key as keyof typeof KEYS];
    if (kind === undefined) throw new UsageError(`config ${file}: unknown key "${key}" (known: ${[...Object.keys(KEYS), ...Object.keys(CONTEXT_CONFIG_KEYS)].join(", ")})`);
    const ok =
      kind === "boolean"
        ? typeof item === "boolean"
        : kind === "number"
          ? typeof item === "number" && Number.isFinite(item) && item > 0
          : kind === "count"
            ? typeof item === "number" && Number.isInteger(item) && item >= 0
            : Array.isArray(item) && item.every((entry) => typeof entry === "string");
    if (!ok) throw new UsageError(`config ${file}: "${key}" must be ${kind === "strings" ? "a list of strings" : kind === "number" ? "a positive number" : kind === "count" ? "an integer >= 0" : "true or false"}`);
    config[key] = item;
  }
  if (Object.keys(context).length > 0) config.context = contextValuesFromConfig(context, file);
  return config as ConfigFile;
}
