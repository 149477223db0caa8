/**
 * The suite's config file (`--config FILE`, default `./pipes-conformance.config.json` when it
 * exists): capabilities and run settings as JSON, overridden by flags. A malformed file is a usage
 * error naming the file and the key.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parsePythonJson } from "../../harness/json/parse-python-json.js";
import { UsageError } from "../exit-codes.js";

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
}

const KEYS: Record<keyof ConfigFile, "boolean" | "number" | "strings"> = {
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
};

/** The default config file name, looked for in the working directory. */
export const DEFAULT_CONFIG_FILE = "pipes-conformance.config.json";

/**
 * `FILE:LINE:COLUMN: not valid JSON: what was expected`, from the position a JSON parser that
 * reports one (Python's, as Dagster's side reads JSON) gives; undefined when it finds no error.
 */
function syntaxErrorPlace(file: string, text: string): string | undefined {
  const parsed = parsePythonJson(text);
  if (parsed.ok) return undefined;
  const before = text.slice(0, parsed.error.position);
  const line = before.split("\n").length;
  const column = parsed.error.position - before.lastIndexOf("\n");
  const what = parsed.error.message.replace(/: line \d+ column \d+ \(char \d+\)$/, "");
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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`config ${syntaxErrorPlace(file, text) ?? `${file}: not valid JSON (${(error as Error).message.split("\n")[0]})`}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new UsageError(`config ${file}: must be a JSON object`);
  const config: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const kind = KEYS[key as keyof ConfigFile];
    if (kind === undefined) throw new UsageError(`config ${file}: unknown key "${key}" (known: ${Object.keys(KEYS).join(", ")})`);
    const ok = kind === "boolean" ? typeof item === "boolean" : kind === "number" ? typeof item === "number" && Number.isFinite(item) && item > 0 : Array.isArray(item) && item.every((entry) => typeof entry === "string");
    if (!ok) throw new UsageError(`config ${file}: "${key}" must be ${kind === "strings" ? "a list of strings" : kind === "number" ? "a positive number" : "true or false"}`);
    config[key] = item;
  }
  return config as ConfigFile;
}
