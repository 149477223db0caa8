/**
 * `pipes-conformance run [options] -- <argv...>`: one run of a program as Dagster would see it,
 * shown live (DESIGN.md "`run`").
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CHANNELS, CONTEXT_FORMS, TRANSPORTS, type Channel, type ContextForm, type Transport } from "../../../harness/bootstrap/bootstrap-params.js";
import { buildContextData, type PipesContextData } from "../../../harness/context/context-data.js";
import { fromEscapedUserString } from "../../../harness/dagster/asset-key.js";
import type { CheckSpec } from "../../../harness/dagster/step-verdict.js";
import type { JsonObject } from "../../../harness/json/number-lexemes.js";
import { parsePythonJson } from "../../../harness/json/parse-python-json.js";
import { runSession, SESSION_DEFAULTS } from "../../../harness/session.js";
import { sessionRecordToJson } from "../../session-record-json.js";
import { printSessionEvent, printSessionVerdict } from "../../session-printer.js";
import { EXIT, UsageError, type ExitCode } from "../../exit-codes.js";
import { stdoutStyle, type CliIo } from "../io.js";
import { directoryOption, listOption, numberOption, stringOption, type CommandSpec, type ParsedCommandLine } from "../options.js";

/** The `run` command's declaration. */
export const RUN_COMMAND: CommandSpec = {
  name: "run",
  usage: "pipes-conformance run [options] -- <program> [args...]",
  summary: "Run a program once under a mock Dagster and show, live, what Dagster would show: logs, materializations and checks with resolved metadata, custom messages, the program's own output, every warning and every message Dagster would lose; then whether the step would succeed.",
  details:
    "Exit 0 when Dagster would mark the step successful, saw opened and closed, and lost nothing; 1 otherwise (a timeout, a signal and a missing opened included); 2 for usage errors and a command that does not exist.",
  argv: "required",
  options: [
    { name: "asset", type: "string", multiple: true, placeholder: "KEY", description: "Selected asset key, as an escaped user string (`a/b` is two parts, `a\\/b` one).", defaultText: "my_asset" },
    { name: "no-assets", type: "boolean", description: "Run as an op without assets (asset_keys null)." },
    { name: "check", type: "string", multiple: true, placeholder: "ASSET:NAME", description: "Declare a check spec; reported checks are then verified against the declared ones." },
    { name: "partition-key", type: "string", placeholder: "KEY", description: "Partition key (a single-partition run: the key range is KEY..KEY)." },
    { name: "partition-range", type: "string", placeholder: "START..END", description: "Partition key range (overrides the range a partition key implies)." },
    { name: "time-window", type: "string", placeholder: "START,END", description: "Partition time window, ISO-8601 with offset, e.g. 2024-01-01T00:00:00+00:00,2024-01-02T00:00:00+00:00." },
    { name: "extras", type: "string", placeholder: "JSON|@FILE", description: "Extras: a JSON object, or @path to a file holding one." },
    { name: "run-id", type: "string", placeholder: "ID", description: "Run id.", defaultText: "a random UUID" },
    { name: "job-name", type: "string", placeholder: "NAME", description: "Job name.", defaultText: "__ASSET_JOB" },
    { name: "retry-number", type: "string", placeholder: "N", description: "Retry number.", defaultText: "0" },
    { name: "transport", type: "string", placeholder: "T", choices: TRANSPORTS, description: "How the bootstrap params reach the program: environment variables or CLI arguments.", defaultText: "env" },
    { name: "context-form", type: "string", placeholder: "F", choices: CONTEXT_FORMS, description: "Context in a temp file (path) or inline (data).", defaultText: "path" },
    { name: "channel", type: "string", placeholder: "C", choices: CHANNELS, description: "Message channel.", defaultText: "file" },
    { name: "include-stdio", type: "boolean", description: "Set include_stdio_in_messages (file channel only): the program forwards its stdout/stderr as log_external_stream messages." },
    { name: "timeout", type: "string", placeholder: "SECONDS", description: "End the program's whole process group after this long.", defaultText: "60" },
    { name: "kill-grace", type: "string", placeholder: "SECONDS", description: "Between SIGTERM and SIGKILL on timeout.", defaultText: "2" },
    { name: "cwd", type: "string", placeholder: "DIR", description: "Working directory of the program.", defaultText: "the current directory" },
    { name: "env", type: "string", multiple: true, placeholder: "NAME=VALUE", description: "Add a variable to the program's environment (the bootstrap variables still win)." },
    { name: "max-line-bytes", type: "string", placeholder: "N", description: "Longest message line judged; longer lines are reported as oversize.", defaultText: String(SESSION_DEFAULTS.maxLineBytes) },
    { name: "json", type: "boolean", description: "Print the session record as JSON on stdout instead of the live view (every count, and the first lines and results: up to 10,000, or 64 KiB of message text)." },
  ],
};

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

/** Builds the context `run` injects from its options. */
export function contextFromOptions(values: ParsedCommandLine["values"], cwd: string): PipesContextData {
  const assets = values["no-assets"] === true ? null : listOption(values, "asset");
  const context = buildContextData({
    assets: assets === null ? null : assets.length === 0 ? [["my_asset"]] : assets.map((key) => fromEscapedUserString(key)),
    runId: stringOption(values, "run-id"),
    jobName: stringOption(values, "job-name"),
    retryNumber: numberOption(values, "retry-number", { min: 0, integer: true }),
    extras: values.extras === undefined ? {} : readJsonObjectOption("extras", stringOption(values, "extras")!, cwd),
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
  return context;
}

function parseEnvOptions(values: ParsedCommandLine["values"]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of listOption(values, "env")) {
    const at = item.indexOf("=");
    if (at <= 0) throw new UsageError(`--env: "${item}" is not NAME=VALUE`);
    env[item.slice(0, at)] = item.slice(at + 1);
  }
  return env;
}

/** Runs the `run` command. */
export async function runCommand(parsed: ParsedCommandLine, io: CliIo): Promise<ExitCode> {
  const { values } = parsed;
  const context = contextFromOptions(values, io.cwd);
  const checkSpecs = values.check === undefined ? undefined : listOption(values, "check").map(parseCheckSpec);
  const channel = (stringOption(values, "channel") ?? "file") as Channel;
  if (values["include-stdio"] === true && channel !== "file") throw new UsageError("--include-stdio works with the file channel only");
  const timeoutSeconds = numberOption(values, "timeout", { min: 0.001 }) ?? SESSION_DEFAULTS.timeoutMs / 1000;
  const graceSeconds = numberOption(values, "kill-grace", { min: 0 }) ?? SESSION_DEFAULTS.killGraceMs / 1000;
  const cwd = directoryOption(values, "cwd", io.cwd) ?? io.cwd;
  const json = values.json === true;
  const style = stdoutStyle(io, values["no-color"] === true);
  const write = io.stdout;
  if (!json) {
    write(style.dim(`▶ ${parsed.argv.join(" ")}  (${stringOption(values, "transport") ?? "env"} transport, ${stringOption(values, "context-form") ?? "path"} context, ${channel} channel)\n`));
  }
  const record = await runSession({
    argv: parsed.argv,
    context: context as unknown as JsonObject,
    transport: (stringOption(values, "transport") ?? "env") as Transport,
    contextForm: (stringOption(values, "context-form") ?? "path") as ContextForm,
    channel,
    includeStdio: values["include-stdio"] === true,
    checkSpecs,
    cwd,
    env: parseEnvOptions(values),
    timeoutMs: timeoutSeconds * 1000,
    killGraceMs: graceSeconds * 1000,
    maxLineBytes: numberOption(values, "max-line-bytes", { min: 1024, integer: true }),
    onEvent: json ? undefined : (event) => printSessionEvent(event, { write, style, checkSpecs }),
    signal: io.signal,
  });
  if (record.process.spawnError?.code === "ENOENT" || record.process.spawnError?.code === "EACCES") {
    throw new UsageError(record.process.spawnError.message);
  }
  if (json) {
    write(`${JSON.stringify(sessionRecordToJson(record), null, 2)}\n`);
    return record.dagster.ok ? EXIT.OK : EXIT.FAILURES;
  }
  return printSessionVerdict(record, { write, style }) ? EXIT.OK : EXIT.FAILURES;
}
