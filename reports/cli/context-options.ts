/**
 * The program's own context on the command line (`--asset`, `--extras`, `--check`,
 * `--partition-key`...), declared once: `run` injects it, the suite runs its observed cases under
 * it and varies around it, and the config file accepts the same keys (camelCase). The flags that
 * rebuild it are kept, so that replay commands repeat them.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildContextData, type PipesContextData } from "../../harness/context/context-data.js";
import { fromEscapedUserString } from "../../harness/dagster/asset-key.js";
import type { CheckSpec } from "../../harness/dagster/step-verdict.js";
import type { JsonObject } from "../../harness/json/number-lexemes.js";
import { parsePythonJson } from "../../harness/json/parse-python-json.js";
import { serializePythonJson } from "../../harness/json/serialize-python-json.js";
import { UsageError } from "../exit-codes.js";
import { CONTEXT_OPTIONS } from "./context-option-specs.js";
import { listOption, numberOption, stringOption, type ParsedCommandLine } from "./options.js";

/** The context options and their names (declared in context-option-specs.ts, light to load). */
export { CONTEXT_OPTION_NAMES, CONTEXT_OPTIONS } from "./context-option-specs.js";

/** The program's context as declared: the context, its check specs, and the flags that rebuild it. */
export interface DeclaredContext {
  context: PipesContextData;
  /** Undefined when no `--check` was given (check names are then not verified). */
  checkSpecs?: CheckSpec[];
  /** The flags that declare this context (empty when nothing was declared). */
  args: string[];
}

/** Reads a JSON object option (`--extras`): inline JSON or `@file`. */
export function readJsonObjectOption(name: string, text: string, cwd: string): JsonObject {
  let source = text;
  if (text.startsWith("@")) {
    try {
      source = readFileSync(resolve(cwd, text.slice(1)), "utf8");
    } catch (error) {
      throw new UsageError(`--${name}: cannot read ${text.slice(1)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  const parsed = parsePythonJson(source.trim());
  if (!parsed.ok) throw new UsageError(`--${name}: not valid JSON: ${parsed.error.message}`);
  if (parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value)) {
    throw new UsageError(`--${name}: must be a JSON object`);
  }
  return parsed.value as JsonObject;
}

/** Parses `--check ASSET:NAME` (split at the last colon; ASSET is an escaped user string). */
export function parseCheckSpec(text: string): CheckSpec {
  const colon = text.lastIndexOf(":");
  if (colon <= 0 || colon === text.length - 1) throw new UsageError(`--check: "${text}" is not ASSET:NAME`);
  return { assetKey: fromEscapedUserString(text.slice(0, colon)), name: text.slice(colon + 1) };
}

/** The context options' values as flags, in declaration order (the extras as compact JSON). */
function contextArgs(values: ParsedCommandLine["values"], extras: JsonObject | undefined): string[] {
  const args: string[] = [];
  for (const option of CONTEXT_OPTIONS) {
    const value = values[option.name];
    if (value === undefined || value === false) continue;
    if (option.type === "boolean") args.push(`--${option.name}`);
    else if (option.name === "extras") args.push("--extras", serializePythonJson(extras ?? {}).replaceAll(", ", ",").replaceAll(": ", ":"));
    else for (const item of Array.isArray(value) ? value : [value]) args.push(`--${option.name}`, String(item));
  }
  return args;
}

/**
 * Builds the declared context from the options' values. `defaultRunId` fixes the run id when none
 * is given (the suite's reports stay stable; `run` takes a random one).
 */
export function declaredContext(values: ParsedCommandLine["values"], cwd: string, defaultRunId?: string): DeclaredContext {
  if (values["no-assets"] === true && values.asset !== undefined) throw new UsageError("--no-assets and --asset cannot be given together");
  const assets = values["no-assets"] === true ? null : listOption(values, "asset");
  const extras = values.extras === undefined ? undefined : readJsonObjectOption("extras", stringOption(values, "extras")!, cwd);
  const context = buildContextData({
    assets: assets === null ? null : assets.length === 0 ? [["my_asset"]] : assets.map((key) => fromEscapedUserString(key)),
    runId: stringOption(values, "run-id") ?? defaultRunId,
    jobName: stringOption(values, "job-name"),
    retryNumber: numberOption(values, "retry-number", { min: 0, integer: true }),
    extras: extras ?? {},
  });
  const key = stringOption(values, "partition-key");
  if (key !== undefined) {
    context.partition_key = key;
    context.partition_key_range = { start: key, end: key };
  }
  const range = stringOption(values, "partition-range");
  if (range !== undefined) {
    const at = range.indexOf("..");
    if (at === -1) throw new UsageError(`--partition-range: "${range}" is not START..END`);
    context.partition_key_range = { start: range.slice(0, at), end: range.slice(at + 2) };
  }
  const window = stringOption(values, "time-window");
  if (window !== undefined) {
    const parts = window.split(",");
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/;
    if (parts.length !== 2 || !parts.every((part) => iso.test(part))) {
      throw new UsageError(`--time-window: "${window}" is not START,END in ISO-8601 with offset (e.g. 2024-01-01T00:00:00+00:00)`);
    }
    context.partition_time_window = { start: parts[0]!, end: parts[1]! };
  }
  const checkSpecs = values.check === undefined ? undefined : listOption(values, "check").map(parseCheckSpec);
  return { context, ...(checkSpecs === undefined ? {} : { checkSpecs }), args: contextArgs(values, extras) };
}

/** The config file's keys for the context options (`partitionKey` for `--partition-key`...). */
export const CONTEXT_CONFIG_KEYS: Readonly<Record<string, string>> = Object.fromEntries(
  CONTEXT_OPTIONS.map((option) => [option.name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()), option.name]),
);

/**
 * The context options' values from a config file's keys, as the command line would give them
 * (an extras object arrives as `{json: TEXT}`, its Python-faithful JSON text; one string may stand
 * for a one-item list).
 */
export function contextValuesFromConfig(config: Record<string, unknown>, file: string): ParsedCommandLine["values"] {
  const values: ParsedCommandLine["values"] = {};
  for (const [key, name] of Object.entries(CONTEXT_CONFIG_KEYS)) {
    const value = config[key];
    if (value === undefined) continue;
    const option = CONTEXT_OPTIONS.find((candidate) => candidate.name === name)!;
    if (option.type === "boolean") {
      if (typeof value !== "boolean") throw new UsageError(`config ${file}: "${key}" must be true or false`);
      values[name] = value;
    } else if (name === "extras") {
      const json = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as { json?: unknown }).json : undefined;
      if (typeof json === "string") values[name] = json;
      else if (typeof value === "string" && value.startsWith("@")) values[name] = value;
      else throw new UsageError(`config ${file}: "extras" must be a JSON object or "@FILE"`);
    } else if (option.multiple) {
      const list = typeof value === "string" ? [value] : value;
      if (!Array.isArray(list) || !list.every((item) => typeof item === "string")) throw new UsageError(`config ${file}: "${key}" must be a string or a list of strings`);
      values[name] = list as string[];
    } else if (typeof value === "string" || (typeof value === "number" && name === "retry-number")) {
      values[name] = String(value);
    } else {
      throw new UsageError(`config ${file}: "${key}" must be a string`);
    }
  }
  return values;
}
